import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { ApiKey } from '../api-keys/api-key.entity';
import { actorOf, Context } from '../graphql/context';
import { PageArgs, PageOf } from '../graphql/pagination';
import { Organization } from '../organizations/organization.entity';
import { notFound } from '../errors';
import { Application } from './application.entity';
import { CreateApplicationInput, UpdateApplicationInput } from './application.inputs';

@ObjectType()
export class ApplicationPage extends PageOf(Application) {}

@Resolver(() => Application)
export class ApplicationResolver {
  @Authorized()
  @Query(() => ApplicationPage)
  applications(@Arg('organizationId', () => ID) organizationId: string, @Args() { page, limit }: PageArgs, @Ctx() ctx: Context) {
    return ctx.services.applications.list(actorOf(ctx), organizationId, page, limit);
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

  @FieldResolver(() => [ApiKey], { description: 'Every key of the application, oldest first.' })
  apiKeys(@Root() application: Application, @Ctx() ctx: Context): Promise<ApiKey[]> {
    return ctx.loaders.apiKeysByApplication.load(application.id);
  }

  @FieldResolver(() => Organization)
  async organization(@Root() application: Application, @Ctx() ctx: Context): Promise<Organization> {
    const organization = await ctx.loaders.organization.load(application.organizationId);
    if (!organization) throw notFound('Organization');
    return organization;
  }
}
