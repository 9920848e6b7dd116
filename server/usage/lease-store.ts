import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import type { MessagePort } from 'node:worker_threads';

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

/** A lease request of the main thread to the credentials thread, and its answer (ProcessLeaseStore). */
interface LeaseRequest {
  readonly id: number;
  readonly key: string;
  readonly want: number;
  readonly debt: number;
  readonly limit: number;
  readonly ttlMs: number;
}
interface LeaseAnswer {
  readonly id: number;
  readonly granted: number;
  readonly used: number;
}

/** How long the main thread waits for the credentials thread's answer before it counts on its own. */
const THREAD_ANSWER_MS = 1000;

/**
 * The counts of one process without Redis. Alone, and on the credentials thread, it counts here and
 * answers at once. On the main thread while the credentials thread runs (`askThread`), it asks that
 * thread for its leases, so verify and token calls on both ports count against one window, the way
 * instances share Redis: the credentials thread never waits on the main thread (whose priority is
 * lowered), and the main thread, as one of two instances, admits at most floor(10 % × limit / 2) on
 * overdraft while an answer is on its way. When the credentials thread stops, or does not answer
 * within a second, the main thread counts on its own again, as an instance does when Redis fails.
 */
export class ProcessLeaseStore implements LeaseStore {
  private readonly own: MemoryLeaseStore;
  private thread: MessagePort | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { readonly request: LeaseRequest; readonly resolve: (grant: Grant) => void; readonly timer: NodeJS.Timeout }>();

  constructor(monotonicNow?: () => number) {
    this.own = new MemoryLeaseStore(monotonicNow);
  }

  get instances(): number {
    return this.thread === null ? 1 : 2;
  }

  get synchronous(): boolean {
    return this.thread === null;
  }

  acquire(key: string, want: number, debt: number, limit: number, ttlMs: number): Grant | Promise<Grant> {
    const thread = this.thread;
    if (thread === null) return this.own.acquire(key, want, debt, limit, ttlMs);
    const request: LeaseRequest = { id: this.nextId++, key, want, debt, limit, ttlMs };
    return new Promise<Grant>((resolve) => {
      const timer = setTimeout(() => this.settle(request.id, null), THREAD_ANSWER_MS);
      timer.unref();
      this.pending.set(request.id, { request, resolve, timer });
      thread.postMessage(request);
    });
  }

  /** Main thread: the credentials thread at the other end of `port` holds the counts from now on. */
  askThread(port: MessagePort): void {
    this.leaveThread();
    this.thread = port;
    port.on('message', (answer: LeaseAnswer) => this.settle(answer.id, answer));
    // The other end closes when the thread ends, however it ends.
    port.once('close', () => this.leaveThread(port));
    port.unref();
  }

  /** Credentials thread: answers the main thread's lease requests from this thread's counts. */
  answerThread(port: MessagePort): void {
    port.on('message', (request: LeaseRequest) => {
      const grant = this.own.acquire(request.key, request.want, request.debt, request.limit, request.ttlMs);
      port.postMessage({ id: request.id, granted: grant.granted, used: grant.used } satisfies LeaseAnswer);
    });
    port.unref();
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    this.leaveThread();
    await this.own.stop();
  }

  /** Counts here again; requests still unanswered are answered from this thread's counts. */
  private leaveThread(port?: MessagePort): void {
    const thread = this.thread;
    if (thread === null || (port !== undefined && port !== thread)) return;
    this.thread = null;
    thread.removeAllListeners('message');
    thread.close();
    for (const id of [...this.pending.keys()]) this.settle(id, null);
  }

  private settle(id: number, answer: LeaseAnswer | null): void {
    const waiting = this.pending.get(id);
    if (waiting === undefined) return;
    this.pending.delete(id);
    clearTimeout(waiting.timer);
    if (answer !== null) return waiting.resolve({ granted: answer.granted, used: answer.used });
    const { key, want, debt, limit, ttlMs } = waiting.request;
    waiting.resolve(this.own.acquire(key, want, debt, limit, ttlMs));
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
