import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { ApiKeyPage } from '../api-keys/api-key.resolver';
import { ApiKey } from '../api-keys/api-key.entity';
import { actorOf, Context, refused, viewerOf } from '../graphql/context';
import { PageArgs, PageOf } from '../graphql/pagination';
import { MAX_PAGE_SIZE, pageRequest, toPage } from '../shared/page';
import { Organization } from '../organizations/organization.entity';
import { badInput } from '../errors';
import { Application } from './application.entity';
import { CreateApplicationInput, UpdateApplicationInput } from './application.inputs';

@ObjectType()
export class ApplicationPage extends PageOf(Application) {}

@Resolver(() => Application)
export class ApplicationResolver {
  @Authorized()
  @Query(() => ApplicationPage)
  applications(@Arg('organizationId', () => ID) organizationId: string, @Args() args: PageArgs, @Ctx() ctx: Context) {
    return ctx.services.applications.list(actorOf(ctx), organizationId, pageRequest(args));
  }

  @Authorized()
  @Query(() => Application)
  application(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Application> {
    return ctx.services.applications.get(actorOf(ctx), id);
  }

  @Authorized()
  @Mutation(() => Application, { description: 'DEVELOPER and up.' })
  createApplication(@Arg('input') input: CreateApplicationInput, @Ctx() ctx: Context): Promise<Application> {
    return ctx.services.applications.create(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => Application, { description: 'ADMIN and up.' })
  updateApplication(@Arg('id', () => ID) id: string, @Arg('input') input: UpdateApplicationInput, @Ctx() ctx: Context): Promise<Application> {
    return ctx.services.applications.update(actorOf(ctx), id, input);
  }

  @Authorized()
  @Mutation(() => Application, { description: 'ADMIN and up. Disabling stops every key of the application at once.' })
  setApplicationEnabled(@Arg('id', () => ID) id: string, @Arg('isEnabled') isEnabled: boolean, @Ctx() ctx: Context): Promise<Application> {
    return ctx.services.applications.setEnabled(actorOf(ctx), id, isEnabled);
  }

  @FieldResolver(() => [ApiKey], { description: `The application's keys, oldest first: the first \`limit\` (1 to ${MAX_PAGE_SIZE}, default ${MAX_PAGE_SIZE}) after \`after\` (a key id). For totals and pages use apiKeyPage.` })
  async apiKeys(
    @Root() application: Application,
    @Arg('limit', () => Int, { defaultValue: MAX_PAGE_SIZE }) limit: number,
    @Arg('after', () => String, { nullable: true }) after: string | null | undefined,
    @Ctx() ctx: Context,
  ): Promise<ApiKey[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) throw badInput('limit', `must be 1 to ${MAX_PAGE_SIZE}`);
    if (after != null && after.length > 32) throw badInput('after', 'is not a cursor from endCursor');
    const viewer = viewerOf(ctx, application);
    const keys = await ctx.loaders.apiKeysOf(viewer, application, { limit, offset: 0, after: after ?? null });
    if (!keys) throw refused(viewer, 'Application');
    return keys.slice(0, limit);
  }

  @FieldResolver(() => ApiKeyPage, { description: 'The application\'s keys in pages, oldest first, with their total (batched across applications).' })
  async apiKeyPage(@Root() application: Application, @Args() args: PageArgs, @Ctx() ctx: Context): Promise<ApiKeyPage> {
    const request = pageRequest(args);
    const viewer = viewerOf(ctx, application);
    const [rows, total] = await Promise.all([
      ctx.loaders.apiKeysOf(viewer, application, { limit: request.limit, offset: (request.page - 1) * request.limit, after: request.after }),
      ctx.loaders.apiKeyCountOf(viewer, application),
    ]);
    if (!rows || !total) throw refused(viewer, 'Application');
    return toPage(rows, total, request);
  }

  @FieldResolver(() => Organization)
  async organization(@Root() application: Application, @Ctx() ctx: Context): Promise<Organization> {
    const viewer = viewerOf(ctx, application);
    const organization = await ctx.loaders.organization(viewer, application.organizationId);
    if (!organization) throw refused(viewer, 'Organization');
    return organization;
  }
}
