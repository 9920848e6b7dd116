import { Counter, Registry } from 'prom-client';

/** Counts of the event pipeline, exposed on the instance's /metrics registry once registered. */
export class EventMetrics {
  dispatched = 0;
  queued = 0;
  readonly attempts = { succeeded: 0, failed: 0 };

  register(registry: Registry): void {
    const self = this;
    new Counter({ name: 'keyward_events_dispatched_total', help: 'Audit events published from the outbox by this instance.', registers: [registry], collect() { this.reset(); this.inc(self.dispatched); } });
    new Counter({ name: 'keyward_webhook_deliveries_queued_total', help: 'Webhook deliveries queued by this instance.', registers: [registry], collect() { this.reset(); this.inc(self.queued); } });
    new Counter({
      name: 'keyward_webhook_attempts_total',
      help: 'Webhook delivery attempts made by this instance, by result (succeeded = a 2xx answer).',
      labelNames: ['result'],
      registers: [registry],
      collect() {
        this.reset();
        this.labels('succeeded').inc(self.attempts.succeeded);
        this.labels('failed').inc(self.attempts.failed);
      },
    });
  }
}
