import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { MessagePort, receiveMessageOnPort } from 'node:worker_threads';

export type InvalidationKind = 'key' | 'application' | 'organization' | 'all' | 'signing-keys';
export interface Invalidation {
  readonly kind: InvalidationKind;
  readonly id: string;
}

const KINDS: ReadonlySet<string> = new Set<InvalidationKind>(['key', 'application', 'organization', 'all', 'signing-keys']);
export const INVALIDATION_CHANNEL = 'keyward:credentials:invalidate';
/** The longest wait between two attempts to reach Redis again. */
export const RECONNECT_MAX_MS = 200;

/**
 * ioredis's wait before its `times`-th attempt to reconnect. Its default backs off to 2 s, which
 * kept a revocation made while Redis was away verifying as valid for up to 2 s after Redis came
 * back; never more than RECONNECT_MAX_MS keeps that under a second.
 */
export function reconnectDelay(times: number): number {
  return Math.min(times * 50, RECONNECT_MAX_MS);
}

/**
 * One end of the link between the main thread's bus and the credentials thread's (README, "The
 * credentials port"). Messages go through `port`; `counts` (an Int32Array over shared memory) holds
 * how many each end has sent, slot 0 the main thread's, slot 1 the credentials thread's. A sender
 * posts, then counts; so a reader that sees the count move finds the message already on its port.
 */
export interface ThreadLink {
  readonly port: MessagePort;
  readonly counts: Int32Array;
  readonly slot: 0 | 1;
}

export interface BusLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

/** `origin|kind|id`: small, and an instance recognises (and skips) its own messages. */
export function encodeInvalidation(origin: string, message: Invalidation): string {
  return `${origin}|${message.kind}|${message.id}`;
}

export function decodeInvalidation(text: string): { origin: string; message: Invalidation } | null {
  const [origin, kind, ...rest] = text.split('|');
  if (!origin || !kind || !KINDS.has(kind)) return null;
  return { origin, message: { kind: kind as InvalidationKind, id: rest.join('|') } };
}

/**
 * Carries cache invalidations to every other instance through Redis pub/sub (SPEC 5: a revocation
 * is honoured everywhere within 1 s). Without REDIS_URL there is one instance and nothing to carry.
 * Pub/sub does not queue for a disconnected subscriber, so after a reconnect the whole cache is
 * dropped: whatever was missed meanwhile cannot be served stale.
 *
 * Within one process, the credentials thread is linked to the main thread (`linkThread`), and
 * there an invalidation is exact, not within a second: `catchUp`, called before every cache read,
 * applies whatever the other thread sent before that moment. Both threads share one origin, so
 * neither applies the other's Redis messages a second time.
 */
export class InvalidationBus {
  readonly origin: string;
  private publisher: Redis | null = null;
  private subscriber: Redis | null = null;
  private link: ThreadLink | null = null;
  /** How many messages came over the link: compared with the other end's count in `catchUp`. */
  private received = 0;

  constructor(
    private readonly redisUrl: string | undefined,
    private readonly apply: (message: Invalidation) => void,
    private readonly logger: BusLogger,
    origin?: string,
  ) {
    this.origin = origin ?? randomBytes(8).toString('hex');
  }

  /** Joins the other thread of this process: what either end publishes reaches the other exactly. */
  linkThread(link: ThreadLink): void {
    // A restarted thread comes with a new link, counted from zero.
    this.link?.port.close();
    this.link = link;
    this.received = 0;
    link.port.on('message', (text: string) => this.fromThread(text));
    // Idle delivery without keeping the process alive; catchUp covers the moments that matter.
    link.port.unref();
  }

  /**
   * Applies every invalidation the linked thread sent before now. One shared-memory read when
   * nothing was sent, so verify pays nothing for it on a hit.
   */
  catchUp(): void {
    const link = this.link;
    if (link === null || Atomics.load(link.counts, 1 - link.slot) === this.received) return;
    for (let next = receiveMessageOnPort(link.port); next !== undefined; next = receiveMessageOnPort(link.port)) this.fromThread(next.message as string);
  }

  private fromThread(text: string): void {
    this.received = (this.received + 1) | 0;
    const decoded = decodeInvalidation(text);
    if (decoded) this.apply(decoded.message);
  }

  async start(): Promise<void> {
    if (!this.redisUrl || this.subscriber) return;
    // Reconnect at least every 200 ms (ioredis backs off to 2 s by default): the cache is dropped
    // on reconnect, so this bounds how long a revocation made while Redis was away can go unseen.
    const options = { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: false, connectionName: `keyward-credentials-${this.origin}`, retryStrategy: reconnectDelay };
    this.publisher = new Redis(this.redisUrl, options);
    this.subscriber = new Redis(this.redisUrl, options);
    for (const client of [this.publisher, this.subscriber]) client.on('error', (error: Error) => this.logger.warn({ err: error.message }, 'credential cache: Redis error'));
    let connectedOnce = false;
    this.subscriber.on('ready', () => {
      if (connectedOnce) this.apply({ kind: 'all', id: '' });
      connectedOnce = true;
    });
    this.subscriber.on('message', (_channel: string, text: string) => {
      const decoded = decodeInvalidation(text);
      if (decoded && decoded.origin !== this.origin) this.apply(decoded.message);
    });
    await Promise.all([this.publisher.connect(), this.subscriber.connect()]);
    await this.subscriber.subscribe(INVALIDATION_CHANNEL);
  }

  /** Sends to the linked thread and the other instances; the caller has already applied it locally. */
  publish(message: Invalidation): void {
    const link = this.link;
    if (link !== null) {
      link.port.postMessage(encodeInvalidation(this.origin, message));
      Atomics.add(link.counts, link.slot, 1);
    }
    if (!this.publisher) return;
    this.publisher.publish(INVALIDATION_CHANNEL, encodeInvalidation(this.origin, message)).catch((error: Error) => {
      this.logger.warn({ err: error.message, kind: message.kind }, 'credential cache: could not publish an invalidation; other instances catch up within the cache max age');
    });
  }

  async stop(): Promise<void> {
    this.link?.port.close();
    this.link = null;
    const clients = [this.subscriber, this.publisher].filter((c): c is Redis => c !== null);
    this.subscriber = null;
    this.publisher = null;
    await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
  }
}
