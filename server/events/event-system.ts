import { AccessService } from '../auth/access.service';
import { Actor } from '../auth/actor';
import { Clock } from '../clock';
import { Config } from '../config';
import { Database } from '../database/database';
import { DomainError } from '../errors';
import { Logger } from '../logger';
import { KeyRing } from '../shared/keyring';
import { CommitFeed } from './audit';
import { EventDispatcher } from './dispatcher';
import { EventMetrics } from './event-metrics';
import { createPubSubHandle, KeywardPubSub, LiveFeed } from './pubsub';
import { SubscriberAccess } from './subscriber-access';
import { SafeHttpClient } from './webhooks/safe-http';
import { WebhookWorker } from './webhooks/webhook-worker';
import { WebhookService } from './webhooks/webhook.service';

/** Everything that turns committed audit events into subscription messages and webhook deliveries. */
export interface EventSystem {
  readonly pubSub: KeywardPubSub;
  /** Barrier and reconnect notices of the pub/sub, for subscriptions that replay what they missed. */
  readonly feed: LiveFeed;
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

export function createEventSystem(config: Config, db: Database, changes: CommitFeed, keyring: KeyRing, access: AccessService, clock: Clock, logger: Logger, reloadActor: (actor: Actor) => Promise<Actor | DomainError>): EventSystem {
  const handle = createPubSubHandle(config.redisUrl);
  const webhooks = new WebhookService(db, access, keyring, clock, config);
  const metrics = new EventMetrics();
  const worker = new WebhookWorker(db, clock, webhooks, new SafeHttpClient({ allowPrivate: config.webhookAllowPrivate }), logger, metrics);
  const dispatcher = new EventDispatcher(db, clock, handle.pubSub, webhooks, () => worker.nudge(), logger, metrics);
  const subscriberAccess = new SubscriberAccess(db, access, clock, reloadActor);
  let accessWatch: AsyncIterator<unknown> | null = null;
  let stopNudges: (() => void) | null = null;

  return {
    pubSub: handle.pubSub,
    feed: handle.feed,
    dispatcher,
    webhooks,
    worker,
    subscriberAccess,
    metrics,
    start(pollMs) {
      // Every commit that wrote audit rows: the dispatcher runs at once instead of at its next poll.
      stopNudges = changes.listen(() => dispatcher.nudge());
      const accessChanges = handle.pubSub.subscribe('ACCESS_CHANGED')[Symbol.asyncIterator]();
      accessWatch = accessChanges;
      void (async () => {
        for (let next = await accessChanges.next(); !next.done; next = await accessChanges.next()) subscriberAccess.invalidate();
      })().catch(() => undefined);
      dispatcher.start(pollMs);
      worker.start(pollMs);
    },
    async stop() {
      stopNudges?.();
      stopNudges = null;
      await dispatcher.stop();
      await worker.stop();
      await accessWatch?.return?.();
      await handle.close();
    },
  };
}
