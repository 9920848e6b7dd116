import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
import { ApiKeyResolver, ApiKeySecretResolver } from '../api-keys/api-key.resolver';
import { ApiKeyLifecycleResolver } from '../api-keys/lifecycle.resolver';
import { ApplicationResolver } from '../applications/application.resolver';
import { AuthChecker } from '../auth/auth-checker';
import { AuthResolver } from '../auth/auth.resolver';
import { SigningKeyResolver } from '../credentials/signing-key.resolver';
import { AuditEventResolver } from '../events/audit.resolver';
import { EventResolver } from '../events/event.resolver';
import { KeywardPubSub } from '../events/pubsub';
import { WebhookResolver } from '../events/webhooks/webhook.resolver';
import { OrganizationLifecycleResolver } from '../organizations/lifecycle.resolver';
import { MemberResolver, OrganizationResolver } from '../organizations/organization.resolver';

export const resolvers = [AuthResolver, OrganizationResolver, MemberResolver, ApplicationResolver, ApiKeyResolver, ApiKeySecretResolver, SigningKeyResolver, ApiKeyLifecycleResolver, OrganizationLifecycleResolver, AuditEventResolver, EventResolver, WebhookResolver] as const;

/** The GraphQL schema, built from the resolvers; `pubSub` only matters for subscriptions. */
export function buildKeywardSchema(pubSub?: KeywardPubSub): GraphQLSchema {
  return buildSchemaSync({
    resolvers: [...resolvers],
    authChecker: AuthChecker,
    authMode: 'error',
    validate: { forbidUnknownValues: false },
    pubSub: pubSub ?? { publish: () => undefined, subscribe: () => { throw new Error('no pub/sub'); } },
  });
}

/** The text committed as `schema.graphql` (sorted, so the diff shows only real changes). */
export function printKeywardSchema(schema: GraphQLSchema = buildKeywardSchema()): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
