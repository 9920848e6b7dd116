import { GraphQLEnumType, GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
import { AnalyticsResolver, ApiKeyStatsResolver, ApplicationStatsResolver } from '../analytics/analytics.resolver';
import { ApiKeyResolver, ApiKeySecretResolver } from '../api-keys/api-key.resolver';
import { ApiKeyLifecycleResolver } from '../api-keys/lifecycle.resolver';
import { ApplicationResolver } from '../applications/application.resolver';
import { AuthChecker } from '../auth/auth-checker';
import { ErrorCode } from '../errors';
import { AuthResolver } from '../auth/auth.resolver';
import { SecondFactorResolver } from '../auth/second-factor.resolver';
import { SigningKeyResolver } from '../credentials/signing-key.resolver';
import { AuditEventResolver } from '../events/audit.resolver';
import { EventResolver } from '../events/event.resolver';
import { KeywardPubSub } from '../events/pubsub';
import { WebhookResolver } from '../events/webhooks/webhook.resolver';
import { UsageResolver } from '../usage/usage.resolver';
import { OrganizationLifecycleResolver } from '../organizations/lifecycle.resolver';
import { MemberResolver, OrganizationResolver } from '../organizations/organization.resolver';

export const resolvers = [AuthResolver, SecondFactorResolver, OrganizationResolver, MemberResolver, ApplicationResolver, ApiKeyResolver, ApiKeySecretResolver, SigningKeyResolver, ApiKeyLifecycleResolver, OrganizationLifecycleResolver, AuditEventResolver, EventResolver, WebhookResolver, UsageResolver, AnalyticsResolver, ApiKeyStatsResolver, ApplicationStatsResolver] as const;

/** The GraphQL schema, built from the resolvers; `pubSub` only matters for subscriptions. */
export function buildKeywardSchema(pubSub?: KeywardPubSub): GraphQLSchema {
  const schema = buildSchemaSync({
    resolvers: [...resolvers],
    authChecker: AuthChecker,
    authMode: 'error',
    validate: { forbidUnknownValues: false },
    pubSub: pubSub ?? { publish: () => undefined, subscribe: () => { throw new Error('no pub/sub'); } },
  });
  // No field returns an error code, so the enum is added by hand: it is in schema.graphql (and
  // introspection) for clients, and the console's generated types come from it.
  const config = schema.toConfig();
  return new GraphQLSchema({ ...config, types: [...config.types, ERROR_CODE_ENUM] });
}

/** Every `extensions.code` a Keyward GraphQL error carries (SPEC 4.1): the server's ErrorCode. */
export const ERROR_CODE_ENUM = new GraphQLEnumType({
  name: 'ErrorCode',
  description: 'The `extensions.code` of a GraphQL error from Keyward: no field has this type, it names the codes errors carry. BAD_USER_INPUT and SECRET_POLICY add `extensions.fields`, RATE_LIMITED and UNAVAILABLE `retryAfterSeconds`; RATE_LIMITED also `limit`, naming the limit met.',
  values: Object.fromEntries(Object.values(ErrorCode).map((code) => [code, { value: code }])),
});

/** The text committed as `schema.graphql` (sorted, so the diff shows only real changes). */
export function printKeywardSchema(schema: GraphQLSchema = buildKeywardSchema()): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
