import { IsOptional, Length, MaxLength, ValidateNested } from 'class-validator';
import { AllowedIpsBounds, RateLimitInput, RateLimitsBounds } from '../usage/usage.types';
import { Field, ID, InputType } from 'type-graphql';

/** What create and update share: the description and the usage settings of SPEC 7. */
@InputType()
export abstract class ApplicationSettingsInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  description?: string | null;

  @Field(() => [RateLimitInput], { nullable: true, description: 'Rate limits shared by all the application\'s keys (at most 10, names unique); null or [] removes them.' })
  @IsOptional()
  @RateLimitsBounds()
  @ValidateNested({ each: true })
  rateLimits?: RateLimitInput[] | null;

  @Field(() => [String], { nullable: true, description: 'IPv4/IPv6 addresses and CIDR ranges (at most 100) every key of the application must be used from.' })
  @IsOptional()
  @AllowedIpsBounds()
  allowedIps?: string[] | null;
}

@InputType()
export class CreateApplicationInput extends ApplicationSettingsInput {
  @Field(() => ID)
  @MaxLength(32)
  organizationId!: string;

  @Field({ description: '1-100 characters, unique within the organization (case-insensitive).' })
  @Length(1, 100)
  name!: string;
}

@InputType()
export class UpdateApplicationInput extends ApplicationSettingsInput {
  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 100)
  name?: string;
}
