import { crc32 } from 'node:zlib';
import { randomString, toBase62 } from '../shared/random';

/**
 * Secret format (SPEC 2): `sk_test_` / `sk_live_` (temporary keys `tk_…`), 30 random base62
 * characters, then a 6-character base62 CRC32 of everything before it. The checksum lets verify
 * reject a mistyped key without a database read, and lets secret scanners match one expression.
 */
export const RANDOM_LENGTH = 30;
export const CHECKSUM_LENGTH = 6;
export const KEY_PATTERN = new RegExp(`^(sk|tk)_(test|live)_([0-9A-Za-z]{${RANDOM_LENGTH}})([0-9A-Za-z]{${CHECKSUM_LENGTH}})$`);
export const KEY_REGEX_SOURCE = `(sk|tk)_(test|live)_[0-9A-Za-z]{${RANDOM_LENGTH + CHECKSUM_LENGTH}}`;
export const KEY_PREFIX_LENGTH = 12;
/** Every secret's length: the prefix (`sk_test_`, `tk_live_`, …: 8 characters), the random part and the checksum. */
export const SECRET_LENGTH = 'sk_test_'.length + RANDOM_LENGTH + CHECKSUM_LENGTH;

export type KeyEnvironment = 'TEST' | 'LIVE';
export type KeyKind = 'PERMANENT' | 'TEMPORARY';

export interface ParsedKey {
  readonly kind: KeyKind;
  readonly environment: KeyEnvironment;
}

export function checksum(body: string): string {
  return toBase62(crc32(body) >>> 0, CHECKSUM_LENGTH);
}

export function generateSecret(kind: KeyKind, environment: KeyEnvironment): string {
  const body = `${kind === 'TEMPORARY' ? 'tk' : 'sk'}_${environment === 'LIVE' ? 'live' : 'test'}_${randomString(RANDOM_LENGTH)}`;
  return body + checksum(body);
}

/** Returns the kind and environment of a well-formed secret, or null when its shape or checksum is wrong. */
export function parseSecret(secret: unknown): ParsedKey | null {
  if (typeof secret !== 'string' || secret.length !== SECRET_LENGTH) return null;
  const match = KEY_PATTERN.exec(secret);
  if (!match) return null;
  if (checksum(secret.slice(0, secret.length - CHECKSUM_LENGTH)) !== match[4]) return null;
  return { kind: match[1] === 'tk' ? 'TEMPORARY' : 'PERMANENT', environment: match[2] === 'live' ? 'LIVE' : 'TEST' };
}

export function keyPrefixOf(secret: string): string {
  return secret.slice(0, KEY_PREFIX_LENGTH);
}
