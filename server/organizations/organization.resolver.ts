import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Application } from '../applications/application.entity';
import { ApplicationPage } from '../applications/application.resolver';
import { User } from '../auth/user.entity';
import { notFound } from '../errors';
import { badField } from '../shared/validation';
import { actorOf, Context } from '../graphql/context';
import { PageArgs } from '../graphql/pagination';
import { Membership } from './membership.entity';
import { CreateOrganizationInput, UpdateOrganizationInput } from './organization.inputs';
import { Organization } from './organization.entity';
import { KybStatus, MemberRole } from './organization.enums';

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
  @Mutation(() => Membership, { description: 'OWNER: adds an existing user to the organization.' })
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

  @FieldResolver(() => Organization, { nullable: true, description: 'For a connected account: the platform or partner that manages it.' })
  async parentOrganization(@Root() organization: Organization, @Ctx() ctx: Context): Promise<Organization | null> {
    if (!organization.parentOrganizationId) return null;
    const parent = await ctx.loaders.organization.load(organization.parentOrganizationId);
    return parent && ctx.services.access.canSee(actorOf(ctx), parent) ? parent : null;
  }

  @FieldResolver(() => [Organization])
  connectedAccounts(@Root() organization: Organization, @Ctx() ctx: Context): Promise<Organization[]> {
    return ctx.services.organizations.connectedAccounts(actorOf(ctx), organization);
  }

  @FieldResolver(() => ApplicationPage)
  applications(@Root() organization: Organization, @Args() { page, limit }: PageArgs, @Ctx() ctx: Context) {
    // The organization was loaded through an access check, so reading its applications is allowed.
    return ctx.services.applications.pageOf(organization.id, page, limit);
  }

  @FieldResolver(() => [Membership])
  members(@Root() organization: Organization, @Ctx() ctx: Context): Promise<Membership[]> {
    return ctx.services.organizations.members(actorOf(ctx), organization.id);
  }
}


@Resolver(() => Membership)
export class MemberResolver {
  @FieldResolver(() => User)
  async user(@Root() membership: Membership, @Ctx() ctx: Context): Promise<User> {
    const user = await ctx.loaders.user.load(membership.userId);
    if (!user) throw notFound('User');
    return user;
  }

  @FieldResolver(() => Organization)
  async organization(@Root() membership: Membership, @Ctx() ctx: Context): Promise<Organization> {
    const organization = await ctx.loaders.organization.load(membership.organizationId);
    if (!organization) throw notFound('Organization');
    return organization;
  }
}

