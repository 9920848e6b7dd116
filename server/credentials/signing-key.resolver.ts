import { Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { actorOf, Context } from '../graphql/context';

@Resolver()
export class SigningKeyResolver {
  @Authorized()
  @Mutation(() => String, {
    description: 'Platform admins only. Makes a new ES256 access-token signing key and returns its kid; the previous key stays in the JWKS so tokens it signed keep verifying until they expire.',
  })
  rotateSigningKey(@Ctx() ctx: Context): Promise<string> {
    return ctx.services.signingKeys.rotate(actorOf(ctx));
  }
}
