import Redis from 'ioredis';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError, ErrorCode } from '../errors';

/** A policy can allow at most this many key creations a minute (KeyPolicyInput's bound). */
const MAX_CREATIONS_PER_MINUTE = 1000;
/** Wrong account-secret attempts allowed per organization and caller in a window. */
export const SECRET_ATTEMPTS = 5;
export const SECRET_ATTEMPT_WINDOW_SECONDS = 15 * 60;

const rateLimited = (what: string, msBeforeNext: number): DomainError => {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new DomainError(ErrorCode.RATE_LIMITED, `${what}; retry in ${retryAfterSeconds} s`, { retryAfterSeconds });
};

/**
 * The lifecycle's rate limits (rate-limiter-flexible): in process memory, or in Redis when
 * REDIS_URL is set so that every instance counts against the same budget. If Redis is
 * unreachable the in-memory limiter stands in (per instance) rather than failing requests.
 */
export class RateLimits {
  private readonly redis: Redis | null;
  private readonly keyCreations: RateLimiterAbstract;
  private readonly secretAttempts: RateLimiterAbstract;

  constructor(redisUrl: string | undefined, onRedisError: (message: string) => void = () => undefined) {
    this.redis = redisUrl ? new Redis(redisUrl, { maxRetriesPerRequest: 1, connectionName: 'keyward-rate-limits' }) : null;
    this.redis?.on('error', (error: Error) => onRedisError(error.message));
    const make = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract => {
      const memory = new RateLimiterMemory({ keyPrefix, points, duration });
      return this.redis ? new RateLimiterRedis({ storeClient: this.redis, keyPrefix, points, duration, insuranceLimiter: memory }) : memory;
    };
    this.keyCreations = make('keyward:rl:key-creations', MAX_CREATIONS_PER_MINUTE, 60);
    this.secretAttempts = make('keyward:rl:account-secret', SECRET_ATTEMPTS, SECRET_ATTEMPT_WINDOW_SECONDS);
  }

  /** Counts one key creation by a user in an organization against its policy's per-minute limit. */
  async consumeKeyCreation(organizationId: string, userId: string, perMinute: number): Promise<void> {
    let result: RateLimiterRes;
    try {
      result = await this.keyCreations.consume(`${organizationId}:${userId}`);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw rateLimited('Too many keys created this minute', rejection.msBeforeNext);
      throw rejection;
    }
    if (result.consumedPoints > perMinute) throw rateLimited(`This organization allows ${perMinute} key creation(s) a minute per user`, result.msBeforeNext);
  }

  /**
   * Runs a check of an account secret. Every attempt takes a point first (so a burst of parallel
   * guesses cannot all slip through); a right answer gives the budget back.
   */
  async guardSecretAttempt(subject: string, attempt: () => Promise<boolean>): Promise<boolean> {
    try {
      await this.secretAttempts.consume(subject);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw rateLimited('Too many wrong account secret attempts', rejection.msBeforeNext);
      throw rejection;
    }
    const right = await attempt();
    if (right) await this.secretAttempts.delete(subject);
    return right;
  }

  async close(): Promise<void> {
    if (this.redis) await this.redis.quit().catch(() => this.redis?.disconnect());
  }
}
