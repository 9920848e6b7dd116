import { IsEmail, IsOptional, Length, Max, MaxLength, Min } from 'class-validator';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { PersonalAccessToken } from './personal-access-token.entity';
import { User } from './user.entity';

@ObjectType()
export class LoginPayload {
  @Field({ description: 'A short-lived session token: send it as Authorization: Bearer <token>.' })
  token!: string;

  @Field()
  expiresAt!: Date;

  @Field(() => User)
  user!: User;
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

  @Field(() => Int, { nullable: true, description: 'Days until the token expires; never when omitted.' })
  @IsOptional()
  @Min(1)
  @Max(3650)
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
