import { DataSource } from 'typeorm';
import { ApiKeyService } from './api-keys/api-key.service';
import { IdempotencyService } from './api-keys/idempotency.service';
import { KeyChangeListener } from './api-keys/key-events';
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
import { Clock } from './clock';
import { Config } from './config';
import { Database } from './database/database';
import { CredentialMetrics } from './credentials/metrics';
import { SigningKeyService } from './credentials/signing-key.service';
import { TokenService } from './credentials/token.service';
import { Verifier } from './credentials/verifier';
import { Logger } from './logger';
import { createEventSystem, EventSystem } from './events/event-system';
import { KeywardPubSub } from './events/pubsub';
import { OrganizationService } from './organizations/organization.service';
import { KeyRing } from './shared/keyring';

/** Every service of one server instance, wired once at boot. */
export interface Services {
  readonly config: Config;
  readonly clock: Clock;
  readonly db: Database;
  readonly keyring: KeyRing;
  /** Subscriptions' topics (in-process, or Redis when REDIS_URL is set); fed only by `events.dispatcher`. */
  readonly pubSub: KeywardPubSub;
  /** Outbox dispatcher, webhook endpoints and delivery worker: started and stopped by startServer. */
  readonly events: EventSystem;
  readonly access: AccessService;
  readonly auth: AuthService;
  readonly organizations: OrganizationService;
  readonly applications: ApplicationService;
  readonly apiKeys: ApiKeyService;
  /** Verify's cache: call `invalidateKey/Application/Organization` after committing a change to one. */
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
}

export function createServices(config: Config, dataSource: DataSource, clock: Clock, logger: Logger): Services {
  const db = new Database(dataSource);
  const keyring = new KeyRing(config.secret);
  const access = new AccessService();
  const rateLimits = new RateLimits(config.redisUrl);
  const auth = new AuthService(db, keyring, clock, config, access, rateLimits);
  const events = createEventSystem(config, db, keyring, access, clock, logger);
  const pubSub = events.pubSub;
  const verifier = new Verifier(db, keyring, clock, config.redisUrl, logger);
  const metrics = new CredentialMetrics(() => verifier.cache.size);
  verifier.metrics = metrics;
  events.metrics.register(metrics.registry);
  const signingKeys = new SigningKeyService(db, keyring, clock, access, verifier, logger);
  const tokens = new TokenService(db, verifier, signingKeys, clock, config);
  const organizations = new OrganizationService(db, access, clock, (organizationId) => verifier.invalidateOrganization(organizationId));
  const applications = new ApplicationService(db, access, clock, (application) => verifier.invalidateApplication(application.id));
  const idempotency = new IdempotencyService(db, keyring);
  const keyChanges: KeyChangeListener = {
    // Subscriptions and webhooks are fed from the audit rows each transition writes (SPEC 5).
    statusChanged: () => undefined,
    keysChanged: (keyIds) => keyIds.forEach((id) => verifier.invalidateKey(id)),
    organizationChanged: (organizationId) => verifier.invalidateOrganization(organizationId),
  };
  const apiKeys = new ApiKeyService(db, access, applications, keyring, clock, config, idempotency, rateLimits, keyChanges);
  const accountSecrets = new AccountSecretService(db, access, rateLimits, clock);
  const temporaryKeys = new TemporaryKeyService(db, access, applications, apiKeys, accountSecrets, idempotency, rateLimits, keyring, clock, config, keyChanges);
  const rotation = new RotationService(db, access, apiKeys, clock, keyChanges);
  const recovery = new RecoveryService(db, apiKeys, accountSecrets, clock);
  const kyb = new KybService(db, access, clock, keyChanges);
  const auditEvents = new AuditEventService(db, access);
  const lifecycleJobs = new LifecycleJobs(db, clock, keyChanges, logger);
  return { config, clock, db, keyring, pubSub, events, access, auth, organizations, applications, apiKeys, verifier, signingKeys, tokens, metrics, rateLimits, accountSecrets, temporaryKeys, rotation, recovery, kyb, auditEvents, lifecycleJobs };
}
