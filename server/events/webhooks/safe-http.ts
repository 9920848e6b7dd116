import { lookup as dnsLookup, LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import { isSpecialPurposeAddress } from '../../shared/special-addresses';

export const WEBHOOK_TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 64 * 1024;

/** Refused before connecting: the target resolved to an address webhooks must not reach. */
export class BlockedAddressError extends Error {
  readonly code = 'EBLOCKED';
}

/** What a tenant reads (delivery `lastError`) when the target is refused: never the address itself. */
export const ADDRESS_NOT_ALLOWED = 'address not allowed';

/**
 * The text recorded for a failed connection: the error code and a fixed phrase, never Node's
 * message, which names the address connected to ("connect ECONNREFUSED 10.0.0.5:443") and would
 * let a tenant map internal names to addresses.
 */
export function connectionErrorText(error: NodeJS.ErrnoException): string {
  if (error instanceof BlockedAddressError) return ADDRESS_NOT_ALLOWED;
  const code = typeof error.code === 'string' && /^[A-Z0-9_]{2,64}$/.test(error.code) ? error.code : 'ERROR';
  const phrase = CONNECTION_PHRASES[code];
  return phrase ? `${phrase} (${code})` : `connection failed (${code})`;
}

const CONNECTION_PHRASES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed, will retry',
  EPROTO: 'TLS handshake failed',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS certificate chain is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate could not be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not name the host',
};

/**
 * A DNS lookup that refuses forbidden addresses, used by the HTTP agent at connect time: the
 * address checked is the address connected to, so DNS rebinding cannot slip past a save-time check.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return ((hostname: string, options: LookupOneOptions | LookupAllOptions, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as LookupAddress[];
      // Every address must pass, not only the first: the HTTP agent may try any of them.
      const blocked = allowPrivate ? undefined : list.find((a) => isSpecialPurposeAddress(a.address));
      if (blocked) return callback(new BlockedAddressError(ADDRESS_NOT_ALLOWED), []);
      if (list.length === 0) return callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }), []);
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
    if (!this.options.allowPrivate && isIP(host) && isSpecialPurposeAddress(host)) return Promise.resolve(done(null, ADDRESS_NOT_ALLOWED));

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
      request.on('error', (error: NodeJS.ErrnoException) => finish(null, connectionErrorText(error)));
      request.end(body);
    });
  }

  /**
   * GETs a small document (secret scanning's public keys) under the same rules: HTTPS unless
   * private targets are allowed, the connect-time address guard, no redirects, one deadline, and
   * at most `maxBytes` read. Answers the body of a 2xx, or throws with what went wrong.
   */
  get(target: string, maxBytes = MAX_RESPONSE_BYTES): Promise<string> {
    const url = new URL(target);
    const secure = url.protocol === 'https:';
    if (!secure && !(this.options.allowPrivate && url.protocol === 'http:')) return Promise.reject(new Error('only https:// URLs are allowed'));
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!this.options.allowPrivate && isIP(host) && isSpecialPurposeAddress(host)) return Promise.reject(new BlockedAddressError(ADDRESS_NOT_ALLOWED));
    return new Promise((resolve, reject) => {
      const request = (secure ? https : http).get(url, { agent: secure ? this.httpsAgent : this.httpAgent, headers: { accept: 'application/json', 'user-agent': 'Keyward/1' } });
      const deadline = setTimeout(() => request.destroy(new Error(`timed out after ${this.timeoutMs} ms`)), this.timeoutMs);
      request.on('response', (response) => {
        const status = response.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          response.resume();
          clearTimeout(deadline);
          reject(new Error(`answered ${status}${status >= 300 && status < 400 ? ' (redirects are not followed)' : ''}`));
          return;
        }
        const chunks: Buffer[] = [];
        let received = 0;
        response.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > maxBytes) request.destroy(new Error(`larger than ${maxBytes} bytes`));
          else chunks.push(chunk);
        });
        response.on('end', () => {
          clearTimeout(deadline);
          resolve(Buffer.concat(chunks).toString('utf8'));
        });
      });
      request.on('error', (error) => {
        clearTimeout(deadline);
        reject(error);
      });
    });
  }

  close(): void {
    this.httpsAgent.destroy();
    this.httpAgent.destroy();
  }
}
