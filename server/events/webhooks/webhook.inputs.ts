import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import type { WebhookEventType } from '../../shared/event-types';
import { WebhookEventTypeEnum } from './webhook-event-type';

@InputType()
export class CreateWebhookEndpointInput {
  @Field(() => ID)
  organizationId!: string;

  @Field({ description: 'https:// URL that receives POSTed events.' })
  @MaxLength(2048)
  url!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  description?: string | null;

  @Field(() => [String], { nullable: true, description: 'Event types to deliver (e.g. api_key.revoked); omitted or empty means all.' })
  @IsOptional()
  @ArrayMaxSize(20)
  eventTypes?: string[] | null;

  @Field(() => [WebhookEventTypeEnum], { nullable: true, description: 'eventTypes as the WebhookEventType enum (give one of the two).' })
  @IsOptional()
  @ArrayMaxSize(20)
  events?: WebhookEventType[] | null;
}

@InputType()
export class UpdateWebhookEndpointInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2048)
  url?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  description?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  eventTypes?: string[] | null;

  @Field(() => [WebhookEventTypeEnum], { nullable: true, description: 'eventTypes as the WebhookEventType enum (give one of the two).' })
  @IsOptional()
  @ArrayMaxSize(20)
  events?: WebhookEventType[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Re-enabling clears the failure record.' })
  @IsOptional()
  isEnabled?: boolean | null;
}
