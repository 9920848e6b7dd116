import { DataSource } from 'typeorm';
import { ApiKeyService } from './api-keys/api-key.service';
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
import { createLogger } from './logger';
import { createKeywardPubSub, KeywardPubSub } from './events/pubsub';
import { OrganizationService } from './organizations/organization.service';
import { KeyRing } from './shared/keyring';

/** Every service of one server instance, wired once at boot. */
export interface Services {
  readonly config: Config;
  readonly clock: Clock;
  readonly db: Database;
  readonly keyring: KeyRing;
  readonly pubSub: KeywardPubSub;
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
}

export function createServices(config: Config, dataSource: DataSource, clock: Clock): Services {
  const db = new Database(dataSource);
  const keyring = new KeyRing(config.secret);
  const pubSub = createKeywardPubSub();
  const access = new AccessService();
  const auth = new AuthService(db, keyring, clock, config, access);
  const organizations = new OrganizationService(db, access, clock);
  const logger = createLogger();
  const verifier = new Verifier(db, keyring, clock, config.redisUrl, logger);
  const metrics = new CredentialMetrics(() => verifier.cache.size);
  verifier.metrics = metrics;
  const signingKeys = new SigningKeyService(db, keyring, clock, access, verifier, logger);
  const tokens = new TokenService(db, verifier, signingKeys, clock, config);
  const applications = new ApplicationService(db, access, clock, (application) => verifier.invalidateApplication(application.id));
  const apiKeys = new ApiKeyService(db, access, applications, keyring, clock, config, (change) => {
    verifier.invalidateKey(change.apiKey.id);
    pubSub.publish('API_KEY_STATUS_CHANGED', change.apiKey.organizationId, change);
  });
  return { config, clock, db, keyring, pubSub, access, auth, organizations, applications, apiKeys, verifier, signingKeys, tokens, metrics };
}
