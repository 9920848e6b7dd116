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
import { ClientAddresses } from './shared/client-address';
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
import { createCredentialServices } from './credential-services';
export type { CredentialServices } from './credential-services';

/** Every service of one server instance, wired once at boot. */
export interface Services {
  readonly config: Config;
  /** The client address of a request, for every per-address limit and allowlist: the one reader of KEYWARD_TRUSTED_PROXIES. */
  readonly addresses: ClientAddresses;
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
  const credentials = createCredentialServices(config, dataSource, clock, logger, reader);
  const { db, keyring, access, changes, metrics } = credentials;
  const rateLimits = new RateLimits(config.redisUrl);
  const secondFactors = new SecondFactorService(db, keyring, clock, config, rateLimits);
  const auth = new AuthService(db, keyring, clock, config, access, rateLimits, secondFactors);
  const events = createEventSystem(config, db, changes, keyring, access, clock, logger, (actor) => auth.reloadActor(actor));
  const pubSub = events.pubSub;
  events.metrics.register(metrics.registry);
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
  const analytics = new AnalyticsService(db, access, clock, config, logger);
  return { ...credentials, analytics, pubSub, events, auth, secondFactors, organizations, applications, apiKeys, rateLimits, accountSecrets, temporaryKeys, rotation, recovery, kyb, auditEvents, lifecycleJobs, usage };
}
