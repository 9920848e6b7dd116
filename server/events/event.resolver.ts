import { Arg, Authorized, Field, ID, ObjectType, Resolver, Root, Subscription, registerEnumType } from 'type-graphql';
import { Application } from '../applications/application.entity';
import { Context } from '../graphql/context';
import { AuditEvent } from './audit-event.entity';
import { ApplicationStatus, ApplicationStatusMessage, applicationOf, AuditEventMessage, auditEventOf } from './event-messages';
import { delivered, Guarded, organizationStream } from './subscription-stream';

registerEnumType(ApplicationStatus, { name: 'ApplicationStatus', description: 'ENABLED or DISABLED (isEnabled).' });

@ObjectType()
export class ApplicationStatusChanged {
  @Field(() => Application)
  application!: Application;

  @Field(() => ApplicationStatus)
  previousStatus!: ApplicationStatus;

  @Field(() => ApplicationStatus)
  status!: ApplicationStatus;

  @Field()
  occurredAt!: Date;
}

/** Subscriptions fed by the event dispatcher from committed audit events. */
@Resolver()
export class EventResolver {
  @Authorized()
  @Subscription(() => ApplicationStatusChanged, {
    description: 'Applications of the organization enabled or disabled. Members of the organization only.',
    subscribe: ({ args, context }) => {
      const ctx = context as Context;
      return organizationStream(ctx, String(args.organizationId), (id) => ctx.services.pubSub.subscribe('APPLICATION_STATUS_CHANGED', id));
    },
  })
  applicationStatusChanged(@Root() guarded: Guarded<ApplicationStatusMessage>, @Arg('organizationId', () => ID) _organizationId: string): ApplicationStatusChanged {
    const message = delivered(guarded);
    return { application: applicationOf(message.application), previousStatus: message.previousStatus, status: message.status, occurredAt: new Date(message.occurredAt) };
  }

  @Authorized()
  @Subscription(() => AuditEvent, {
    description: 'Every audit event of the organization as it is committed. Members of the organization only.',
    subscribe: ({ args, context }) => {
      const ctx = context as Context;
      return organizationStream(ctx, String(args.organizationId), (id) => ctx.services.pubSub.subscribe('AUDIT_EVENT_ADDED', id));
    },
  })
  auditEventAdded(@Root() guarded: Guarded<AuditEventMessage>, @Arg('organizationId', () => ID) _organizationId: string): AuditEvent {
    return auditEventOf(delivered(guarded).event);
  }
}
