import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { ApiKey } from '../api-keys/api-key.entity';
import { actorOf, Context } from '../graphql/context';
import { CreditOperation } from './usage.types';

/** SPEC 7 on the key: its credit balance and the mutation that changes it. */
@Resolver(() => ApiKey)
export class UsageResolver {
  @FieldResolver(() => Int, { nullable: true, description: 'Credits left (null: unlimited); a VALID verify spends its cost. Credits leased to a verifying instance are already deducted.' })
  credits(@Root() apiKey: ApiKey, @Ctx() ctx: Context): number | null {
    return ctx.services.usage.creditsOf(apiKey);
  }

  @Authorized()
  @Mutation(() => ApiKey, { description: 'SET, INCREMENT or DECREMENT (never below 0) a key\'s credits. ADMIN and OWNER.' })
  updateApiKeyCredits(
    @Arg('id', () => ID) id: string,
    @Arg('operation', () => CreditOperation) operation: CreditOperation,
    @Arg('amount', () => Int) amount: number,
    @Ctx() ctx: Context,
  ): Promise<ApiKey> {
    return ctx.services.usage.updateCredits(actorOf(ctx), id, operation, amount);
  }
}
