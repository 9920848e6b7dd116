import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Application } from '../applications/application.entity';
import { ApplicationPage } from '../applications/application.resolver';
import { User, userSeenBy } from '../auth/user.entity';
import { badField } from '../shared/validation';
import { actorOf, Context, refused, requireReadable, viewerOf } from '../graphql/context';
import { PageArgs } from '../graphql/pagination';
import { pageRequest } from '../shared/page';
import { Membership } from './membership.entity';
import { CreateOrganizationInput, UpdateOrganizationInput } from './organization.inputs';
import { Organization } from './organization.entity';
import { MemberRole } from '../auth/member-role';
import { KybStatus } from './organization.enums';

@Resolver(() => Organization)
export class OrganizationResolver {
  @Authorized()
  @Query(() => [Organization], { description: 'Organizations you belong to and their connected accounts (all of them for a platform admin).' })
  organizations(@Ctx() ctx: Context): Promise<Organization[]> {
    return ctx.services.organizations.list(actorOf(ctx));
  }

  @Authorized()
  @Query(() => Organization)
  organization(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Organization> {
    return ctx.services.organizations.get(actorOf(ctx), id);
  }

  @Authorized()
  @Mutation(() => Organization, { description: 'Platform admins; or an OWNER of the parent, for a connected account.' })
  createOrganization(@Arg('input') input: CreateOrganizationInput, @Ctx() ctx: Context): Promise<Organization> {
    return ctx.services.organizations.create(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => Organization, { description: 'OWNER: rename, or change the key policy (input.keyPolicy).' })
  updateOrganization(@Arg('id', () => ID) id: string, @Arg('input') input: UpdateOrganizationInput, @Ctx() ctx: Context): Promise<Organization> {
    return ctx.services.organizations.update(actorOf(ctx), id, input);
  }

  @Authorized()
  @Mutation(() => Membership, { description: 'OWNER: adds a user by email. An email nobody has yet becomes a pending user (who cannot sign in until a platform admin creates the user with createUser), so the answer is the same whether or not the email is known.' })
  addMember(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('email') email: string,
    @Arg('role', () => MemberRole) role: MemberRole,
    @Ctx() ctx: Context,
  ): Promise<Membership> {
    if (email.length > 254) throw badField('email', 'must be at most 254 characters');
    return ctx.services.organizations.addMember(actorOf(ctx), organizationId, email, role);
  }

  @Authorized()
  @Mutation(() => Membership, { description: 'OWNER. The last OWNER cannot be demoted (CONFLICT).' })
  updateMemberRole(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('userId', () => ID) userId: string,
    @Arg('role', () => MemberRole) role: MemberRole,
    @Ctx() ctx: Context,
  ): Promise<Membership> {
    return ctx.services.organizations.updateMemberRole(actorOf(ctx), organizationId, userId, role);
  }

  @Authorized()
  @Mutation(() => Membership, { description: 'OWNER. Takes effect on the member\'s next request. The last OWNER cannot be removed (CONFLICT).' })
  removeMember(@Arg('organizationId', () => ID) organizationId: string, @Arg('userId', () => ID) userId: string, @Ctx() ctx: Context): Promise<Membership> {
    return ctx.services.organizations.removeMember(actorOf(ctx), organizationId, userId);
  }

  @FieldResolver(() => Boolean, { description: 'True once KYB is approved.' })
  paymentsEnabled(@Root() organization: Organization): boolean {
    return organization.kybStatus === KybStatus.APPROVED;
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'For a connected account: the platform or partner that manages it (null when you cannot read it).' })
  async parentOrganization(@Root() organization: Organization, @Ctx() ctx: Context): Promise<Organization | null> {
    const viewer = viewerOf(ctx, organization);
    await requireReadable(ctx, viewer, organization.id, 'Organization');
    if (!organization.parentOrganizationId) return null;
    return ctx.loaders.organization(viewer, organization.parentOrganizationId);
  }

  @FieldResolver(() => [Organization])
  async connectedAccounts(@Root() organization: Organization, @Ctx() ctx: Context): Promise<Organization[]> {
    const viewer = viewerOf(ctx, organization);
    await requireReadable(ctx, viewer, organization.id, 'Organization');
    return ctx.services.organizations.connectedAccounts(viewer, organization.id);
  }

  @FieldResolver(() => ApplicationPage)
  async applications(@Root() organization: Organization, @Args() args: PageArgs, @Ctx() ctx: Context) {
    await requireReadable(ctx, viewerOf(ctx, organization), organization.id, 'Organization');
    return ctx.services.applications.pageOf(organization.id, pageRequest(args));
  }

  @FieldResolver(() => [Membership])
  async members(@Root() organization: Organization, @Ctx() ctx: Context): Promise<Membership[]> {
    const viewer = viewerOf(ctx, organization);
    await requireReadable(ctx, viewer, organization.id, 'Organization');
    if (viewer.kind !== 'member') throw refused(viewer, 'Organization');
    return ctx.services.organizations.members(viewer.actor, organization.id);
  }
}


@Resolver(() => Membership)
export class MemberResolver {
  @FieldResolver(() => User)
  async user(@Root() membership: Membership, @Ctx() ctx: Context): Promise<User> {
    const viewer = viewerOf(ctx, membership);
    const user = await ctx.loaders.member(viewer, membership.userId, membership.organizationId);
    if (!user) throw refused(viewer, 'User');
    return userSeenBy(ctx.actor?.user, user);
  }

  @FieldResolver(() => Organization)
  async organization(@Root() membership: Membership, @Ctx() ctx: Context): Promise<Organization> {
    const viewer = viewerOf(ctx, membership);
    const organization = await ctx.loaders.organization(viewer, membership.organizationId);
    if (!organization) throw refused(viewer, 'Organization');
    return organization;
  }
}
