import Redis from 'ioredis';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError, ErrorCode } from '../errors';

/** A policy can allow at most this many key creations a minute (KeyPolicyInput's bound). */
const MAX_CREATIONS_PER_MINUTE = 1000;
/** Wrong account-secret attempts allowed per organization and caller in a window. */
export const SECRET_ATTEMPTS = 5;
export const SECRET_ATTEMPT_WINDOW_SECONDS = 15 * 60;

/**
 * Every limit a RATE_LIMITED error can name as `extensions.limit`: the README's error table lists
 * exactly these. A limit is declared here or its name does not compile.
 */
export const RATE_LIMIT_NAMES = ['login-address', 'login-account-address', 'login-account-new-addresses', 'second-factor-address', 'second-factor-account', 'password-check-account', 'key-creations', 'account-secret'] as const;
export type RateLimitName = (typeof RATE_LIMIT_NAMES)[number];

/** A named limit: `points` attempts per `durationSeconds`, then refused for `blockSeconds`. */
export interface LimitRule<Name extends string = RateLimitName> {
  readonly name: Name;
  readonly points: number;
  readonly durationSeconds: number;
  readonly blockSeconds?: number;
}

/** A fact kept for a while in a limit's storage (`remember`, `remembers`): it refuses nothing, so `consume` does not take it. */
export type MemoryRule = LimitRule<'login-known-address'>;

/** How many times the per-account-and-address budget all new addresses together get for one account. */
export const NEW_ADDRESS_CEILING_FACTOR = 10;
/** How long an address an account signed in from stays known (under setTimeout's 24.8-day bound). */
export const KNOWN_ADDRESS_DAYS = 14;

/**
 * Brute-force limits on sign-in (the README's Limits section lists every limit), keyed on whoever
 * is guessing (SPEC 5a): attempts per client address; failures per account **and** address, so a
 * stranger's wrong passwords block the stranger, never the account's owner elsewhere; and, against
 * guesses spread over many addresses, a ceiling per account that only addresses the account has
 * not signed in from within `KNOWN_ADDRESS_DAYS` count against and are refused by.
 */
export function loginRules(limits: { loginAttemptsPerAddressPerMinute: number; loginFailuresPerAccount: number }): { perAddress: LimitRule; perAccountAndAddress: LimitRule; newAddressesPerAccount: LimitRule; knownAddress: MemoryRule } {
  return {
    perAddress: { name: 'login-address', points: limits.loginAttemptsPerAddressPerMinute, durationSeconds: 60, blockSeconds: 5 * 60 },
    perAccountAndAddress: { name: 'login-account-address', points: limits.loginFailuresPerAccount, durationSeconds: 15 * 60, blockSeconds: 15 * 60 },
    newAddressesPerAccount: { name: 'login-account-new-addresses', points: NEW_ADDRESS_CEILING_FACTOR * limits.loginFailuresPerAccount, durationSeconds: 15 * 60, blockSeconds: 15 * 60 },
    knownAddress: { name: 'login-known-address', points: 1, durationSeconds: KNOWN_ADDRESS_DAYS * 86_400 },
  };
}

/** Password checks of a signed-in user (to add or remove a second factor): only the session's holder can fail them. */
export function passwordCheckRule(limits: { loginFailuresPerAccount: number }): LimitRule {
  return { name: 'password-check-account', points: limits.loginFailuresPerAccount, durationSeconds: 15 * 60, blockSeconds: 15 * 60 };
}

/**
 * Brute-force limits on second-factor attempts (TOTP codes, recovery codes, passkey assertions),
 * counted like passwords: per client address and per account, so a six-digit code cannot be
 * guessed by spreading attempts over challenges or addresses.
 */
export function secondFactorRules(limits: { loginAttemptsPerAddressPerMinute: number; secondFactorFailuresPerAccount: number }): { perAddress: LimitRule; perAccount: LimitRule } {
  return {
    perAddress: { name: 'second-factor-address', points: limits.loginAttemptsPerAddressPerMinute, durationSeconds: 60, blockSeconds: 5 * 60 },
    perAccount: { name: 'second-factor-account', points: limits.secondFactorFailuresPerAccount, durationSeconds: 15 * 60, blockSeconds: 15 * 60 },
  };
}

/** RATE_LIMITED naming the limit (`extensions.limit`), so a client can tell which one it met without reading the message. */
const rateLimited = (limit: RateLimitName, what: string, msBeforeNext: number): DomainError => {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new DomainError(ErrorCode.RATE_LIMITED, `${what}; retry in ${retryAfterSeconds} s`, { retryAfterSeconds, limit });
};

/**
 * Keyward's rate and brute-force limits, all through rate-limiter-flexible: in process memory, or
 * in Redis when REDIS_URL is set so that every instance counts against the same budget. If Redis
 * is unreachable the in-memory limiter stands in (per instance) rather than failing requests.
 */
export class RateLimits {
  private readonly redis: Redis | null;
  private readonly keyCreations: RateLimiterAbstract;
  private readonly secretAttempts: RateLimiterAbstract;
  private readonly byRule = new Map<string, RateLimiterAbstract>();
  private readonly make: (keyPrefix: string, points: number, duration: number, blockDuration?: number) => RateLimiterAbstract;

  constructor(redisUrl: string | undefined, onRedisError: (message: string) => void = () => undefined) {
    this.redis = redisUrl ? new Redis(redisUrl, { maxRetriesPerRequest: 1, connectionName: 'keyward-rate-limits' }) : null;
    this.redis?.on('error', (error: Error) => onRedisError(error.message));
    const make = (keyPrefix: string, points: number, duration: number, blockDuration = 0): RateLimiterAbstract => {
      const memory = new RateLimiterMemory({ keyPrefix, points, duration, blockDuration });
      return this.redis ? new RateLimiterRedis({ storeClient: this.redis, keyPrefix, points, duration, blockDuration, insuranceLimiter: memory }) : memory;
    };
    this.make = make;
    this.keyCreations = make('keyward:rl:key-creations', MAX_CREATIONS_PER_MINUTE, 60);
    this.secretAttempts = make('keyward:rl:account-secret', SECRET_ATTEMPTS, SECRET_ATTEMPT_WINDOW_SECONDS);
  }

  /** Counts one key creation by a user in an organization against its policy's per-minute limit. */
  async consumeKeyCreation(organizationId: string, userId: string, perMinute: number): Promise<void> {
    let result: RateLimiterRes;
    try {
      result = await this.keyCreations.consume(`${organizationId}:${userId}`);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw rateLimited('key-creations', 'Too many keys created this minute', rejection.msBeforeNext);
      throw rejection;
    }
    if (result.consumedPoints > perMinute) throw rateLimited('key-creations', `This organization allows ${perMinute} key creation(s) a minute per user`, result.msBeforeNext);
  }

  /**
   * Runs a check of an account secret. Every attempt takes a point first (so a burst of parallel
   * guesses cannot all slip through); a right answer gives the budget back.
   */
  async guardSecretAttempt(subject: string, attempt: () => Promise<boolean>): Promise<boolean> {
    try {
      await this.secretAttempts.consume(subject);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw rateLimited('account-secret', 'Too many wrong account secret attempts', rejection.msBeforeNext);
      throw rejection;
    }
    const right = await attempt();
    if (right) await this.secretAttempts.delete(subject);
    return right;
  }

  private limiter(rule: LimitRule<string>): RateLimiterAbstract {
    let limiter = this.byRule.get(rule.name);
    if (!limiter) {
      limiter = this.make(`keyward:rl:${rule.name}`, rule.points, rule.durationSeconds, rule.blockSeconds);
      this.byRule.set(rule.name, limiter);
    }
    return limiter;
  }

  /** Takes one attempt for `key`, or throws RATE_LIMITED with the seconds to wait. */
  async consume(rule: LimitRule, key: string, what = 'Too many attempts'): Promise<void> {
    try {
      await this.limiter(rule).consume(key);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw rateLimited(rule.name, what, rejection.msBeforeNext);
      throw rejection;
    }
  }

  /** Throws RATE_LIMITED while `key` has no attempts left, without taking one. */
  async check(rule: LimitRule, key: string, what = 'Too many attempts'): Promise<void> {
    const state = await this.limiter(rule).get(key);
    if (state && state.consumedPoints >= rule.points && state.msBeforeNext > 0) throw rateLimited(rule.name, what, state.msBeforeNext);
  }

  /** Forgets `key`'s attempts, e.g. after a successful sign-in. */
  async reset(rule: LimitRule<string>, key: string): Promise<void> {
    await this.limiter(rule).delete(key);
  }

  /** Gives back the attempt `consume` took for `key` (it turned out not to be a failure). */
  async giveBack(rule: LimitRule<string>, key: string): Promise<void> {
    await this.limiter(rule).reward(key, 1);
  }

  /** Remembers `key` for the rule's duration (a fact, not a count: see `remembers`). */
  async remember(rule: LimitRule<string>, key: string): Promise<void> {
    await this.limiter(rule).set(key, 1, rule.durationSeconds);
  }

  /** Whether `key` was remembered within the rule's duration. */
  async remembers(rule: LimitRule<string>, key: string): Promise<boolean> {
    const state = await this.limiter(rule).get(key);
    return state !== null && state.consumedPoints > 0;
  }

  async close(): Promise<void> {
    if (this.redis) await this.redis.quit().catch(() => this.redis?.disconnect());
  }
}
