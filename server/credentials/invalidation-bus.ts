import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';

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
 */
export class InvalidationBus {
  readonly origin = randomBytes(8).toString('hex');
  private publisher: Redis | null = null;
  private subscriber: Redis | null = null;

  constructor(
    private readonly redisUrl: string | undefined,
    private readonly apply: (message: Invalidation) => void,
    private readonly logger: BusLogger,
  ) {}

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

  /** Sends to the other instances; the caller has already applied it locally. */
  publish(message: Invalidation): void {
    if (!this.publisher) return;
    this.publisher.publish(INVALIDATION_CHANNEL, encodeInvalidation(this.origin, message)).catch((error: Error) => {
      this.logger.warn({ err: error.message, kind: message.kind }, 'credential cache: could not publish an invalidation; other instances catch up within the cache max age');
    });
  }

  async stop(): Promise<void> {
    const clients = [this.subscriber, this.publisher].filter((c): c is Redis => c !== null);
    this.subscriber = null;
    this.publisher = null;
    await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
  }
}
