import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { checkSecretArgument } from '../api-keys/lifecycle.resolver';
import { actorOf, Context } from '../graphql/context';
import { Organization } from './organization.entity';
import { KybStatus } from './organization.enums';

/** KYB and the account secret of an organization (SPEC 3.5, 3.7). */
@Resolver(() => Organization)
export class OrganizationLifecycleResolver {
  @Authorized()
  @Mutation(() => Organization, { description: 'Platform admins. APPROVED activates the INACTIVE LIVE keys; leaving APPROVED deactivates the ACTIVE ones.' })
  setKybStatus(@Arg('organizationId', () => ID) organizationId: string, @Arg('status', () => KybStatus) status: KybStatus, @Ctx() ctx: Context): Promise<Organization> {
    return ctx.services.kyb.setStatus(actorOf(ctx), organizationId, status);
  }

  @Authorized()
  @Mutation(() => Organization, {
    description: 'OWNER. 12-30 characters, an upper-case letter, a letter or digit, none of the last 4 (SECRET_POLICY, extensions.rule). currentSecret is required once a secret is set; wrong ones are rate limited.',
  })
  setAccountSecret(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('currentSecret', () => String, { nullable: true }) currentSecret: string | null | undefined,
    @Arg('newSecret') newSecret: string,
    @Ctx() ctx: Context,
  ): Promise<Organization> {
    return ctx.services.accountSecrets.set(actorOf(ctx), organizationId, currentSecret ? checkSecretArgument('currentSecret', currentSecret) : null, checkSecretArgument('newSecret', newSecret));
  }

  @FieldResolver(() => Boolean, { description: 'Whether an account secret has been set (by setAccountSecret or a temporary key exchange).' })
  hasAccountSecret(@Root() organization: Organization): boolean {
    return organization.accountSecretHash !== null;
  }
}
