import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';

/** What a store answers to a lease request: the units granted and the window's count after it. */
export interface Grant {
  readonly granted: number;
  readonly used: number;
}

/**
 * Where the windows' counts live. `acquire` charges `debt` (units already admitted on overdraft)
 * unconditionally, then grants up to `want` more while the count stays within `limit`. Never
 * grants past the limit: the count only exceeds it by charged debt.
 */
export interface LeaseStore {
  acquire(key: string, want: number, debt: number, limit: number, ttlMs: number): Grant | Promise<Grant>;
  /** How many instances share the counts (1 in process). */
  readonly instances: number;
  /**
   * True when `acquire` answers at once (in process): a limiter then always asks rather than
   * admitting on overdraft, which exists only to hide a store's round trip.
   */
  readonly synchronous: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** One instance: counts in process, answered synchronously (a verify never waits). */
export class MemoryLeaseStore implements LeaseStore {
  readonly instances = 1;
  readonly synchronous = true;
  private readonly counts = new Map<string, { used: number; expiresAt: number }>();
  private sweeps = 0;

  constructor(private readonly monotonicNow: () => number = () => performance.now()) {}

  acquire(key: string, want: number, debt: number, limit: number, ttlMs: number): Grant {
    const now = this.monotonicNow();
    if (++this.sweeps % 1024 === 0) for (const [k, v] of this.counts) if (v.expiresAt <= now) this.counts.delete(k);
    let entry = this.counts.get(key);
    if (entry === undefined || entry.expiresAt <= now) {
      entry = { used: 0, expiresAt: now + ttlMs };
      this.counts.set(key, entry);
    }
    entry.used += debt;
    const granted = Math.max(0, Math.min(want, limit - entry.used));
    entry.used += granted;
    return { granted, used: entry.used };
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    this.counts.clear();
  }
}

/** Atomic in Redis: charge the debt, grant what fits under the limit, keep the key until the window ends. */
const ACQUIRE = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0') + tonumber(ARGV[2])
local grant = math.max(0, math.min(tonumber(ARGV[1]), tonumber(ARGV[3]) - used))
used = used + grant
redis.call('SET', KEYS[1], used, 'PX', ARGV[4])
return {grant, used}`;

const INSTANCES_KEY = 'keyward:usage:instances';
const HEARTBEAT_MS = 1000;
/** An instance that has not beaten for this long no longer counts. */
const INSTANCE_TTL_MS = 3000;

export interface StoreLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

/**
 * Counts shared by every instance through Redis. Instances announce themselves every second so
 * each knows N, which sizes the overdraft that hides Redis's round trip (see RateLimiter). When
 * Redis fails, a window falls back to this instance's own count (each instance then enforces the
 * full limit alone) rather than refusing payments or admitting without any bound.
 */
export class RedisLeaseStore implements LeaseStore {
  readonly synchronous = false;
  readonly origin = randomBytes(8).toString('hex');
  private client: Redis | null = null;
  private timer: NodeJS.Timeout | null = null;
  private count = 1;
  private readonly fallback = new MemoryLeaseStore();

  constructor(private readonly redisUrl: string, private readonly logger: StoreLogger) {}

  get instances(): number {
    return this.count;
  }

  async start(): Promise<void> {
    if (this.client) return;
    this.client = new Redis(this.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectionName: `keyward-usage-${this.origin}` });
    this.client.on('error', (error: Error) => this.logger.warn({ err: error.message }, 'usage limits: Redis error'));
    this.client.defineCommand('keywardAcquire', { numberOfKeys: 1, lua: ACQUIRE });
    await this.client.connect();
    await this.heartbeat();
    this.timer = setInterval(() => void this.heartbeat(), HEARTBEAT_MS);
    this.timer.unref();
  }

  private async heartbeat(): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      const now = Date.now();
      const replies = await client.multi().zadd(INSTANCES_KEY, now, this.origin).zremrangebyscore(INSTANCES_KEY, '-inf', now - INSTANCE_TTL_MS).zcard(INSTANCES_KEY).pexpire(INSTANCES_KEY, INSTANCE_TTL_MS * 10).exec();
      const card = Number(replies?.[2]?.[1] ?? 1);
      this.count = Math.max(1, card);
    } catch {
      // Keep the last count; the error listener has logged the cause.
    }
  }

  acquire(key: string, want: number, debt: number, limit: number, ttlMs: number): Promise<Grant> {
    const client = this.client as (Redis & { keywardAcquire(key: string, ...args: Array<string | number>): Promise<[number, number]> }) | null;
    if (!client || client.status !== 'ready') return Promise.resolve(this.fallback.acquire(key, want, debt, limit, ttlMs));
    return client.keywardAcquire(`keyward:usage:rl:${key}`, want, debt, limit, ttlMs).then(
      ([granted, used]) => ({ granted: Number(granted), used: Number(used) }),
      () => this.fallback.acquire(key, want, debt, limit, ttlMs),
    );
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const client = this.client;
    this.client = null;
    if (!client) return;
    await client.zrem(INSTANCES_KEY, this.origin).catch(() => undefined);
    await client.quit().catch(() => client.disconnect());
  }
}
