import { Length, MaxLength } from 'class-validator';
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

@Resolver(() => User)
export class AuthResolver {
  @Mutation(() => LoginPayload, { description: 'Signs in with email and password; returns a session token valid for one hour.' })
  login(@Args() { email, password }: LoginArgs, @Ctx() ctx: Context): Promise<LoginPayload> {
    return ctx.services.auth.login(email, password, ctx.clientAddress);
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
    return ctx.services.organizations.membershipsOf(user.id);
  }

  @FieldResolver(() => [PersonalAccessToken], { description: 'Your personal access tokens (only for yourself).' })
  async personalAccessTokens(@Root() user: User, @Ctx() ctx: Context): Promise<PersonalAccessToken[]> {
    const actor = actorOf(ctx);
    if (actor.user.id !== user.id) return [];
    return ctx.services.auth.personalAccessTokens(actor);
  }
}
