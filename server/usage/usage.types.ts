import { ArrayMaxSize, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CreditOperation, CreditRefillInterval, CreditRefillSpec, MAX_ALLOWED_IPS, MAX_CREDITS, MAX_RATE_LIMIT, MAX_RATE_LIMITS, MAX_WINDOW_SECONDS, RATE_LIMIT_NAME, RateLimitSpec } from './usage.constants';

export * from './usage.constants';

registerEnumType(CreditRefillInterval, { name: 'CreditRefillInterval', description: 'Refills happen at 00:00 UTC: every day, or on `dayOfMonth` (the last day of shorter months).' });
registerEnumType(CreditOperation, { name: 'CreditOperation' });


@ObjectType({ description: 'At most `limit` units of cost per fixed window of `windowSeconds` (aligned to the Unix epoch).' })
export class RateLimit implements RateLimitSpec {
  @Field()
  name!: string;

  @Field(() => Int)
  limit!: number;

  @Field(() => Int)
  windowSeconds!: number;
}

@InputType({ description: 'limit 1-1,000,000,000, windowSeconds 1-86,400; names unique per key or application.' })
export class RateLimitInput implements RateLimitSpec {
  @Field({ description: 'e.g. per-second, burst, daily: letters, digits and _ . : -, up to 64 characters.' })
  @Length(1, 64)
  @Matches(RATE_LIMIT_NAME, { message: 'name must be letters, digits and _ . : - (starting with a letter or digit)' })
  name!: string;

  @Field(() => Int)
  @Min(1)
  @Max(MAX_RATE_LIMIT)
  limit!: number;

  @Field(() => Int)
  @Min(1)
  @Max(MAX_WINDOW_SECONDS)
  windowSeconds!: number;
}

@ObjectType()
export class CreditRefill implements CreditRefillSpec {
  @Field(() => Int, { description: 'The balance after each refill (a refill sets, it does not add).' })
  amount!: number;

  @Field(() => CreditRefillInterval)
  interval!: CreditRefillInterval;

  @Field(() => Int, { nullable: true, description: 'MONTHLY only: 1-31, default 1.' })
  dayOfMonth!: number | null;
}

@InputType()
export class CreditRefillInput {
  @Field(() => Int)
  @Min(0)
  @Max(MAX_CREDITS)
  amount!: number;

  @Field(() => CreditRefillInterval)
  interval!: CreditRefillInterval;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1)
  @Max(31)
  dayOfMonth?: number | null;
}

/** Class-validator decorators shared by the four inputs that carry usage settings. */
export const RateLimitsBounds = (): PropertyDecorator => ArrayMaxSize(MAX_RATE_LIMITS, { message: `at most ${MAX_RATE_LIMITS} rate limits` });
export const AllowedIpsBounds = (): PropertyDecorator => ArrayMaxSize(MAX_ALLOWED_IPS, { message: `at most ${MAX_ALLOWED_IPS} allowlist entries` });
