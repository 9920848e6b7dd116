import { registerEnumType } from 'type-graphql';
import { eventTypeEnumName, WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../../shared/event-types';

/**
 * The GraphQL enum WebhookEventType, built from WEBHOOK_EVENT_TYPES: each value (API_KEY_REVOKED)
 * stands for the dotted name the payload carries (`api_key.revoked`), which is what resolvers and
 * services see. GraphQL enum values cannot contain dots, hence two spellings of one list.
 */
export const WebhookEventTypeEnum: Readonly<Record<string, WebhookEventType>> = Object.freeze(Object.fromEntries(WEBHOOK_EVENT_TYPES.map((type) => [eventTypeEnumName(type), type])));

registerEnumType(WebhookEventTypeEnum, {
  name: 'WebhookEventType',
  description: 'An event type webhooks deliver (SPEC 4.3); the payload\'s `type` is the dotted name, e.g. API_KEY_REVOKED is delivered as `api_key.revoked`.',
  valuesConfig: Object.fromEntries(WEBHOOK_EVENT_TYPES.map((type) => [eventTypeEnumName(type), { description: `Delivered as \`${type}\`.` }])),
});
