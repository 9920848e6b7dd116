import { randomBytes } from 'node:crypto';

export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Uniformly random characters from `alphabet` (rejection sampling, no modulo bias). */
export function randomString(length: number, alphabet: string = BASE62): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit) out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** Encodes a non-negative integer in base62, left-padded with '0' to `width`. */
export function toBase62(value: number, width: number): string {
  let out = '';
  let rest = value;
  while (rest > 0) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, '0');
}

/**
 * Public ids: `<prefix>_` + 9 base36 characters of the millisecond clock (bumped to stay strictly
 * increasing in this process) + 16 random ones.
 * Lower case only, so ordering is the same under MySQL's case-insensitive collations and SQLite,
 * and time-ordered, so cursors and "newest first" need no extra column.
 */
let lastIdTime = 0;

export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  // Strictly increasing within a process, so ids made in the same millisecond keep their order.
  lastIdTime = Math.max(now, lastIdTime + 1);
  return `${prefix}_${lastIdTime.toString(36).padStart(9, '0')}${randomString(16, BASE36)}`;
}

export type IdPrefix = 'usr' | 'org' | 'mem' | 'app' | 'key' | 'sec' | 'tok' | 'evt' | 'idem' | 'whe' | 'whd' | 'sgk' | 'mfa' | 'rcv';

const ID_PATTERN = /^[a-z]{3,4}_[0-9a-z]{25}$/;

export function isWellFormedId(prefix: IdPrefix, id: string): boolean {
  return id.startsWith(`${prefix}_`) && ID_PATTERN.test(id);
}
