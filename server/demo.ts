import { Config } from './config';
import { Actor } from './auth/actor';
import { User } from './auth/user.entity';
import { Environment } from './api-keys/api-key.enums';
import { CreateApiKeyInput } from './api-keys/api-key.inputs';
import { Application } from './applications/application.entity';
import { Organization } from './organizations/organization.entity';
import { Services } from './services';

export const DEMO_ORGANIZATION_SLUG = 'demo';
export const DEMO_APPLICATION_NAME = 'Demo checkout';

export interface DemoResult {
  readonly organizationId: string;
  readonly applicationId: string;
  readonly keyId: string;
  readonly secret: string;
  /** A shell line that verifies the new key against the server at `baseUrl`. */
  readonly curl: string;
  readonly consoleUrl: string;
  /** Set when the demo had to create the first platform admin (an empty database). */
  readonly createdAdmin: { email: string; generatedPassword: string | null } | null;
}

/** The URL a local client reaches the server at: KEYWARD_ISSUER when set, else HOST:PORT (0.0.0.0 → 127.0.0.1). */
export function localBaseUrl(config: Config): string {
  if (process.env.KEYWARD_ISSUER) return config.issuer;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host === '::' ? '[::1]' : config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}`;
}

/**
 * `keyward demo`: a demo organization (found again on later runs), one application and a fresh
 * TEST key, acting as the first platform admin; prints what a newcomer needs to reach VALID.
 * Development only: it writes through the services, so every rule and audit row applies.
 */
export async function createDemo(services: Services, baseUrl: string): Promise<DemoResult> {
  if (services.config.nodeEnv === 'production') {
    throw new Error('demo: refuses to run with NODE_ENV=production (it creates a demo organization and key); use it in development');
  }
  const ensured = await services.auth.ensurePlatformAdmin();
  const user = await services.db.manager.findOne(User, { where: { isPlatformAdmin: true }, order: { createdAt: 'ASC' } });
  if (!user) throw new Error('demo: no platform admin exists; run `npx keyward create-admin` first');
  const actor: Actor = { user, memberships: new Map(), via: 'session', tokenId: null, hasSecondFactor: false, tokenScope: null };

  const organization =
    (await services.db.manager.findOne(Organization, { where: { slug: DEMO_ORGANIZATION_SLUG } })) ??
    (await services.organizations.create(actor, { name: 'Demo merchant', slug: DEMO_ORGANIZATION_SLUG }));
  const application =
    (await services.db.manager.findOne(Application, { where: { organizationId: organization.id, name: DEMO_APPLICATION_NAME } })) ??
    (await services.applications.create(actor, { organizationId: organization.id, name: DEMO_APPLICATION_NAME, description: 'Created by npx keyward demo' }));
  const input = Object.assign(new CreateApiKeyInput(), {
    applicationId: application.id,
    name: `Demo key ${new Date().toISOString().slice(0, 19)}`,
    description: 'Created by npx keyward demo',
    environment: Environment.TEST,
    scopes: ['payments:write'],
  });
  const { apiKey, secret } = await services.apiKeys.create(actor, input);
  const serviceToken = services.config.serviceTokens[0] ?? '<a token from KEYWARD_SERVICE_TOKENS>';
  const curl = `curl -s ${baseUrl}/v1/keys/verify -H 'authorization: Bearer ${serviceToken}' -H 'content-type: application/json' -d '{"key":"${secret}"}'`;
  return {
    organizationId: organization.id,
    applicationId: application.id,
    keyId: apiKey.id,
    secret,
    curl,
    consoleUrl: `${baseUrl}/`,
    createdAdmin: ensured.created ? { email: ensured.email, generatedPassword: ensured.generatedPassword } : null,
  };
}
