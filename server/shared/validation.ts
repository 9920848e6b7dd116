import { isIP } from 'node:net';
import { DomainError, ErrorCode } from '../errors';

const bad = (field: string, message: string): DomainError => new DomainError(ErrorCode.BAD_USER_INPUT, `${field} ${message}`, { fields: [{ field, message }] });

/**
 * Checks the shape of a webhook URL when it is saved: HTTPS (plain http only when private targets
 * are allowed), no credentials, no literal loopback/private address. Delivery re-checks the
 * resolved address at connect time.
 */
export function checkWebhookUrl(field: string, value: string, allowPrivate: boolean): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw bad(field, 'is not a URL');
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) throw bad(field, 'must be an https:// URL');
  if (url.username || url.password) throw bad(field, 'must not contain credentials');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && isPrivateAddress(host)))) {
    throw bad(field, 'must not point at a loopback, private or link-local address');
  }
  return url.toString();
}

export function isPrivateAddress(ip: string): boolean {
  if (isIP(ip) === 4) {
    const [a, b] = ip.split('.').map(Number) as [number, number];
    return a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || a >= 224;
  }
  const lower = ip.toLowerCase();
  if (lower.startsWith('::ffff:')) return isPrivateAddress(lower.slice(7));
  return lower === '::' || lower === '::1' || lower.startsWith('fc') || lower.startsWith('fd') || lower.startsWith('fe80') || lower.startsWith('ff');
}

export const METADATA_MAX_BYTES = 4096;

export function checkMetadata(field: string, value: Record<string, unknown>): Record<string, unknown> {
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
