import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub, PubSub } from '@graphql-yoga/subscription';
import Redis from 'ioredis';
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
  /** Memberships or tokens changed somewhere: subscriptions re-check their caller before the next event. */
  ACCESS_CHANGED: [payload: { userId: string | null }];
};

export type KeywardPubSub = PubSub<Topics>;

export interface PubSubHandle {
  readonly pubSub: KeywardPubSub;
  close(): Promise<void>;
}

/**
 * In-process when `redisUrl` is unset; otherwise every instance publishes to and listens on Redis
 * (the maintained graphql-yoga Redis event target), so an event dispatched by any instance reaches
 * subscribers on every instance.
 */
export function createPubSubHandle(redisUrl: string | undefined): PubSubHandle {
  if (!redisUrl) return { pubSub: createPubSub<Topics>(), close: async () => undefined };
  const options = { maxRetriesPerRequest: null };
  const publishClient = new Redis(redisUrl, options);
  const subscribeClient = new Redis(redisUrl, options);
  // ioredis reconnects by itself; an unhandled 'error' event would crash the process instead.
  publishClient.on('error', () => undefined);
  subscribeClient.on('error', () => undefined);
  // Channels are named `<TOPIC>:<organization id>`; organization ids are random, so deployments
  // sharing a Redis do not hear each other's organizations.
  const eventTarget = createRedisEventTarget({ publishClient, subscribeClient });
  return {
    pubSub: createPubSub<Topics>({ eventTarget }),
    async close() {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}
