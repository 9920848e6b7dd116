import DataLoader from 'dataloader';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { ApiKey } from '../api-keys/api-key.entity';
import { Application } from '../applications/application.entity';
import { actorOf, Context } from '../graphql/context';
import { StatsRange } from './analytics.service';
import { ApiKeyUsage, StatsGranularity, VerificationBucket, VerificationStatsFilter } from './analytics.types';

/** Per request: one loader per range asked for, so a page of keys costs one statement per range. */
const loaders = new WeakMap<object, Map<string, DataLoader<string, VerificationBucket[]>>>();

function statsLoader(ctx: Context, column: 'api_key_id' | 'application_id', range: StatsRange): DataLoader<string, VerificationBucket[]> {
  let byRange = loaders.get(ctx);
  if (!byRange) loaders.set(ctx, (byRange = new Map()));
  const id = `${column}|${range.granularity}|${range.from.getTime()}|${range.to.getTime()}`;
  let loader = byRange.get(id);
  if (!loader) {
    loader = new DataLoader(async (ids: readonly string[]) => {
      const found = await ctx.services.analytics.bucketsByOwner(column, ids, range);
      return ids.map((key) => found.get(key) ?? []);
    });
    byRange.set(id, loader);
  }
  return loader;
}

/** The organizations this request has already checked the caller may read. */
const readable = new WeakMap<object, Map<string, Promise<void>>>();

function requireReader(ctx: Context, organizationId: string): Promise<void> {
  let checked = readable.get(ctx);
  if (!checked) readable.set(ctx, (checked = new Map()));
  let check = checked.get(organizationId);
  if (!check) checked.set(organizationId, (check = ctx.services.analytics.requireReader(actorOf(ctx), organizationId)));
  return check;
}

/** Usage analytics (SPEC 8): every member (VIEWER and up) of the organization reads them. */
@Resolver()
export class AnalyticsResolver {
  @Authorized()
  @Query(() => [VerificationBucket], { description: 'Verify and token requests of the organization (or one application or key) per bucket, zero-filled.' })
  async verificationStats(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('granularity', () => StatsGranularity) granularity: StatsGranularity,
    @Arg('filter', () => VerificationStatsFilter, { nullable: true }) filter: VerificationStatsFilter | undefined,
    @Ctx() ctx: Context,
  ): Promise<VerificationBucket[]> {
    await requireReader(ctx, organizationId);
    const range = ctx.services.analytics.range(granularity, filter?.from, filter?.to);
    return ctx.services.analytics.buckets({ organizationId, applicationId: filter?.applicationId, apiKeyId: filter?.apiKeyId }, range);
  }

  @Authorized()
  @Query(() => [ApiKeyUsage], { description: 'The organization\'s keys with the most requests in the range (default: the last 24 h), busiest first.' })
  async topApiKeys(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('from', () => Date, { nullable: true }) from: Date | undefined,
    @Arg('to', () => Date, { nullable: true }) to: Date | undefined,
    @Arg('limit', () => Int, { defaultValue: 10, description: '1 to 100.' }) limit: number,
    @Ctx() ctx: Context,
  ): Promise<ApiKeyUsage[]> {
    await requireReader(ctx, organizationId);
    return ctx.services.analytics.topApiKeys(organizationId, from, to, limit);
  }
}

@Resolver(() => ApiKey)
export class ApiKeyStatsResolver {
  @FieldResolver(() => [VerificationBucket], { description: 'This key\'s verify and token requests per bucket (members only).' })
  async verificationStats(
    @Root() apiKey: ApiKey,
    @Arg('granularity', () => StatsGranularity) granularity: StatsGranularity,
    @Arg('from', () => Date, { nullable: true }) from: Date | undefined,
    @Arg('to', () => Date, { nullable: true }) to: Date | undefined,
    @Ctx() ctx: Context,
  ): Promise<VerificationBucket[]> {
    // The parent may have reached the caller some other way: check the organization here.
    await requireReader(ctx, apiKey.organizationId);
    return statsLoader(ctx, 'api_key_id', ctx.services.analytics.range(granularity, from, to)).load(apiKey.id);
  }
}

@Resolver(() => Application)
export class ApplicationStatsResolver {
  @FieldResolver(() => [VerificationBucket], { description: 'Requests of all the application\'s keys per bucket (members only).' })
  async verificationStats(
    @Root() application: Application,
    @Arg('granularity', () => StatsGranularity) granularity: StatsGranularity,
    @Arg('from', () => Date, { nullable: true }) from: Date | undefined,
    @Arg('to', () => Date, { nullable: true }) to: Date | undefined,
    @Ctx() ctx: Context,
  ): Promise<VerificationBucket[]> {
    await requireReader(ctx, application.organizationId);
    return statsLoader(ctx, 'application_id', ctx.services.analytics.range(granularity, from, to)).load(application.id);
  }
}
