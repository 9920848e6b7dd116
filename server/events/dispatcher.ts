import { BackgroundLoop } from '../shared/background-loop';
import { In, IsNull } from 'typeorm';
import { ApiKey } from '../api-keys/api-key.entity';
import { effectiveStatus } from '../api-keys/key-status';
import { Application } from '../applications/application.entity';
import { Clock } from '../clock';
import { Database } from '../database/database';
import { Logger } from '../logger';
import { AuditEvent } from './audit-event.entity';
import { apiKeyJson, toJson } from './event-messages';
import { EventMetrics } from './event-metrics';
import { ACCESS_EVENT_TYPES, applicationTransitionOf, keyTransitionOf } from './event-types';
import { KeywardPubSub } from './pubsub';
import { WebhookService } from './webhooks/webhook.service';

const BATCH = 200;

/**
 * Feeds subscriptions and webhooks from the outbox (audit events with `dispatched_at` null). Each
 * pass claims committed rows (`FOR UPDATE SKIP LOCKED` on MySQL, so instances split the work),
 * queues webhook deliveries and marks the rows in one transaction, and publishes just before that
 * commit: nothing uncommitted is ever announced, and a crash at any point leaves the rows for the
 * next pass (on this instance after a restart, or on any other), so nothing committed is lost.
 * Subscribers may, rarely, see an event twice; webhooks are queued exactly once.
 */
export class EventDispatcher {
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly pubSub: KeywardPubSub,
    private readonly webhooks: WebhookService,
    private readonly onDeliveriesQueued: () => void,
    private readonly logger: Logger,
    private readonly metrics: EventMetrics = new EventMetrics(),
  ) {
    this.loop = new BackgroundLoop('event dispatch', () => this.pass(), logger);
  }

  start(pollMs: number): void {
    this.loop.start(pollMs);
    // Resume from the outbox at once: events committed before a crash or restart.
    this.loop.nudge();
  }

  /** Work is waiting: run now instead of at the next poll. */
  nudge(): void {
    this.loop.nudge();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** One pass after the one under way (tests drive the clock and call this). */
  runOnce(): Promise<number> {
    return this.loop.runOnce();
  }

  private async pass(): Promise<number> {
    let total = 0;
    for (;;) {
      const { dispatched, queued } = await this.batch();
      total += dispatched;
      this.metrics.dispatched += dispatched;
      this.metrics.queued += queued;
      if (queued > 0) this.onDeliveriesQueued();
      if (dispatched < BATCH) return total;
    }
  }

  private batch(): Promise<{ dispatched: number; queued: number }> {
    return this.db.transaction(async (manager) => {
      const query = manager.createQueryBuilder(AuditEvent, 'e').where('e.dispatched_at IS NULL').orderBy('e.created_at', 'ASC').addOrderBy('e.id', 'ASC').limit(BATCH);
      if (this.db.dialect === 'mysql') query.setLock('pessimistic_write').setOnLocked('skip_locked');
      const events = await query.getMany();
      if (events.length === 0) return { dispatched: 0, queued: 0 };
      const now = this.clock.now();

      const idsOf = (type: string) => [...new Set(events.filter((e) => e.subjectType === type).map((e) => e.subjectId))];
      const keyIds = idsOf('api_key');
      const applicationIds = idsOf('application');
      const keys = new Map((keyIds.length ? await manager.find(ApiKey, { where: { id: In(keyIds) } }) : []).map((k) => [k.id, k]));
      const applications = new Map((applicationIds.length ? await manager.find(Application, { where: { id: In(applicationIds) } }) : []).map((a) => [a.id, a]));

      const queued = await this.webhooks.enqueue(manager, events, keys, applications, now);
      const ids = events.map((e) => e.id);
      for (let i = 0; i < ids.length; i += 500) await manager.update(AuditEvent, { id: In(ids.slice(i, i + 500)), dispatchedAt: IsNull() }, { dispatchedAt: now });

      for (const event of events) {
        event.dispatchedAt = now;
        this.publish(event, keys, applications, now);
      }
      return { dispatched: events.length, queued };
    });
  }

  private publish(event: AuditEvent, keys: ReadonlyMap<string, ApiKey>, applications: ReadonlyMap<string, Application>, now: Date): void {
    if (ACCESS_EVENT_TYPES.has(event.type)) {
      const userId = typeof event.data.userId === 'string' ? event.data.userId : null;
      this.pubSub.publish('ACCESS_CHANGED', { userId });
    }
    const organizationId = event.organizationId;
    // A change to a user's sign-in (SPEC 10) is announced to that user.
    if (!organizationId && event.subjectType === 'user') this.pubSub.publish('USER_EVENT_ADDED', event.subjectId, { event: toJson(event) });
    if (!organizationId) return;
    this.pubSub.publish('AUDIT_EVENT_ADDED', organizationId, { event: toJson(event) });
    const occurredAt = event.createdAt.toISOString();
    const apiKey = event.subjectType === 'api_key' ? keys.get(event.subjectId) : undefined;
    if (apiKey) {
      const transition = keyTransitionOf(event, effectiveStatus(apiKey, now));
      if (transition) this.pubSub.publish('API_KEY_STATUS_CHANGED', organizationId, { eventId: event.id, eventType: event.type, apiKey: apiKeyJson(apiKey), ...transition, occurredAt });
    }
    const application = event.subjectType === 'application' ? applications.get(event.subjectId) : undefined;
    const appTransition = application ? applicationTransitionOf(event) : null;
    if (application && appTransition) this.pubSub.publish('APPLICATION_STATUS_CHANGED', organizationId, { eventId: event.id, application: toJson(application), ...appTransition, occurredAt });
  }
}
