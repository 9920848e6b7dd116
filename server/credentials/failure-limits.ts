import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Brute-force limits for the hot paths, counted on failures only so that a caller in good
 * standing pays one Map lookup per request and nothing else. rate-limiter-flexible counts the
 * failures; a refused key is remembered here until its block ends, so the check stays synchronous.
 * These limits are per instance (in memory) on purpose: verify and token never wait on Redis.
 */
export class FailureLimit {
  private readonly counter: RateLimiterMemory;
  private readonly blockedUntil = new Map<string, number>();

  constructor(
    readonly name: string,
    readonly failures: number,
    windowSeconds: number,
    private readonly blockSeconds: number,
  ) {
    this.counter = new RateLimiterMemory({ keyPrefix: name, points: failures, duration: windowSeconds, blockDuration: blockSeconds });
  }

  /** Seconds to wait while `key` is blocked; 0 when it may try. */
  retryAfter(key: string, now = Date.now()): number {
    if (this.blockedUntil.size === 0) return 0;
    const until = this.blockedUntil.get(key);
    if (until === undefined) return 0;
    if (until <= now) {
      this.blockedUntil.delete(key);
      return 0;
    }
    return Math.ceil((until - now) / 1000);
  }

  /** Counts one failure for `key`; the failure that uses up its budget blocks it. */
  fail(key: string): void {
    const block = (): void => {
      const now = Date.now();
      // Many distinct keys (an attack spraying client ids) must not grow the map without bound.
      if (this.blockedUntil.size >= 10_000) for (const [k, until] of this.blockedUntil) if (until <= now) this.blockedUntil.delete(k);
      this.blockedUntil.set(key, now + this.blockSeconds * 1000);
    };
    this.counter.consume(key).then(
      (state) => state.remainingPoints <= 0 && block(),
      (rejection: unknown) => rejection instanceof RateLimiterRes && block(),
    );
  }
}

export interface CredentialLimitSettings {
  readonly tokenFailuresPerClientPerMinute: number;
  readonly verifyFailuresPerServiceTokenPerMinute: number;
  readonly serviceTokenFailuresPerAddressPerMinute: number;
}

export function credentialLimits(settings: CredentialLimitSettings) {
  return {
    /** Token endpoint: failed client authentications per client id (per address for /v1/auth/token). */
    tokenClient: new FailureLimit('token-client', settings.tokenFailuresPerClientPerMinute, 60, 300),
    /** Verify: keys not found or malformed per service token (someone enumerating keys). */
    verifyToken: new FailureLimit('verify-service-token', settings.verifyFailuresPerServiceTokenPerMinute, 60, 60),
    /** Wrong service tokens per client address, on verify and introspection. */
    serviceTokenGuess: new FailureLimit('service-token-address', settings.serviceTokenFailuresPerAddressPerMinute, 60, 300),
  };
}

export type CredentialLimits = ReturnType<typeof credentialLimits>;
