import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { ApiKey } from '../api-keys/api-key.entity';
import { Application } from '../applications/application.entity';
import { Context, requireReadable, viewerOf } from '../graphql/context';
import { StatsRange } from './analytics.service';
import { ApiKeyUsage, StatsGranularity, VerificationBucket, VerificationStatsFilter } from './analytics.types';

/** One loader per owner column and range for the request: a page of keys costs one statement per range. */
function statsLoader(ctx: Context, column: 'api_key_id' | 'application_id', range: StatsRange) {
  return ctx.loaders.batch(`stats|${column}|${range.granularity}|${range.from.getTime()}|${range.to.getTime()}`, async (ids) => {
    const found = await ctx.services.analytics.bucketsByOwner(column, ids, range);
    return ids.map((id) => found.get(id) ?? []);
  });
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
    await requireReadable(ctx, ctx.viewer, organizationId, 'Organization');
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
    await requireReadable(ctx, ctx.viewer, organizationId, 'Organization');
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
    await requireReadable(ctx, viewerOf(ctx, apiKey), apiKey.organizationId, 'ApiKey', apiKey.id);
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
    await requireReadable(ctx, viewerOf(ctx, application), application.organizationId, 'Application');
    return statsLoader(ctx, 'application_id', ctx.services.analytics.range(granularity, from, to)).load(application.id);
  }
}
