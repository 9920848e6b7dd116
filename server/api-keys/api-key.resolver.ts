import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Application } from '../applications/application.entity';
import { Permission } from '../auth/roles';
import { badInput } from '../errors';
import { badField } from '../shared/validation';
import { actorOf, Context, refused, viewerOf } from '../graphql/context';
import { PageArgs, PageOf } from '../graphql/pagination';
import { MAX_PAGE_SIZE, pageRequest } from '../shared/page';
import { ApiKeySecret } from './api-key-secret.entity';
import { ApiKey } from './api-key.entity';
import { ApiKeySecretStatus, ApiKeyStatus } from './api-key.enums';
import { ApiKeyFilter, CreateApiKeyInput, UpdateApiKeyInput } from './api-key.inputs';
import { apiKeyOf, ApiKeyStatusMessage } from '../events/event-messages';
import { delivered, Guarded, organizationStream } from '../events/subscription-stream';
import { effectiveSecretStatus, effectiveStatus } from './key-status';

@ObjectType()
export class ApiKeyPage extends PageOf(ApiKey) {}

@ObjectType({ description: 'A key with its secret. The secret is shown this once: store it now.' })
export class ApiKeyWithSecret {
  @Field(() => ApiKey)
  apiKey!: ApiKey;

  @Field()
  secret!: string;
}

@ObjectType()
export class ApiKeyStatusChanged {
  @Field(() => ApiKey)
  apiKey!: ApiKey;

  @Field(() => ApiKeyStatus)
  previousStatus!: ApiKeyStatus;

  @Field(() => ApiKeyStatus)
  status!: ApiKeyStatus;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field()
  occurredAt!: Date;
}

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Authorized()
  @Query(() => ApiKeyPage)
  apiKeys(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('filter', () => ApiKeyFilter, { nullable: true }) filter: ApiKeyFilter | undefined,
    @Args() args: PageArgs,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.apiKeys.list(actorOf(ctx), organizationId, filter ?? undefined, pageRequest(args));
  }

  @Authorized()
  @Query(() => ApiKey)
  apiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ApiKey> {
    return ctx.services.apiKeys.get(actorOf(ctx), id);
  }

  @Authorized()
  @Mutation(() => ApiKeyWithSecret, { description: 'DEVELOPER and up. Returns the secret once.' })
  createApiKey(@Arg('input') input: CreateApiKeyInput, @Ctx() ctx: Context): Promise<ApiKeyWithSecret> {
    return ctx.services.apiKeys.create(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => ApiKey, { description: 'OWNER.' })
  updateApiKey(@Arg('id', () => ID) id: string, @Arg('input') input: UpdateApiKeyInput, @Ctx() ctx: Context): Promise<ApiKey> {
    return ctx.services.apiKeys.update(actorOf(ctx), id, input);
  }

  @Authorized()
  @Mutation(() => ApiKey, { description: 'OWNER. Immediate and final; revoking twice answers ALREADY_REVOKED.' })
  revokeApiKey(@Arg('id', () => ID) id: string, @Arg('reason', () => String, { nullable: true }) reason: string | null | undefined, @Ctx() ctx: Context): Promise<ApiKey> {
    const trimmed = reason?.trim() ? reason.trim() : null;
    if (trimmed && trimmed.length > 500) throw badField('reason', 'must be at most 500 characters');
    return ctx.services.apiKeys.revoke(actorOf(ctx), id, trimmed);
  }

  @Authorized()
  @Subscription(() => ApiKeyStatusChanged, {
    description: 'Status changes of the organization\'s keys (and rotations), optionally of one application, as committed. Members of the organization only.',
    subscribe: ({ args, context }) => {
      const ctx = context as Context;
      const applicationId = args.applicationId ? String(args.applicationId) : null;
      return organizationStream(
        ctx,
        String(args.organizationId),
        (id) => ctx.services.pubSub.subscribe('API_KEY_STATUS_CHANGED', id),
        (message: ApiKeyStatusMessage) => !applicationId || message.apiKey.applicationId === applicationId,
      );
    },
  })
  apiKeyStatusChanged(
    @Root() guarded: Guarded<ApiKeyStatusMessage>,
    @Arg('organizationId', () => ID) _organizationId: string,
    @Arg('applicationId', () => ID, { nullable: true }) _applicationId: string | null,
  ): ApiKeyStatusChanged {
    const message = delivered(guarded);
    return { apiKey: apiKeyOf(message.apiKey), previousStatus: message.previousStatus, status: message.status, reason: message.reason, occurredAt: new Date(message.occurredAt) };
  }

  @FieldResolver(() => ApiKeyStatus, { description: 'Effective status: EXPIRED from the instant expiresAt passes.' })
  status(@Root() apiKey: ApiKey, @Ctx() ctx: Context): ApiKeyStatus {
    return effectiveStatus(apiKey, ctx.services.clock.now());
  }

  @FieldResolver(() => [ApiKeySecret], { description: `The key's secrets, oldest first, at most \`limit\` (1 to ${MAX_PAGE_SIZE}) (prefixes and dates only, never the secret).` })
  async secrets(@Root() apiKey: ApiKey, @Arg('limit', () => Int, { defaultValue: MAX_PAGE_SIZE }) limit: number, @Ctx() ctx: Context): Promise<ApiKeySecret[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) throw badInput('limit', `must be 1 to ${MAX_PAGE_SIZE}`);
    const viewer = viewerOf(ctx, apiKey);
    const secrets = await ctx.loaders.secretsOf(viewer, apiKey, limit);
    if (!secrets) throw refused(viewer, 'API key');
    return secrets.slice(0, limit);
  }

  @FieldResolver(() => Application)
  async application(@Root() apiKey: ApiKey, @Ctx() ctx: Context): Promise<Application> {
    const viewer = viewerOf(ctx, apiKey);
    const application = await ctx.loaders.application(viewer, apiKey.applicationId);
    if (!application) throw refused(viewer, 'Application');
    return application;
  }
}

@Resolver(() => ApiKeySecret)
export class ApiKeySecretResolver {
  @FieldResolver(() => ApiKeySecretStatus)
  status(@Root() secret: ApiKeySecret, @Ctx() ctx: Context): ApiKeySecretStatus {
    return effectiveSecretStatus(secret, ctx.services.clock.now());
  }
}
