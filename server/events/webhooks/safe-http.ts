import { lookup as dnsLookup, LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import { isPrivateAddress } from '../../shared/validation';

export const WEBHOOK_TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 64 * 1024;

/** Refused before connecting: the target resolved to an address webhooks must not reach. */
export class BlockedAddressError extends Error {
  readonly code = 'EBLOCKED';
}

/**
 * True for addresses a webhook must never reach: loopback, private, link-local (cloud metadata
 * lives at 169.254.169.254 and fd00:ec2::254), CGNAT, multicast, unspecified, and IPv4 written
 * inside IPv6 (`::ffff:7f00:1`, NAT64 `64:ff9b::`).
 */
export function isForbiddenAddress(ip: string): boolean {
  const lower = ip.toLowerCase();
  const embedded = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (embedded) {
    const high = parseInt(embedded[1]!, 16);
    const low = parseInt(embedded[2]!, 16);
    return isPrivateAddress(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
  }
  if (lower.startsWith('64:ff9b::') && isIP(lower.slice(9)) === 4) return isPrivateAddress(lower.slice(9));
  return isPrivateAddress(lower);
}

/**
 * A DNS lookup that refuses forbidden addresses, used by the HTTP agent at connect time: the
 * address checked is the address connected to, so DNS rebinding cannot slip past a save-time check.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return ((hostname: string, options: LookupOneOptions | LookupAllOptions, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as LookupAddress[];
      const blocked = allowPrivate ? undefined : list.find((a) => isForbiddenAddress(a.address));
      if (blocked) return callback(new BlockedAddressError(`${hostname} resolves to ${blocked.address}, a loopback, private or link-local address`), []);
      if (list.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
      if ((options as LookupAllOptions).all) return callback(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  }) as LookupFunction;
}

export interface WebhookResponse {
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly durationMs: number;
}

export interface SafeHttpOptions {
  readonly allowPrivate: boolean;
  readonly timeoutMs?: number;
}

/**
 * POSTs webhook bodies: HTTPS only (plain http only when private targets are allowed), the
 * connect-time address guard, no redirects followed (a 3xx is a failed attempt), one overall
 * deadline, and the answer's body read up to 64 KB and dropped.
 */
export class SafeHttpClient {
  private readonly httpsAgent: https.Agent;
  private readonly httpAgent: http.Agent;
  timeoutMs: number;

  constructor(private readonly options: SafeHttpOptions) {
    const lookup = guardedLookup(options.allowPrivate);
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 16, lookup });
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: 16, lookup });
    this.timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  }

  post(target: string, headers: Record<string, string>, body: string): Promise<WebhookResponse> {
    const started = performance.now();
    const done = (statusCode: number | null, error: string | null): WebhookResponse => ({ statusCode, error, durationMs: Math.round(performance.now() - started) });
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return Promise.resolve(done(null, 'not a URL'));
    }
    const secure = url.protocol === 'https:';
    if (!secure && !(this.options.allowPrivate && url.protocol === 'http:')) return Promise.resolve(done(null, 'only https:// targets are allowed'));
    // A literal IP never goes through the lookup: check it here.
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!this.options.allowPrivate && isIP(host) && isForbiddenAddress(host)) return Promise.resolve(done(null, `${host} is a loopback, private or link-local address`));

    return new Promise((resolve) => {
      let settled = false;
      const finish = (statusCode: number | null, error: string | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve(done(statusCode, error));
      };
      const request = (secure ? https : http).request(url, {
        method: 'POST',
        agent: secure ? this.httpsAgent : this.httpAgent,
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Keyward-Webhooks/1', ...headers },
      });
      const deadline = setTimeout(() => {
        request.destroy();
        finish(null, `timed out after ${this.timeoutMs} ms`);
      }, this.timeoutMs);
      request.on('response', (response) => {
        const statusCode = response.statusCode ?? 0;
        let received = 0;
        response.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > MAX_RESPONSE_BYTES) response.destroy();
        });
        const end = () => {
          const location = statusCode >= 300 && statusCode < 400 ? ' (redirects are not followed)' : '';
          finish(statusCode, statusCode >= 200 && statusCode < 300 ? null : `answered ${statusCode}${location}`);
        };
        response.on('end', end);
        response.on('close', end);
        response.on('error', end);
      });
      request.on('error', (error: NodeJS.ErrnoException) => finish(null, error instanceof BlockedAddressError ? error.message : `${error.code ?? 'error'}: ${error.message}`.slice(0, 500)));
      request.end(body);
    });
  }

  close(): void {
    this.httpsAgent.destroy();
    this.httpAgent.destroy();
  }
}
