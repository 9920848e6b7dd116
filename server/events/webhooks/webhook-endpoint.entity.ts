import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TextColumn, TimeColumn } from '../../database/columns';
import { isWebhookEventType } from '../../shared/event-types';
import { WebhookEventTypeEnum } from './webhook-event-type';

@ObjectType({ description: 'An organization\'s webhook endpoint. Its signing secret is returned once, by the mutation that makes it.' })
@Entity('webhook_endpoints')
@Index(['organizationId', 'id'])
export class WebhookEndpoint {
  @Field(() => ID)
  @IdColumn()
  id!: string;

  @Field(() => ID)
  @RefColumn('organization_id')
  organizationId!: string;

  @Field()
  @TextColumn('url', 2048)
  url!: string;

  @Field(() => String, { nullable: true })
  @TextColumn('description', 500, { nullable: true })
  description!: string | null;

  @Field(() => [String], { description: 'Event types delivered here; empty means every type.' })
  @Column({ name: 'event_types', type: 'simple-json' })
  eventTypes!: string[];

  @Field(() => [WebhookEventTypeEnum], { description: 'eventTypes as the WebhookEventType enum; empty means every type.' })
  get events(): string[] {
    return this.eventTypes.filter(isWebhookEventType);
  }

  @Field({ description: 'False once disabled by hand, by a 410 answer, or after 3 days of failures.' })
  @Column({ name: 'is_enabled', type: 'boolean', default: true })
  isEnabled!: boolean;

  @Field(() => String, { nullable: true })
  @TextColumn('disabled_reason', 255, { nullable: true })
  disabledReason!: string | null;

  /** `whsec_…`, sealed with KeyRing.encrypt (bound to the endpoint id); never stored readable. */
  @Column({ name: 'secret_sealed', type: 'text' })
  secretSealed!: string;

  @Field({ description: 'The first characters of the current secret, to tell secrets apart.' })
  @TextColumn('secret_prefix', 16)
  secretPrefix!: string;

  /** The secret before the last rotation: deliveries are signed with both until it expires. */
  @Column({ name: 'previous_secret_sealed', type: 'text', nullable: true })
  previousSecretSealed!: string | null;

  @Field(() => Date, { nullable: true, description: 'Until when deliveries are also signed with the previous secret.' })
  @TimeColumn('previous_secret_expires_at', { nullable: true })
  previousSecretExpiresAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Start of the current run of failed attempts; null while deliveries succeed.' })
  @TimeColumn('failing_since', { nullable: true })
  failingSince!: Date | null;

  @Field()
  @TimeColumn('created_at')
  createdAt!: Date;

  @Field()
  @TimeColumn('updated_at')
  updatedAt!: Date;
}
