import { LRUCache } from 'lru-cache';

/** One key's failures in its current window, and the end of its block (0: not blocked). */
interface FailureRecord {
  failures: number;
  windowEndsAt: number;
  blockedUntil: number;
}

/** Keys remembered per limit by default: ~100 bytes each, a few MB at most whatever the traffic. */
export const DEFAULT_MAX_KEYS = 50_000;

/**
 * Brute-force limits for the hot paths, counted on failures only, so that a caller in good
 * standing pays one size check (and, once any key failed, one map lookup) per request. Counting
 * is a fixed window per key, kept synchronously here: no timer, no promise per key.
 *
 * Memory is bounded: the records live in one LRU of at most `maxKeys` entries, so spraying
 * distinct ids (240k unknown client ids a minute) costs a fixed amount of heap. Under such a spray
 * the least recently failing keys are forgotten first; a blocked key that is forgotten may try
 * again, which costs the sprayer `maxKeys` fresh failures per extra guess. These limits are per
 * instance on purpose: verify and token never wait on Redis.
 */
export class FailureLimit {
  private readonly records: LRUCache<string, FailureRecord>;

  constructor(
    readonly name: string,
    readonly failures: number,
    private readonly windowSeconds: number,
    private readonly blockSeconds: number,
    readonly maxKeys = DEFAULT_MAX_KEYS,
  ) {
    this.records = new LRUCache<string, FailureRecord>({ max: maxKeys });
  }

  /** Keys currently remembered (for tests and the memory bound). */
  get size(): number {
    return this.records.size;
  }

  /** Seconds to wait while `key` is blocked; 0 when it may try. */
  retryAfter(key: string, now = Date.now()): number {
    if (this.records.size === 0) return 0;
    const record = this.records.peek(key);
    if (record === undefined || record.blockedUntil <= now) return 0;
    return Math.ceil((record.blockedUntil - now) / 1000);
  }

  /** Counts one failure for `key`; the failure that uses up its budget blocks it for `blockSeconds`. */
  fail(key: string, now = Date.now()): void {
    let record = this.records.get(key);
    if (record === undefined || (record.windowEndsAt <= now && record.blockedUntil <= now)) {
      record = { failures: 0, windowEndsAt: now + this.windowSeconds * 1000, blockedUntil: 0 };
      this.records.set(key, record);
    }
    record.failures += 1;
    if (record.failures >= this.failures && record.blockedUntil <= now) {
      record.blockedUntil = now + this.blockSeconds * 1000;
      // Once the block ends the key starts a fresh window.
      record.windowEndsAt = record.blockedUntil;
      record.failures = 0;
    }
  }
}

export interface CredentialLimitSettings {
  readonly tokenFailuresPerClientPerMinute: number;
  readonly verifyFailuresPerServiceTokenPerMinute: number;
  readonly serviceTokenFailuresPerAddressPerMinute: number;
}

/**
 * Who is guessing is the key of each limit, so that a guesser only ever blocks itself:
 * - a client authentication fails per (client id, source address): a stranger sending wrong
 *   secrets for a public key id blocks their own address, never the real client;
 * - a well-formed key unknown to verify counts against the service token that sent it
 *   (malformed keys cost nothing to refuse and never count);
 * - a wrong service token counts against the source address.
 */
export const clientAttemptKey = (clientId: string | undefined, address: string): string => (clientId === undefined ? `address ${address}` : `${clientId} ${address}`);

export function credentialLimits(settings: CredentialLimitSettings, maxKeys = DEFAULT_MAX_KEYS) {
  return {
    /** Token endpoints and revocation: failed client authentications per (client id, address). */
    tokenClient: new FailureLimit('token-client', settings.tokenFailuresPerClientPerMinute, 60, 300, maxKeys),
    /** Verify: well-formed keys not found, per service token (someone enumerating keys). */
    verifyToken: new FailureLimit('verify-service-token', settings.verifyFailuresPerServiceTokenPerMinute, 60, 60, maxKeys),
    /** Wrong service tokens per client address, on verify, introspection and revocation. */
    serviceTokenGuess: new FailureLimit('service-token-address', settings.serviceTokenFailuresPerAddressPerMinute, 60, 300, maxKeys),
  };
}

export type CredentialLimits = ReturnType<typeof credentialLimits>;
