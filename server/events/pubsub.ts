import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub, PubSub } from '@graphql-yoga/subscription';
import Redis from 'ioredis';
import { reconnectDelay } from '../credentials/invalidation-bus';
import type { ApiKeyStatusMessage, ApplicationStatusMessage, AuditEventMessage } from './event-messages';

/**
 * The one typed topic map for publish and subscribe. Organization topics are keyed by its id, so
 * a subscriber only ever receives its own organization's events. Payloads are plain JSON (dates
 * as ISO strings): the same message crosses Redis unchanged, and subscribers hydrate it.
 */
export type Topics = {
  API_KEY_STATUS_CHANGED: [organizationId: string, payload: ApiKeyStatusMessage];
  APPLICATION_STATUS_CHANGED: [organizationId: string, payload: ApplicationStatusMessage];
  AUDIT_EVENT_ADDED: [organizationId: string, payload: AuditEventMessage];
  /** Security events of one user (second factors added, removed, recovery codes used), keyed by user id. */
  USER_EVENT_ADDED: [userId: string, payload: AuditEventMessage];
  /** Memberships or tokens changed somewhere: subscriptions re-check their caller before the next event. */
  ACCESS_CHANGED: [payload: { userId: string | null }];
};

export type KeywardPubSub = PubSub<Topics>;

/**
 * What a subscriber needs to close the gaps of a pub/sub without memory: Redis does not keep a
 * message for a subscriber that was not listening when it was published.
 */
export interface LiveFeed {
  /** Resolves once every topic subscribed so far receives what is published from now on. */
  barrier(): Promise<void>;
  /**
   * Calls `listener` each time the subscriber connection came back after a loss (once its topics
   * are listened to again), with the wall-clock time the loss began: messages published since may
   * be lost. Returns the unsubscribe.
   */
  onReconnect(listener: (lostAtMs: number) => void): () => void;
}

export interface PubSubHandle {
  readonly pubSub: KeywardPubSub;
  readonly feed: LiveFeed;
  close(): Promise<void>;
}

/** In process nothing is ever lost: the barrier is immediate and there is nothing to reconnect. */
const IN_PROCESS_FEED: LiveFeed = { barrier: async () => undefined, onReconnect: () => () => undefined };

/**
 * In-process when `redisUrl` is unset; otherwise every instance publishes to and listens on Redis
 * (the maintained graphql-yoga Redis event target), so an event dispatched by any instance reaches
 * subscribers on every instance.
 */
export function createPubSubHandle(redisUrl: string | undefined): PubSubHandle {
  if (!redisUrl) return { pubSub: createPubSub<Topics>(), feed: IN_PROCESS_FEED, close: async () => undefined };
  // Back within 200 ms of Redis (ioredis backs off to 2 s by default): subscribers replay what they missed then.
  const options = { maxRetriesPerRequest: null, retryStrategy: reconnectDelay };
  const publishClient = new Redis(redisUrl, options);
  const subscribeClient = new Redis(redisUrl, options);
  // ioredis reconnects by itself; an unhandled 'error' event would crash the process instead.
  publishClient.on('error', () => undefined);
  subscribeClient.on('error', () => undefined);
  // Channels are named `<TOPIC>:<organization id>`; organization ids are random, so deployments
  // sharing a Redis do not hear each other's organizations.
  const eventTarget = createRedisEventTarget({ publishClient, subscribeClient });
  const feed = redisFeed(subscribeClient);
  return {
    pubSub: createPubSub<Topics>({ eventTarget }),
    feed,
    async close() {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}

let barriers = 0;

function redisFeed(subscribeClient: Redis): LiveFeed {
  // Redis answers a connection's commands in order: once a SUBSCRIBE sent after every earlier one
  // is acknowledged, so are they. A channel of its own, so nobody ever publishes to it.
  const barrier = async (): Promise<void> => {
    const channel = `keyward:barrier:${process.pid}:${(barriers += 1)}`;
    await subscribeClient.subscribe(channel);
    await subscribeClient.unsubscribe(channel);
  };
  const listeners = new Set<(lostAtMs: number) => void>();
  let connectedOnce = false;
  let lostAt: number | null = null;
  subscribeClient.on('close', () => {
    lostAt ??= Date.now();
  });
  subscribeClient.on('ready', () => {
    if (!connectedOnce) {
      connectedOnce = true;
      return;
    }
    // ioredis re-subscribes the topics on its own; the barrier waits until Redis has them again.
    void barrier().then(
      () => {
        const since = lostAt ?? Date.now();
        lostAt = null;
        for (const listener of listeners) listener(since);
      },
      () => undefined,
    );
  });
  return {
    barrier,
    onReconnect(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
