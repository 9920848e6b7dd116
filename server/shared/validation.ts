import { isIP } from 'node:net';
import { DomainError, ErrorCode } from '../errors';
import { isSpecialPurposeAddress, isSpecialPurposeName } from './special-addresses';

const bad = (field: string, message: string): DomainError => new DomainError(ErrorCode.BAD_USER_INPUT, `${field} ${message}`, { fields: [{ field, message }] });

/** The setting that lets webhooks reach local and plain-http targets; named in every refusal it would lift. */
export const ALLOW_PRIVATE_HINT = 'set KEYWARD_WEBHOOK_ALLOW_PRIVATE=true on the server for local development and tests';

/**
 * Checks a webhook URL when it is saved: HTTPS (plain http only when private targets are allowed),
 * no credentials, and — unless private targets are allowed — no literal special-purpose address
 * (IANA registries, server/shared/special-addresses.ts, IPv4 written inside IPv6 included) and no
 * internal or cloud-metadata host name. Delivery re-checks the resolved address at connect time.
 */
export function checkWebhookUrl(field: string, value: string, allowPrivate: boolean): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw bad(field, 'is not a URL');
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) {
    throw bad(field, url.protocol === 'http:' ? `must be an https:// URL (plain http:// only when private targets are allowed: ${ALLOW_PRIVATE_HINT})` : 'must be an https:// URL');
  }
  if (url.username || url.password) throw bad(field, 'must not contain credentials');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && (isIP(host) ? isSpecialPurposeAddress(host) : isSpecialPurposeName(host))) {
    throw bad(field, `address not allowed: webhooks may not target loopback, private, link-local, special-purpose (IANA) or internal addresses (${ALLOW_PRIVATE_HINT})`);
  }
  return url.toString();
}

export const METADATA_MAX_BYTES = 4096;
/** `{}` is depth 1, `{"a":{}}` depth 2; arrays count like objects. */
export const METADATA_MAX_DEPTH = 32;

/**
 * True when a JSON value nests deeper than `limit`. It walks with its own stack, never the call
 * stack, so no input can overflow it; JSON.stringify (which does recurse) runs only after it.
 */
export function jsonDeeperThan(value: unknown, limit: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const { value: next, depth } = pending.pop()!;
    if (next === null || typeof next !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const child of Array.isArray(next) ? next : Object.values(next)) if (child !== null && typeof child === 'object') pending.push({ value: child, depth: depth + 1 });
  }
  return false;
}

export const METADATA_DEPTH_MESSAGE = `must nest at most ${METADATA_MAX_DEPTH} levels of objects and arrays`;

export function checkMetadata(field: string, value: Record<string, unknown>): Record<string, unknown> {
  if (jsonDeeperThan(value, METADATA_MAX_DEPTH)) throw bad(field, METADATA_DEPTH_MESSAGE);
  if (Buffer.byteLength(JSON.stringify(value)) > METADATA_MAX_BYTES) throw bad(field, `must be at most ${METADATA_MAX_BYTES} bytes of JSON`);
  return value;
}

export function checkFuture(field: string, value: Date, now: Date): Date {
  if (Number.isNaN(value.getTime())) throw bad(field, 'is not a valid date');
  if (value <= now) throw bad(field, 'must be in the future');
  return value;
}

export function badField(field: string, message: string): DomainError {
  return bad(field, message);
}

/**
 * How an email is stored and looked up: trimmed and lower-cased, so that `Ann@Example.com ` signs in,
 * is invited and is limited as the account it names.
 */
export const normalEmail = (email: string): string => email.trim().toLowerCase();
