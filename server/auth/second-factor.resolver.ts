import { JSONObjectScalar as GraphQLJSONObject } from '../shared/json-scalar';
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { actorOf, Context } from '../graphql/context';
import { SecondFactorEnrollmentPayload, StartPasskeyEnrollmentPayload, StartTotpEnrollmentPayload } from './auth.types';
import { SecondFactor } from './second-factor.entity';
import { User } from './user.entity';

/** Enrolment and removal of the signed-in user's second factors (SPEC 10). */
@Resolver(() => User)
export class SecondFactorResolver {
  @Authorized()
  @Mutation(() => StartTotpEnrollmentPayload, { description: 'Needs your password. Returns a new TOTP secret; confirmTotpEnrollment with a code from the app finishes the enrolment.' })
  startTotpEnrollment(@Arg('password') password: string, @Ctx() ctx: Context): Promise<StartTotpEnrollmentPayload> {
    return ctx.services.secondFactors.startTotpEnrollment(actorOf(ctx), password.slice(0, 128));
  }

  @Authorized()
  @Mutation(() => SecondFactorEnrollmentPayload, { description: 'Finishes a TOTP enrolment; returns 10 single-use recovery codes, shown once (they replace any earlier ones).' })
  confirmTotpEnrollment(@Arg('code') code: string, @Ctx() ctx: Context): Promise<SecondFactorEnrollmentPayload> {
    return ctx.services.secondFactors.confirmTotpEnrollment(actorOf(ctx), code.slice(0, 12));
  }

  @Authorized()
  @Mutation(() => StartPasskeyEnrollmentPayload, { description: 'Needs your password. Returns WebAuthn creation options for the browser; finishPasskeyEnrollment with its answer.' })
  async startPasskeyEnrollment(@Arg('password') password: string, @Ctx() ctx: Context): Promise<StartPasskeyEnrollmentPayload> {
    return { options: await ctx.services.secondFactors.startPasskeyEnrollment(actorOf(ctx), password.slice(0, 128)) };
  }

  @Authorized()
  @Mutation(() => SecondFactorEnrollmentPayload, { description: "Registers the passkey from the browser's answer (RegistrationResponseJSON)." })
  finishPasskeyEnrollment(@Arg('response', () => GraphQLJSONObject) response: Record<string, unknown>, @Ctx() ctx: Context): Promise<SecondFactorEnrollmentPayload> {
    return ctx.services.secondFactors.finishPasskeyEnrollment(actorOf(ctx), response);
  }

  @Authorized()
  @Mutation(() => SecondFactor, { description: 'Needs your password. Removing the last factor also voids the recovery codes.' })
  removeSecondFactor(@Arg('id', () => ID) id: string, @Arg('password') password: string, @Ctx() ctx: Context): Promise<SecondFactor> {
    return ctx.services.secondFactors.remove(actorOf(ctx), id, password.slice(0, 128));
  }

  @FieldResolver(() => [SecondFactor], { description: 'Your confirmed second factors (only for yourself).' })
  async secondFactors(@Root() user: User, @Ctx() ctx: Context): Promise<SecondFactor[]> {
    const actor = actorOf(ctx);
    if (actor.user.id !== user.id) return [];
    return ctx.services.secondFactors.list(user.id);
  }
}

