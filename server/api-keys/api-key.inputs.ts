import { ArrayMaxSize, IsDate, IsOptional, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { JSONObjectScalar } from '../shared/json-scalar';
import { AllowedIpsBounds, CreditRefillInput, MAX_CREDITS, RateLimitInput, RateLimitsBounds } from '../usage/usage.types';
import { Field, ID, InputType, Int } from 'type-graphql';
import { ApiKeyKind, ApiKeyStatus, Environment } from './api-key.enums';

/** e.g. payments:write, refunds, disputes:read */
export const SCOPE_PATTERN = /^[a-z][a-z0-9_]{0,40}(?::[a-z][a-z0-9_]{0,20})?$/;
export const MAX_SCOPES = 50;
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]+$/;
const IDEMPOTENCY_DESCRIPTION = 'Makes retries safe for 24 h: the same key and input replay the first result (secret included); other input under the same key is IDEMPOTENCY_KEY_REUSED.';

/** A key's usage settings (SPEC 7), the same fields on create and update. */
@InputType()
export abstract class KeyUsageInput {
  @Field(() => [RateLimitInput], { nullable: true, description: 'Rate limits on this key (at most 10, names unique); null or [] removes them.' })
  @IsOptional()
  @RateLimitsBounds()
  @ValidateNested({ each: true })
  rateLimits?: RateLimitInput[] | null;

  @Field(() => [String], { nullable: true, description: 'IPv4/IPv6 addresses and CIDR ranges (at most 100); null or [] removes the allowlist.' })
  @IsOptional()
  @AllowedIpsBounds()
  allowedIps?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'The credit balance (0-1,000,000,000); null: unlimited. Setting it replaces the balance.' })
  @IsOptional()
  @Min(0)
  @Max(MAX_CREDITS)
  credits?: number | null;

  @Field(() => CreditRefillInput, { nullable: true, description: 'Resets the balance to `amount` at each interval boundary (UTC); needs credits.' })
  @IsOptional()
  @ValidateNested()
  creditRefill?: CreditRefillInput | null;
}

@InputType()
export class CreateApiKeyInput extends KeyUsageInput {
  @Field(() => ID)
  @MaxLength(32)
  applicationId!: string;

  @Field()
  @Length(1, 255)
  name!: string;

  @Field({ description: 'What the key is for, e.g. "Production checkout service".' })
  @Length(1, 500)
  description!: string;

  @Field(() => Environment)
  environment!: Environment;

  @Field(() => [String], { defaultValue: [], description: 'e.g. payments:write, refunds, disputes:read' })
  @ArrayMaxSize(MAX_SCOPES)
  @Matches(SCOPE_PATTERN, { each: true, message: 'each scope must look like payments:write or refunds' })
  scopes!: string[];

  @Field(() => Date, { nullable: true, description: 'When the key stops working; give this or expiresInDays.' })
  @IsOptional()
  @IsDate()
  expiresAt?: Date | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1)
  @Max(3650)
  expiresInDays?: number | null;

  @Field(() => String, { nullable: true, description: 'HTTPS URL that receives this key\'s events.' })
  @IsOptional()
  @MaxLength(2048)
  webhookUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'The payout account the key is bound to.' })
  @IsOptional()
  @Length(1, 255)
  destination?: string | null;

  @Field(() => JSONObjectScalar, { nullable: true, description: 'Free-form JSON, at most 4 KB.' })
  @IsOptional()
  metadata?: Record<string, unknown> | null;

  @Field({ defaultValue: false, description: 'Keep the secret sealed so retrieveApiKey can return it with the account secret (which must be set first).' })
  @IsOptional()
  recoverable?: boolean;

  @Field(() => String, { nullable: true, description: IDEMPOTENCY_DESCRIPTION })
  @IsOptional()
  @Length(1, 255)
  @Matches(IDEMPOTENCY_KEY_PATTERN, { message: 'idempotencyKey must be printable ASCII without spaces' })
  idempotencyKey?: string | null;
}

@InputType({ description: 'A temporary key (tk_…), valid 7 days, to be exchanged once for a permanent key with these fields.' })
export class IssueTemporaryApiKeyInput {
  @Field(() => ID)
  @MaxLength(32)
  applicationId!: string;

  @Field({ description: 'Name of the permanent key the exchange makes.' })
  @Length(1, 255)
  name!: string;

  @Field()
  @Length(1, 500)
  description!: string;

  @Field(() => Environment)
  environment!: Environment;

  @Field(() => [String], { defaultValue: [] })
  @ArrayMaxSize(MAX_SCOPES)
  @Matches(SCOPE_PATTERN, { each: true, message: 'each scope must look like payments:write or refunds' })
  scopes!: string[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2048)
  webhookUrl?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 255)
  destination?: string | null;

  @Field(() => JSONObjectScalar, { nullable: true })
  @IsOptional()
  metadata?: Record<string, unknown> | null;

  @Field({ defaultValue: false, description: 'Make the permanent key recoverable with the account secret set at the exchange.' })
  @IsOptional()
  recoverable?: boolean;

  @Field(() => String, { nullable: true, description: IDEMPOTENCY_DESCRIPTION })
  @IsOptional()
  @Length(1, 255)
  @Matches(IDEMPOTENCY_KEY_PATTERN, { message: 'idempotencyKey must be printable ASCII without spaces' })
  idempotencyKey?: string | null;
}

@InputType({ description: 'Fields to change; omitted fields keep their value, null clears an optional one.' })
export class UpdateApiKeyInput extends KeyUsageInput {
  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 255)
  name?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 500)
  description?: string;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_SCOPES)
  @Matches(SCOPE_PATTERN, { each: true, message: 'each scope must look like payments:write or refunds' })
  scopes?: string[];

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate()
  expiresAt?: Date | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1)
  @Max(3650)
  expiresInDays?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2048)
  webhookUrl?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 255)
  destination?: string | null;

  @Field(() => JSONObjectScalar, { nullable: true })
  @IsOptional()
  metadata?: Record<string, unknown> | null;
}

@InputType()
export class ApiKeyFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @MaxLength(32)
  applicationId?: string;

  @Field(() => Environment, { nullable: true })
  @IsOptional()
  environment?: Environment;

  @Field(() => ApiKeyStatus, { nullable: true })
  @IsOptional()
  status?: ApiKeyStatus;

  @Field(() => ApiKeyKind, { nullable: true })
  @IsOptional()
  kind?: ApiKeyKind;
}
