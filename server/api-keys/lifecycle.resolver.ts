import { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, ID, Info, Int, Mutation, Resolver } from 'type-graphql';
import { badInput } from '../errors';
import { actorOf, Context, requireKeyOnlySelection, scopeToKey } from '../graphql/context';
import { ApiKey } from './api-key.entity';
import { IssueTemporaryApiKeyInput } from './api-key.inputs';
import { ApiKeyWithSecret } from './api-key.resolver';

/** Secrets typed by people are short; anything longer is refused before it reaches bcrypt or scrypt. */
const MAX_SECRET_ARGUMENT = 200;

export function checkSecretArgument(field: string, value: string): string {
  if (value.length === 0 || value.length > MAX_SECRET_ARGUMENT) throw badInput(field, `must be 1 to ${MAX_SECRET_ARGUMENT} characters`);
  return value;
}

/** The key lifecycle beyond create/revoke (SPEC 3.2, 3.3, 3.5): thin, the services own the rules. */
@Resolver(() => ApiKey)
export class ApiKeyLifecycleResolver {
  @Authorized()
  @Mutation(() => ApiKeyWithSecret, { description: 'Platform admin or OWNER. A tk_… key valid 7 days, to deliver out of band; returns its secret once.' })
  issueTemporaryApiKey(@Arg('input') input: IssueTemporaryApiKeyInput, @Ctx() ctx: Context): Promise<ApiKeyWithSecret> {
    return ctx.services.temporaryKeys.issue(actorOf(ctx), input);
  }

  @Mutation(() => ApiKeyWithSecret, {
    description: 'No session needed: the temporary key is the credential. Sets the organization\'s account secret (or must match it), returns the permanent key and its secret once. Exactly once: TEMPORARY_KEY_USED afterwards, TEMPORARY_KEY_EXPIRED after 7 days.',
  })
  async exchangeTemporaryApiKey(@Arg('temporaryKey') temporaryKey: string, @Arg('accountSecret') accountSecret: string, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<ApiKeyWithSecret> {
    if (temporaryKey.length > 100) throw badInput('temporaryKey', 'is not a temporary key (tk_test_… or tk_live_…)');
    // Refused before the exchange, so asking for too much never spends the key or loses the new secret.
    requireKeyOnlySelection(info);
    // The temporary key is the credential: the answer reaches the new key and nothing beyond it.
    return scopeToKey(ctx, await ctx.services.temporaryKeys.exchange(temporaryKey, checkSecretArgument('accountSecret', accountSecret)), 'temporary_key');
  }

  @Authorized()
  @Mutation(() => ApiKeyWithSecret, {
    description: 'OWNER. Adds a new secret (returned once); the old ones keep working for gracePeriodSeconds (at most 30 days; null = until expireApiKeySecret).',
  })
  rotateApiKey(
    @Arg('id', () => ID) id: string,
    @Arg('gracePeriodSeconds', () => Int, { nullable: true }) gracePeriodSeconds: number | null | undefined,
    @Ctx() ctx: Context,
  ): Promise<ApiKeyWithSecret> {
    return ctx.services.rotation.rotate(actorOf(ctx), id, gracePeriodSeconds ?? null);
  }

  @Authorized()
  @Mutation(() => ApiKey, { description: 'OWNER. Ends one secret of a key now; the key\'s last working secret cannot be expired (revoke the key instead).' })
  expireApiKeySecret(@Arg('apiKeyId', () => ID) apiKeyId: string, @Arg('secretId', () => ID) secretId: string, @Ctx() ctx: Context): Promise<ApiKey> {
    return ctx.services.rotation.expireSecret(actorOf(ctx), apiKeyId, secretId);
  }

  @Authorized()
  @Mutation(() => ApiKeyWithSecret, { description: 'OWNER. The secret of a recoverable key, with the account secret. Wrong secrets are rate limited (RATE_LIMITED).' })
  async retrieveApiKey(@Arg('apiKeyId', () => ID) apiKeyId: string, @Arg('accountSecret') accountSecret: string, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<ApiKeyWithSecret> {
    const actor = actorOf(ctx);
    requireKeyOnlySelection(info);
    // Answered on the strength of the account secret: the answer reaches this key and nothing beyond it.
    return scopeToKey(ctx, await ctx.services.recovery.retrieve(actor, apiKeyId, checkSecretArgument('accountSecret', accountSecret)), 'account_secret');
  }
}
