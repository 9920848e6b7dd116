import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { IdColumn, RefColumn, TextColumn, TimeColumn } from '../../database/columns';

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}
registerEnumType(WebhookDeliveryStatus, { name: 'WebhookDeliveryStatus', description: 'PENDING until a 2xx (SUCCEEDED) or until retries run out or the endpoint goes away (FAILED).' });

@ObjectType({ description: 'One attempt to deliver a delivery.' })
@Entity('webhook_delivery_attempts')
export class WebhookDeliveryAttempt {
  @PrimaryColumn({ name: 'delivery_id', type: 'varchar', length: 32 })
  deliveryId!: string;

  @Field(() => Int, { description: '1 for the first attempt.' })
  @PrimaryColumn({ name: 'attempt', type: 'int' })
  attempt!: number;

  @Field()
  @TimeColumn('attempted_at')
  attemptedAt!: Date;

  @Field(() => Int, { nullable: true, description: 'The HTTP status answered; null when no answer came (timeout, refused, blocked address).' })
  @Column({ name: 'status_code', type: 'int', nullable: true })
  statusCode!: number | null;

  @Field(() => String, { nullable: true })
  @TextColumn('error', 500, { nullable: true })
  error!: string | null;

  @Field(() => Int)
  @Column({ name: 'duration_ms', type: 'int' })
  durationMs!: number;
}

/**
 * One event for one target (an organization endpoint or a key's own webhookUrl), queued in the
 * dispatcher's transaction. Its event id is the `webhook-id`: the same on every retry.
 */
@ObjectType({ description: 'An event queued for one webhook target, with its attempts.' })
@Entity('webhook_deliveries')
@Index(['endpointId', 'id'])
@Index(['apiKeyId', 'id'])
@Index(['status', 'nextAttemptAt'])
export class WebhookDelivery {
  @Field(() => ID)
  @IdColumn()
  id!: string;

  @RefColumn('organization_id')
  organizationId!: string;

  @Field(() => ID, { nullable: true })
  @RefColumn('endpoint_id', { nullable: true })
  endpointId!: string | null;

  @Field(() => ID, { nullable: true, description: 'Set when the target is the key\'s own webhookUrl.' })
  @RefColumn('api_key_id', { nullable: true })
  apiKeyId!: string | null;

  @Field(() => ID, { description: 'The audit event delivered; also the webhook-id header.' })
  @RefColumn('event_id')
  eventId!: string;

  @Field()
  @TextColumn('event_type', 64)
  eventType!: string;

  /** A key's webhookUrl as it was when queued (a record only: attempts go to the key's current webhookUrl, endpoint deliveries to the endpoint's current URL). */
  @TextColumn('url', 2048, { nullable: true })
  url!: string | null;

  /** The JSON body, byte for byte the same on every attempt. */
  @Column({ name: 'payload', type: 'text' })
  payload!: string;

  @Field(() => WebhookDeliveryStatus)
  @TextColumn('status', 16)
  status!: WebhookDeliveryStatus;

  @Field(() => Int)
  @Column({ name: 'attempt_count', type: 'int', default: 0 })
  attemptCount!: number;

  @Field(() => Date, { nullable: true, description: 'When the next attempt is due (PENDING only).' })
  @TimeColumn('next_attempt_at', { nullable: true })
  nextAttemptAt!: Date | null;

  @Field(() => Int, { nullable: true })
  @Column({ name: 'last_status_code', type: 'int', nullable: true })
  lastStatusCode!: number | null;

  @Field(() => String, { nullable: true })
  @TextColumn('last_error', 500, { nullable: true })
  lastError!: string | null;

  @Field(() => Date, { nullable: true })
  @TimeColumn('delivered_at', { nullable: true })
  deliveredAt!: Date | null;

  @Field()
  @TimeColumn('created_at')
  createdAt!: Date;

  /** Filled by the service for the API (not a column). */
  @Field(() => [WebhookDeliveryAttempt])
  attempts?: WebhookDeliveryAttempt[];
}
