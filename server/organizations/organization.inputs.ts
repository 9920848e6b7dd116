import { IsEmail, IsOptional, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { LeakedKeyAction, LiveKeysBeforeKyb } from './organization.enums';

@InputType({ description: 'Fields of the key policy to change; omitted fields keep their value.' })
export class KeyPolicyInput {
  @Field(() => Int, { nullable: true, description: 'null = unlimited; 1 = only one active key per environment.' })
  @IsOptional()
  @Min(1)
  @Max(1000)
  maxActiveKeysPerEnvironment?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1)
  @Max(1000)
  maxKeysPerApplication?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1)
  @Max(1000)
  keyCreationsPerMinutePerUser?: number;

  @Field(() => LiveKeysBeforeKyb, { nullable: true })
  @IsOptional()
  liveKeysBeforeKyb?: LiveKeysBeforeKyb;

  @Field(() => Int, { nullable: true, description: 'Access-token lifetime, 60 to 86400 seconds.' })
  @IsOptional()
  @Min(60)
  @Max(86400)
  tokenTtlSeconds?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1)
  @Max(3650)
  accountSecretRotationDays?: number;

  @Field(() => Int, { nullable: true, description: 'How many previous account secrets may not be reused, 0 to 24.' })
  @IsOptional()
  @Min(0)
  @Max(24)
  accountSecretHistory?: number;

  @Field(() => LeakedKeyAction, { nullable: true, description: 'What a reported leak does to a key: REVOKE (default) or NOTIFY.' })
  @IsOptional()
  leakedKeyAction?: LeakedKeyAction;

  @Field({ nullable: true, description: 'Refuse members without a second factor (MFA_REQUIRED) until they enrol one.' })
  @IsOptional()
  requireMfa?: boolean;
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

@InputType()
export class CreateOrganizationInput {
  @Field()
  @Length(1, 100)
  name!: string;

  @Field({ nullable: true, description: 'Lower-case letters, digits and dashes; derived from the name when omitted.' })
  @IsOptional()
  @Matches(SLUG, { message: 'slug must be 1-63 lower-case letters, digits or dashes, not starting or ending with a dash' })
  slug?: string;

  @Field(() => ID, { nullable: true, description: 'Makes this a connected account of that organization.' })
  @IsOptional()
  @MaxLength(32)
  parentOrganizationId?: string;

  @Field({ nullable: true, description: 'An existing user to add as OWNER.' })
  @IsOptional()
  @IsEmail({ require_tld: false })
  @MaxLength(254)
  ownerEmail?: string;

  @Field(() => KeyPolicyInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  keyPolicy?: KeyPolicyInput;
}

@InputType()
export class UpdateOrganizationInput {
  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 100)
  name?: string;

  @Field(() => KeyPolicyInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  keyPolicy?: KeyPolicyInput;
}
