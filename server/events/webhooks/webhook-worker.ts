import { BackgroundLoop } from '../../shared/background-loop';
import { Clock } from '../../clock';
import { Database } from '../../database/database';
import { Logger } from '../../logger';
import { EventMetrics } from '../event-metrics';
import { recordEvent, SYSTEM_ACTOR } from '../audit';
import { SafeHttpClient, WebhookResponse } from './safe-http';
import { WebhookDelivery, WebhookDeliveryAttempt, WebhookDeliveryStatus } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { signatureHeader } from './webhook-signing';
import { DeliveryTarget, WebhookService } from './webhook.service';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Wait before attempt n+1 after attempt n failed: exponential at first, then capped, adding up to
 * about 3 days (73.6 h) over 11 attempts; after the last one the delivery is FAILED.
 */
export const RETRY_DELAYS_MS: readonly number[] = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR, 10 * HOUR, 12 * HOUR, 24 * HOUR];
/** An endpoint failing for this long without one success is disabled. */
export const DISABLE_AFTER_FAILING_MS = 3 * 24 * HOUR;
/** A claimed delivery is not claimed again before this, so a worker that dies mid-attempt only delays it. */
export const LEASE_MS = 60 * SECOND;
const BATCH = 25;

/**
 * Sends queued deliveries. Claiming takes `FOR UPDATE SKIP LOCKED` on MySQL (SQLite's transactions
 * are serialized) and moves `next_attempt_at` a lease ahead, so with any number of instances each
 * delivery is attempted by one worker at a time; the HTTP call happens outside any transaction.
 */
export class WebhookWorker {
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly webhooks: WebhookService,
    readonly http: SafeHttpClient,
    private readonly logger: Logger,
    private readonly metrics: EventMetrics = new EventMetrics(),
  ) {
    this.loop = new BackgroundLoop('webhook worker pass', () => this.pass(), logger);
  }

  start(pollMs: number): void {
    this.loop.start(pollMs);
  }

  /** Work is waiting: run now instead of at the next poll. */
  nudge(): void {
    this.loop.nudge();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    this.http.close();
  }

  /** One pass after the one under way (tests drive the clock and call this). */
  runOnce(): Promise<number> {
    return this.loop.runOnce();
  }

  private async pass(): Promise<number> {
    let total = 0;
    for (;;) {
      const claimed = await this.claim();
      if (claimed.length === 0) return total;
      await Promise.all(claimed.map((delivery) => this.attempt(delivery)));
      total += claimed.length;
      if (claimed.length < BATCH) return total;
    }
  }

  private claim(): Promise<WebhookDelivery[]> {
    return this.db.transaction(async (manager) => {
      const now = this.clock.now();
      const query = manager
        .createQueryBuilder(WebhookDelivery, 'd')
        .where('d.status = :status', { status: WebhookDeliveryStatus.PENDING })
        .andWhere('d.next_attempt_at <= :now', { now })
        .orderBy('d.next_attempt_at', 'ASC')
        .addOrderBy('d.id', 'ASC')
        .limit(BATCH);
      if (this.db.dialect === 'mysql') query.setLock('pessimistic_write').setOnLocked('skip_locked');
      const due = await query.getMany();
      if (due.length === 0) return [];
      const leaseUntil = new Date(now.getTime() + LEASE_MS);
      for (const delivery of due) {
        delivery.attemptCount += 1;
        await manager.update(WebhookDelivery, { id: delivery.id }, { attemptCount: delivery.attemptCount, nextAttemptAt: leaseUntil });
      }
      return due;
    });
  }

  private async attempt(delivery: WebhookDelivery): Promise<void> {
    const target = await this.webhooks.targetOf(this.db.manager, delivery, this.clock.now());
    let response: WebhookResponse;
    if (typeof target === 'string') {
      response = { statusCode: null, error: target, durationMs: 0 };
    } else {
      // The signature's timestamp is wall-clock time: receivers compare it with their own clock.
      const sentAt = new Date();
      const headers = {
        'webhook-id': delivery.eventId,
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': signatureHeader(target.secrets, delivery.eventId, sentAt, delivery.payload),
      };
      response = await this.http.post(target.url, headers, delivery.payload);
      const succeeded = response.statusCode !== null && response.statusCode >= 200 && response.statusCode < 300;
      this.metrics.attempts[succeeded ? 'succeeded' : 'failed'] += 1;
    }
    await this.record(delivery, typeof target === 'string' ? null : target, response, typeof target === 'string');
  }

  private async record(delivery: WebhookDelivery, target: DeliveryTarget | null, response: WebhookResponse, targetGone: boolean): Promise<void> {
    await this.db.transaction(async (manager) => {
      const now = this.clock.now();
      const attempt = delivery.attemptCount;
      const ok = response.statusCode !== null && response.statusCode >= 200 && response.statusCode < 300;
      const gone = response.statusCode === 410;
      let status = WebhookDeliveryStatus.PENDING;
      let nextAttemptAt: Date | null = null;
      if (ok) status = WebhookDeliveryStatus.SUCCEEDED;
      else if (gone || targetGone || attempt > RETRY_DELAYS_MS.length) status = WebhookDeliveryStatus.FAILED;
      else nextAttemptAt = new Date(now.getTime() + RETRY_DELAYS_MS[attempt - 1]!);

      const endpoint = target?.endpoint ? await manager.findOne(WebhookEndpoint, { where: { id: target.endpoint.id }, ...this.db.lockMode }) : null;
      if (endpoint && !targetGone) {
        if (ok) {
          if (endpoint.failingSince) await manager.update(WebhookEndpoint, { id: endpoint.id }, { failingSince: null });
        } else {
          const failingSince = endpoint.failingSince ?? now;
          const reason = gone ? 'the endpoint answered 410 Gone' : now.getTime() - failingSince.getTime() >= DISABLE_AFTER_FAILING_MS ? 'every delivery failed for 3 days' : null;
          if (reason && endpoint.isEnabled) {
            await manager.update(WebhookEndpoint, { id: endpoint.id }, { isEnabled: false, disabledReason: reason, failingSince, updatedAt: now });
            await recordEvent(manager, SYSTEM_ACTOR, now, { organizationId: endpoint.organizationId, type: 'webhook_endpoint.disabled', subjectType: 'webhook_endpoint', subjectId: endpoint.id, data: { reason } });
            status = WebhookDeliveryStatus.FAILED;
            nextAttemptAt = null;
          } else if (!endpoint.failingSince) {
            await manager.update(WebhookEndpoint, { id: endpoint.id }, { failingSince });
          }
        }
      }

      // Only the worker holding the claim records it: a lease that ran out was claimed again.
      const result = await manager.update(
        WebhookDelivery,
        { id: delivery.id, attemptCount: attempt, status: WebhookDeliveryStatus.PENDING },
        { status, nextAttemptAt, lastStatusCode: response.statusCode, lastError: response.error?.slice(0, 500) ?? null, deliveredAt: ok ? now : null },
      );
      if (!result.affected) return;
      await manager.insert(WebhookDeliveryAttempt, { deliveryId: delivery.id, attempt, attemptedAt: now, statusCode: response.statusCode, error: response.error?.slice(0, 500) ?? null, durationMs: response.durationMs });
    });
  }
}
