import { IsEmail, IsOptional, Length, Max, MaxLength, Min } from 'class-validator';
import { JSONObjectScalar as GraphQLJSONObject } from '../shared/json-scalar';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { MemberRole } from './member-role';
import { PersonalAccessToken } from './personal-access-token.entity';
import { SecondFactor, SecondFactorKind } from './second-factor.entity';
import { User } from './user.entity';

@ObjectType({ description: 'A session, or (mfaRequired) the challenge of the second step: completeLogin.' })
export class LoginPayload {
  @Field(() => String, { nullable: true, description: 'A short-lived session token: send it as Authorization: Bearer <token>. Null while a second factor is required.' })
  token!: string | null;

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => User)
  user!: User;

  @Field({ description: 'True when the user has a second factor: call completeLogin with `challenge`.' })
  mfaRequired!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass to completeLogin; valid for 5 minutes.' })
  challenge!: string | null;

  @Field(() => [SecondFactorKind], { description: 'The kinds of second factor the user can answer with.' })
  secondFactorKinds!: SecondFactorKind[];

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'WebAuthn request options (PublicKeyCredentialRequestOptionsJSON) when the user has a passkey.' })
  webauthnOptions!: Record<string, unknown> | null;
}

@ObjectType()
export class StartTotpEnrollmentPayload {
  @Field({ description: 'The base32 secret, for typing into an authenticator app. Shown once.' })
  secret!: string;

  @Field({ description: 'otpauth://totp/… for the QR code.' })
  otpauthUri!: string;
}

@ObjectType()
export class SecondFactorEnrollmentPayload {
  @Field(() => SecondFactor)
  secondFactor!: SecondFactor;

  @Field(() => [String], { description: 'Single-use recovery codes, shown once. Empty when the user already holds unused ones (passkeys).' })
  recoveryCodes!: string[];
}

@ObjectType()
export class StartPasskeyEnrollmentPayload {
  @Field(() => GraphQLJSONObject, { description: 'PublicKeyCredentialCreationOptionsJSON for navigator.credentials.create (e.g. @simplewebauthn/browser startRegistration).' })
  options!: Record<string, unknown>;
}

@ObjectType()
export class CreatePersonalAccessTokenPayload {
  @Field({ description: 'The token (pat_…). Shown once: it cannot be read again.' })
  token!: string;

  @Field(() => PersonalAccessToken)
  personalAccessToken!: PersonalAccessToken;
}

@InputType()
export class CreatePersonalAccessTokenInput {
  @Field()
  @Length(1, 100)
  name!: string;

  @Field(() => ID, { nullable: true, description: 'Limit the token to this organization: elsewhere it finds nothing (NOT_FOUND).' })
  @IsOptional()
  @MaxLength(32)
  organizationId?: string | null;

  @Field(() => MemberRole, { nullable: true, description: "Act with at most this role (the lesser of it and the owner's role)." })
  @IsOptional()
  maxRole?: MemberRole | null;

  @Field(() => Date, { nullable: true, description: 'When the token expires, at most 365 days ahead. Give this or expiresInDays.' })
  @IsOptional()
  expiresAt?: Date | null;

  @Field(() => Int, { nullable: true, description: 'Days until the token expires, 1 to 365. Give this or expiresAt.' })
  @IsOptional()
  @Min(1)
  @Max(365)
  expiresInDays?: number | null;
}

@InputType()
export class CreateUserInput {
  @Field()
  @IsEmail({ require_tld: false })
  @MaxLength(254)
  email!: string;

  @Field({ description: '12 to 128 characters.' })
  @Length(12, 128)
  password!: string;

  @Field({ nullable: true, defaultValue: false })
  isPlatformAdmin?: boolean;
}
