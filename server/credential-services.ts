import { DataSource } from 'typeorm';
import { UsageCounter } from './analytics/usage-counter';
import { KeyLifecycle } from './api-keys/key-lifecycle';
import { AccessService } from './auth/access.service';
import { Clock } from './clock';
import { Config, DEFAULT_SECRET_SCANNING_KEYS_URL } from './config';
import { CredentialMetrics } from './credentials/metrics';
import { SigningKeyService } from './credentials/signing-key.service';
import { TokenService } from './credentials/token.service';
import { Verifier } from './credentials/verifier';
import { Database } from './database/database';
import { CommitFeed } from './events/audit';
import { SafeHttpClient } from './events/webhooks/safe-http';
import { GithubPublicKeys } from './leaks/github-keys';
import { LeakService } from './leaks/leak.service';
import { Logger } from './logger';
import type { Services } from './services';
import { ClientAddresses } from './shared/client-address';
import { KeyRing } from './shared/keyring';

/** What the credential endpoints need (verify, token, JWKS, leak reports): all the credentials thread builds. */
export type CredentialServices = Pick<Services, 'config' | 'addresses' | 'clock' | 'db' | 'keyring' | 'changes' | 'access' | 'verifier' | 'metrics' | 'signingKeys' | 'tokens' | 'leaks' | 'githubKeys' | 'usageCounter'>;

/**
 * The credential services of one thread: the main thread builds them as part of `createServices`,
 * the credentials thread builds only these, on its own connection to the same database, with the
 * invalidation origin it shares with the main thread (`origin`).
 */
export function createCredentialServices(config: Config, dataSource: DataSource, clock: Clock, logger: Logger, reader?: DataSource, origin?: string): CredentialServices {
  const db = new Database(dataSource, reader);
  const keyring = new KeyRing(config.secret);
  // SPEC 10: in production every platform admin needs a second factor (README, Sign-in and second factors).
  const access = new AccessService({ platformAdminsNeedMfa: config.nodeEnv === 'production' });
  const changes = new CommitFeed((error) => logger.error({ err: error instanceof Error ? error.message : String(error) }, 'a commit listener failed'));
  changes.attach(dataSource);
  const verifier = new Verifier(db, keyring, clock, config.redisUrl, logger, { ...config.verifyCache, origin });
  const metrics = new CredentialMetrics(() => verifier.cache.size);
  verifier.metrics = metrics;
  // The one change path (SPEC 5a): what a transaction's audit rows say it changed leaves the cache after commit.
  changes.listen((committed) => verifier.applyCommitted(committed));
  const signingKeys = new SigningKeyService(db, keyring, clock, access, verifier, logger);
  const tokens = new TokenService(db, verifier, signingKeys, clock, config);
  const leaks = new LeakService(db, keyring, new KeyLifecycle(keyring), clock);
  // The one URL this client fetches is the operator's setting: a non-default one (a mirror, a test
  // double on loopback) is allowed to be private or plain http, as KEYWARD_WEBHOOK_ALLOW_PRIVATE does for webhooks.
  const keysClient = new SafeHttpClient({ allowPrivate: config.secretScanningKeysUrl !== DEFAULT_SECRET_SCANNING_KEYS_URL, timeoutMs: 5000 });
  const githubKeys = new GithubPublicKeys(() => keysClient.get(config.secretScanningKeysUrl), undefined, (error) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not fetch the secret scanning public keys'));
  const usageCounter = new UsageCounter(db, logger, config.analytics.flushMs, config.analytics.pendingEntries);
  verifier.outcomes = usageCounter;
  metrics.analytics = () => usageCounter.stats();
  return { config, addresses: new ClientAddresses(config.trustedProxies), clock, db, keyring, changes, access, verifier, metrics, signingKeys, tokens, leaks, githubKeys, usageCounter };
}
