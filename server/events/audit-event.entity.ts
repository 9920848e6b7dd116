import { JSONObjectScalar } from '../shared/json-scalar';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TextColumn, TimeColumn } from '../database/columns';

/**
 * Every state change, written in the same transaction as the change. The rows double as the
 * outbox that subscriptions and webhooks are fed from (`dispatchedAt` null = not yet published).
 */
@ObjectType({ description: 'A recorded state change.' })
@Entity('audit_events')
// Newest first is (created_at DESC, id DESC); each filter has an index ending in that order, so a
// time window is a range inside it and a page reads only its rows.
@Index('IDX_audit_events_org_created', ['organizationId', 'createdAt', 'id'])
@Index('IDX_audit_events_org_type_created', ['organizationId', 'type', 'createdAt', 'id'])
@Index('IDX_audit_events_org_subject_created', ['organizationId', 'subjectId', 'createdAt', 'id'])
export class AuditEvent {
  @Field(() => ID)
  @IdColumn()
  id!: string;

  @Field(() => ID, { nullable: true })
  @RefColumn('organization_id', { nullable: true })
  organizationId!: string | null;

  @Field({ description: 'e.g. api_key.created, api_key.revoked, application.disabled' })
  @TextColumn('type', 64)
  type!: string;

  @Field()
  @TextColumn('subject_type', 32)
  subjectType!: string;

  @Field(() => ID)
  @TextColumn('subject_id', 32)
  subjectId!: string;

  @Field({ description: 'user, personal_access_token, system or temporary_key' })
  @TextColumn('actor_type', 32)
  actorType!: string;

  @Field(() => ID, { nullable: true })
  @RefColumn('actor_id', { nullable: true })
  actorId!: string | null;

  @Field(() => JSONObjectScalar)
  @Column({ name: 'data', type: 'simple-json' })
  data!: Record<string, unknown>;

  @Field()
  @TimeColumn('created_at')
  createdAt!: Date;

  @Index()
  @TimeColumn('dispatched_at', { nullable: true })
  dispatchedAt!: Date | null;
}
