import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ApiKey } from '../api-keys/api-key.entity';

export enum StatsGranularity {
  MINUTE = 'MINUTE',
  HOUR = 'HOUR',
  DAY = 'DAY',
}

registerEnumType(StatsGranularity, { name: 'StatsGranularity', description: 'Bucket size: MINUTE (kept 48 h, up to 48 h per query), HOUR (90 days), DAY (2 years).' });

@InputType({ description: 'Narrows verification statistics; `from` / `to` default to the last hour (MINUTE), day (HOUR) or 30 days (DAY).' })
export class VerificationStatsFilter {
  @Field(() => ID, { nullable: true })
  applicationId?: string;

  @Field(() => ID, { nullable: true })
  apiKeyId?: string;

  @Field(() => Date, { nullable: true })
  from?: Date;

  @Field(() => Date, { nullable: true })
  to?: Date;
}

@ObjectType()
export class VerificationCount {
  @Field({ description: 'A verify code (VALID, REVOKED, INSUFFICIENT_SCOPE, …); token requests count under the same codes.' })
  code!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'Verify and token requests in one bucket.' })
export class VerificationBucket {
  @Field(() => Date)
  start!: Date;

  @Field(() => Int)
  total!: number;

  @Field(() => Int)
  valid!: number;

  @Field(() => [VerificationCount], { description: 'Counts by code, largest first; codes with no requests are left out.' })
  byCode!: VerificationCount[];
}

@ObjectType({ description: 'A key and its requests in a time range.' })
export class ApiKeyUsage {
  @Field(() => ApiKey)
  apiKey!: ApiKey;

  @Field(() => Int)
  total!: number;

  @Field(() => Int)
  valid!: number;

  @Field({ description: 'True when no key left out of the answer has more requests than this one. False only when many keys are nearly equally busy and ranking them all would cost too much: the totals are still exact, but a key not listed may have more (README, "Usage analytics").' })
  certain!: boolean;
}
