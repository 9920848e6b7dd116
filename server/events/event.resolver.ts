import { Arg, Authorized, Field, ID, ObjectType, Resolver, Root, Subscription, registerEnumType } from 'type-graphql';
import { Application } from '../applications/application.entity';
import { actorOf, Context } from '../graphql/context';
import { isNarrowed } from '../auth/token-scope';
import { forbidden } from '../errors';
import { AuditEvent } from './audit-event.entity';
import { badInput } from '../errors';
import { isWellFormedId } from '../shared/random';
import { eventIdTime, REPLAY_MAX_AGE_MS, resumableAuditEvents } from './audit-replay';
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
    description: 'Security events of the signed-in user as they are committed: second factors added or removed, recovery codes used.',
    subscribe: ({ context }) => {
      const ctx = context as Context;
      const actor = actorOf(ctx);
      if (isNarrowed(actor.tokenScope)) throw forbidden('A personal access token limited to an organization or role cannot watch its owner\'s security events');
      return ctx.services.pubSub.subscribe('USER_EVENT_ADDED', actor.user.id);
    },
  })
  securityEventAdded(@Root() message: AuditEventMessage): AuditEvent {
    return auditEventOf(message.event);
  }

  @Authorized()
  @Subscription(() => AuditEvent, {
    description:
      'Every audit event of the organization as it is committed. Members of the organization only. With `after` (a cursor: an event id), ' +
      'first replays the committed events after it, then continues live. No event is skipped, neither across a reconnect with `after` nor ' +
      'while the server\'s own Redis connection recovers; events near the cursor may come twice: deduplicate by `id`.',
    subscribe: ({ args, context }) => {
      const ctx = context as Context;
      const after = args.after == null ? null : String(args.after);
      if (after !== null && !isWellFormedId('evt', after)) throw badInput('after', 'is not an event id (a cursor of auditEvents or the id of a received event)');
      if (after !== null && eventIdTime(after) < ctx.services.clock.now().getTime() - REPLAY_MAX_AGE_MS) throw badInput('after', 'is more than 24 hours old: read what came after it with auditEvents');
      const { events, auditEvents } = ctx.services;
      return organizationStream(ctx, String(args.organizationId), (id) =>
        resumableAuditEvents({
          live: ctx.services.pubSub.subscribe('AUDIT_EVENT_ADDED', id),
          feed: events.feed,
          committedAfter: (afterId, limit) => auditEvents.committedAfter(id, afterId, limit),
          after,
          now: () => ctx.services.clock.now().getTime(),
        }),
      );
    },
  })
  auditEventAdded(
    @Root() guarded: Guarded<AuditEventMessage>,
    @Arg('organizationId', () => ID) _organizationId: string,
    @Arg('after', () => String, { nullable: true, description: 'Resume after this event id (an auditEvents cursor or the last id received).' }) _after: string | null | undefined,
  ): AuditEvent {
    return auditEventOf(delivered(guarded).event);
  }
}
