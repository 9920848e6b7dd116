import { IsOptional, Length, MaxLength } from 'class-validator';
import { JSONObjectScalar as GraphQLJSONObject } from '../shared/json-scalar';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { actorOf, Context } from '../graphql/context';
import { Membership } from '../organizations/membership.entity';
import { CreatePersonalAccessTokenInput, CreatePersonalAccessTokenPayload, CreateUserInput, LoginPayload } from './auth.types';
import { PersonalAccessToken } from './personal-access-token.entity';
import { User } from './user.entity';

@ArgsType()
class LoginArgs {
  @Field()
  @MaxLength(254)
  email!: string;

  @Field()
  @Length(1, 128)
  password!: string;
}

@ArgsType()
class CompleteLoginArgs {
  @Field()
  @MaxLength(2000)
  challenge!: string;

  @Field(() => String, { nullable: true, description: 'The 6-digit code of the authenticator app.' })
  @IsOptional()
  @MaxLength(12)
  code?: string | null;

  @Field(() => String, { nullable: true, description: 'One of the recovery codes (each works once).' })
  @IsOptional()
  @MaxLength(40)
  recoveryCode?: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The passkey assertion (AuthenticationResponseJSON) for login.webauthnOptions.' })
  @IsOptional()
  webauthnResponse?: Record<string, unknown> | null;
}

@Resolver(() => User)
export class AuthResolver {
  @Mutation(() => LoginPayload, { description: 'Signs in with email and password; returns a session token valid for one hour.' })
  login(@Args() { email, password }: LoginArgs, @Ctx() ctx: Context): Promise<LoginPayload> {
    return ctx.services.auth.login(email, password, ctx.clientAddress);
  }

  @Mutation(() => LoginPayload, { description: 'The second step of a sign-in with a second factor: the challenge from login and exactly one of code, recoveryCode, webauthnResponse.' })
  completeLogin(@Args() args: CompleteLoginArgs, @Ctx() ctx: Context): Promise<LoginPayload> {
    return ctx.services.auth.completeLogin(args.challenge, { code: args.code, recoveryCode: args.recoveryCode, webauthnResponse: args.webauthnResponse }, ctx.clientAddress);
  }

  @Authorized()
  @Query(() => User, { description: 'The signed-in user.' })
  me(@Ctx() ctx: Context): User {
    return actorOf(ctx).user;
  }

  @Authorized()
  @Mutation(() => CreatePersonalAccessTokenPayload, { description: 'A token for scripts; its value is returned once.' })
  createPersonalAccessToken(@Arg('input') input: CreatePersonalAccessTokenInput, @Ctx() ctx: Context): Promise<CreatePersonalAccessTokenPayload> {
    return ctx.services.auth.createPersonalAccessToken(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => PersonalAccessToken)
  revokePersonalAccessToken(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<PersonalAccessToken> {
    return ctx.services.auth.revokePersonalAccessToken(actorOf(ctx), id);
  }

  @Authorized()
  @Mutation(() => User, { description: 'Platform admins only.' })
  createUser(@Arg('input') input: CreateUserInput, @Ctx() ctx: Context): Promise<User> {
    return ctx.services.auth.createUser(actorOf(ctx), input);
  }

  @FieldResolver(() => [Membership], { description: 'The organizations this user belongs to (only for yourself).' })
  async memberships(@Root() user: User, @Ctx() ctx: Context): Promise<Membership[]> {
    const actor = actorOf(ctx);
    if (actor.user.id !== user.id) return [];
    // A token limited to an organization lists only the memberships it may act through.
    return (await ctx.services.organizations.membershipsOf(user.id)).filter((m) => actor.memberships.has(m.organizationId));
  }

  @FieldResolver(() => [PersonalAccessToken], { description: 'Your personal access tokens (only for yourself).' })
  async personalAccessTokens(@Root() user: User, @Ctx() ctx: Context): Promise<PersonalAccessToken[]> {
    const actor = actorOf(ctx);
    if (actor.user.id !== user.id) return [];
    return ctx.services.auth.personalAccessTokens(actor);
  }
}
