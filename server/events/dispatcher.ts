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
  private running: Promise<number> = Promise.resolve(0);
  private waiting: Promise<number> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private nudged = false;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly pubSub: KeywardPubSub,
    private readonly webhooks: WebhookService,
    private readonly onDeliveriesQueued: () => void,
    private readonly logger: Logger,
    private readonly metrics: EventMetrics = new EventMetrics(),
  ) {}

  /** Resumes from the outbox at once, then polls (events from processes that died before their nudge). */
  start(pollMs: number): void {
    this.stopped = false;
    const tick = () => {
      if (this.stopped || pollMs <= 0) return;
      this.timer = setTimeout(() => void this.runOnce().catch((error) => this.logger.error({ err: error }, 'event dispatch failed')).finally(tick), pollMs);
      this.timer.unref();
    };
    this.nudge();
    tick();
  }

  /** A transaction with audit events committed: dispatch now instead of at the next poll. */
  nudge(): void {
    if (this.stopped || this.nudged) return;
    this.nudged = true;
    setImmediate(() => {
      this.nudged = false;
      if (!this.stopped) void this.runOnce().catch((error) => this.logger.error({ err: error }, 'event dispatch failed'));
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running.catch(() => undefined);
  }

  /** Dispatches everything committed so far; passes of one instance never overlap. */
  runOnce(): Promise<number> {
    // A pass that has not started yet will see everything committed so far: share it, so a burst
    // of nudges queues one pass, not one each.
    if (this.waiting) return this.waiting;
    const pass = this.running.catch(() => 0).then(() => {
      this.waiting = null;
      return this.pass();
    });
    this.waiting = pass;
    this.running = pass;
    return pass;
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
