import { AccessService } from '../auth/access.service';
import { Clock } from '../clock';
import { Config } from '../config';
import { Database } from '../database/database';
import { Logger } from '../logger';
import { KeyRing } from '../shared/keyring';
import { OutboxCommitListener } from './audit';
import { EventDispatcher } from './dispatcher';
import { EventMetrics } from './event-metrics';
import { createPubSubHandle, KeywardPubSub } from './pubsub';
import { SubscriberAccess } from './subscriber-access';
import { SafeHttpClient } from './webhooks/safe-http';
import { WebhookWorker } from './webhooks/webhook-worker';
import { WebhookService } from './webhooks/webhook.service';

/** Everything that turns committed audit events into subscription messages and webhook deliveries. */
export interface EventSystem {
  readonly pubSub: KeywardPubSub;
  readonly dispatcher: EventDispatcher;
  readonly webhooks: WebhookService;
  readonly worker: WebhookWorker;
  readonly subscriberAccess: SubscriberAccess;
  readonly metrics: EventMetrics;
  /**
   * Starts the dispatcher (which first drains what the outbox holds) and the delivery worker;
   * both poll every `pollMs` besides their nudges (0 = nudges only).
   */
  start(pollMs: number): void;
  /** Stops both, waits for a pass in progress, and closes the pub/sub connections. */
  stop(): Promise<void>;
}

export function createEventSystem(config: Config, db: Database, keyring: KeyRing, access: AccessService, clock: Clock, logger: Logger): EventSystem {
  const handle = createPubSubHandle(config.redisUrl);
  const webhooks = new WebhookService(db, access, keyring, clock, config);
  const metrics = new EventMetrics();
  const worker = new WebhookWorker(db, clock, webhooks, new SafeHttpClient({ allowPrivate: config.webhookAllowPrivate }), logger, metrics);
  const dispatcher = new EventDispatcher(db, clock, handle.pubSub, webhooks, () => worker.nudge(), logger, metrics);
  const subscriberAccess = new SubscriberAccess(db, access, clock);
  const listener = new OutboxCommitListener(() => dispatcher.nudge());
  let accessWatch: AsyncIterator<unknown> | null = null;

  return {
    pubSub: handle.pubSub,
    dispatcher,
    webhooks,
    worker,
    subscriberAccess,
    metrics,
    start(pollMs) {
      listener.attach(db.dataSource);
      const changes = handle.pubSub.subscribe('ACCESS_CHANGED')[Symbol.asyncIterator]();
      accessWatch = changes;
      void (async () => {
        for (let next = await changes.next(); !next.done; next = await changes.next()) subscriberAccess.invalidate();
      })().catch(() => undefined);
      dispatcher.start(pollMs);
      worker.start(pollMs);
    },
    async stop() {
      listener.detach(db.dataSource);
      await dispatcher.stop();
      await worker.stop();
      await accessWatch?.return?.();
      await handle.close();
    },
  };
}
