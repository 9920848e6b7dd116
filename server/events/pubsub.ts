import { createPubSub, PubSub } from '@graphql-yoga/subscription';
import type { KeyStatusChange } from '../api-keys/api-key.service';

/**
 * The one typed topic map for publish and subscribe. Topics are keyed by organization id, so a
 * subscriber only ever receives its own organization's events.
 */
export type Topics = {
  API_KEY_STATUS_CHANGED: [organizationId: string, payload: KeyStatusChange];
};

export type KeywardPubSub = PubSub<Topics>;

export function createKeywardPubSub(): KeywardPubSub {
  return createPubSub<Topics>();
}
