import { DataSource } from 'typeorm';
import { ApiKeyService } from './api-keys/api-key.service';
import { IdempotencyService } from './api-keys/idempotency.service';
import { KeyLifecycle } from './api-keys/key-lifecycle';
import { RateLimits } from './shared/rate-limits';
import { RecoveryService } from './api-keys/recovery.service';
import { RotationService } from './api-keys/rotation.service';
import { TemporaryKeyService } from './api-keys/temporary-key.service';
import { AuditEventService } from './events/audit-query';
import { LifecycleJobs } from './jobs/lifecycle-jobs';
import { AccountSecretService } from './organizations/account-secret.service';
import { KybService } from './organizations/kyb.service';
import { ApplicationService } from './applications/application.service';
import { AccessService } from './auth/access.service';
import { AuthService } from './auth/auth.service';
import { SecondFactorService } from './auth/second-factor.service';
import { Clock } from './clock';
import { Config } from './config';
import { Database } from './database/database';
import { CredentialMetrics } from './credentials/metrics';
import { SigningKeyService } from './credentials/signing-key.service';
import { TokenService } from './credentials/token.service';
import { Verifier } from './credentials/verifier';
import { Logger } from './logger';
import { CommitFeed } from './events/audit';
import { createEventSystem, EventSystem } from './events/event-system';
import { KeywardPubSub } from './events/pubsub';
import { OrganizationService } from './organizations/organization.service';
import { KeyRing } from './shared/keyring';
import { UsageService } from './usage/usage.service';
import { GithubPublicKeys } from './leaks/github-keys';
import { AnalyticsService } from './analytics/analytics.service';
import { UsageCounter } from './analytics/usage-counter';
import { LeakService } from './leaks/leak.service';
import { SafeHttpClient } from './events/webhooks/safe-http';
import { DEFAULT_SECRET_SCANNING_KEYS_URL } from './config';

/** Every service of one server instance, wired once at boot. */
export interface Services {
  readonly config: Config;
  readonly clock: Clock;
  readonly db: Database;
  readonly keyring: KeyRing;
  /** What every committed transaction changed, from its audit rows: caches and the outbox follow it. */
  readonly changes: CommitFeed;
  /** Subscriptions' topics (in-process, or Redis when REDIS_URL is set); fed only by `events.dispatcher`. */
  readonly pubSub: KeywardPubSub;
  /** Outbox dispatcher, webhook endpoints and delivery worker: started and stopped by startServer. */
  readonly events: EventSystem;
  readonly access: AccessService;
  readonly auth: AuthService;
  /** TOTP, recovery codes and passkeys (SPEC 10). */
  readonly secondFactors: SecondFactorService;
  readonly organizations: OrganizationService;
  readonly applications: ApplicationService;
  readonly apiKeys: ApiKeyService;
  /** Verify and the token endpoint; its cache follows `changes`, nobody clears it by hand. */
  readonly verifier: Verifier;
  readonly signingKeys: SigningKeyService;
  readonly tokens: TokenService;
  /** This instance's Prometheus registry (GET /metrics); other parts may register metrics on it. */
  readonly metrics: CredentialMetrics;
  readonly rateLimits: RateLimits;
  readonly accountSecrets: AccountSecretService;
  readonly temporaryKeys: TemporaryKeyService;
  readonly rotation: RotationService;
  readonly recovery: RecoveryService;
  readonly kyb: KybService;
  readonly auditEvents: AuditEventService;
  /** Expiry, grace ends, due account secrets, idempotency purge: started by startServer, `runOnce(now)` in tests. */
  readonly lifecycleJobs: LifecycleJobs;
  /** Credits of keys (SPEC 7); rate limits and leases live in `verifier.governor`. */
  readonly usage: UsageService;
  /** Leaked-key reports (SPEC 9) and the GitHub secret scanning keys that sign them. */
  readonly leaks: LeakService;
  readonly githubKeys: GithubPublicKeys;
  /** Usage analytics (SPEC 8): the in-memory counts verify feeds, and the rollups they are read from. */
  readonly usageCounter: UsageCounter;
  readonly analytics: AnalyticsService;
}

export function createServices(config: Config, dataSource: DataSource, clock: Clock, logger: Logger, reader?: DataSource): Services {
  const db = new Database(dataSource, reader);
  const keyring = new KeyRing(config.secret);
  // SPEC 10: in production every platform admin needs a second factor (README, Sign-in and second factors).
  const access = new AccessService({ platformAdminsNeedMfa: config.nodeEnv === 'production' });
  const rateLimits = new RateLimits(config.redisUrl);
  const secondFactors = new SecondFactorService(db, keyring, clock, config, rateLimits);
  const auth = new AuthService(db, keyring, clock, config, access, rateLimits, secondFactors);
  const changes = new CommitFeed((error) => logger.error({ err: error instanceof Error ? error.message : String(error) }, 'a commit listener failed'));
  changes.attach(dataSource);
  const events = createEventSystem(config, db, changes, keyring, access, clock, logger, (actor) => auth.reloadActor(actor));
  const pubSub = events.pubSub;
  const verifier = new Verifier(db, keyring, clock, config.redisUrl, logger, config.verifyCache);
  const metrics = new CredentialMetrics(() => verifier.cache.size);
  verifier.metrics = metrics;
  // The one change path (SPEC 5a): what a transaction's audit rows say it changed leaves the cache after commit.
  changes.listen((committed) => verifier.applyCommitted(committed));
  events.metrics.register(metrics.registry);
  const signingKeys = new SigningKeyService(db, keyring, clock, access, verifier, logger);
  const tokens = new TokenService(db, verifier, signingKeys, clock, config);
  const organizations = new OrganizationService(db, access, clock);
  const applications = new ApplicationService(db, access, clock);
  const idempotency = new IdempotencyService(db, keyring);
  const lifecycle = new KeyLifecycle(keyring);
  const apiKeys = new ApiKeyService(db, access, applications, lifecycle, clock, config, idempotency, rateLimits);
  const accountSecrets = new AccountSecretService(db, access, rateLimits, clock);
  const temporaryKeys = new TemporaryKeyService(db, access, applications, apiKeys, accountSecrets, idempotency, rateLimits, keyring, clock, config);
  const rotation = new RotationService(db, access, apiKeys, clock);
  const recovery = new RecoveryService(db, apiKeys, accountSecrets, clock);
  const kyb = new KybService(db, access, lifecycle, clock);
  const auditEvents = new AuditEventService(db, access);
  const lifecycleJobs = new LifecycleJobs(db, clock, lifecycle, logger);
  const usage = new UsageService(db, access, clock);
  const leaks = new LeakService(db, keyring, lifecycle, clock);
  // The one URL this client fetches is the operator's setting: a non-default one (a mirror, a test
  // double on loopback) is allowed to be private or plain http, as KEYWARD_WEBHOOK_ALLOW_PRIVATE does for webhooks.
  const keysClient = new SafeHttpClient({ allowPrivate: config.secretScanningKeysUrl !== DEFAULT_SECRET_SCANNING_KEYS_URL, timeoutMs: 5000 });
  const githubKeys = new GithubPublicKeys(() => keysClient.get(config.secretScanningKeysUrl), undefined, (error) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not fetch the secret scanning public keys'));
  const usageCounter = new UsageCounter(db, logger, config.analytics.flushMs);
  verifier.outcomes = usageCounter;
  const analytics = new AnalyticsService(db, access, clock, config, logger);
  return { usageCounter, analytics, leaks, githubKeys, config, clock, db, keyring, changes, pubSub, events, access, auth, secondFactors, organizations, applications, apiKeys, verifier, signingKeys, tokens, metrics, rateLimits, accountSecrets, temporaryKeys, rotation, recovery, kyb, auditEvents, lifecycleJobs, usage };
}
