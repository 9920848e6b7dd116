import { ApiKeySecret } from '../../server/api-keys/api-key-secret.entity';
import { ApiKey } from '../../server/api-keys/api-key.entity';
import { ApiKeyKind, ApiKeySecretStatus, ApiKeyStatus, Environment } from '../../server/api-keys/api-key.enums';
import { generateSecret, keyPrefixOf } from '../../server/api-keys/key-format';
import { statementCounter } from '../../server/database/data-source';
import { insertRow } from '../../server/database/database';
import { requestScope } from '../../server/logger';
import { newId } from '../../server/shared/random';
import { createApiKey, createApplication, createOrganization } from '../helpers/fixtures';
import { SERVICE_TOKEN, TestServer } from '../helpers/server';

/** Helpers of the credentials suites: HTTP calls to the credential endpoints and key builders. */

export interface HttpAnswer<T = any> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export async function post<T = any>(t: TestServer, path: string, body: string | undefined, headers: Record<string, string> = {}): Promise<HttpAnswer<T>> {
  requests += 1;
  const response = await fetch(`${t.url}${path}`, { method: 'POST', headers: { 'x-request-id': `${REQUEST_ID_PREFIX}${requests}`, ...headers }, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text for the assertion message
  }
  return { status: response.status, headers: response.headers, body: parsed as T };
}

export function verify(t: TestServer, key: unknown, requiredScopes?: unknown, token: string = SERVICE_TOKEN): Promise<HttpAnswer> {
  return post(t, '/v1/keys/verify', JSON.stringify(requiredScopes === undefined ? { key } : { key, requiredScopes }), { 'content-type': 'application/json', authorization: `Bearer ${token}` });
}

export const form = (params: Record<string, string>): string => new URLSearchParams(params).toString();
export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

export const basic = (id: string, secret: string): string => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

export function token(t: TestServer, keyId: string, secret: string, params: Record<string, string> = {}): Promise<HttpAnswer> {
  return post(t, '/oauth/token', form({ grant_type: 'client_credentials', ...params }), { ...FORM, authorization: basic(keyId, secret) });
}

/** Requests to the credential endpoints carry this request-id prefix, so their SQL can be told apart. */
const REQUEST_ID_PREFIX = 'kwtest-';
let requests = 0;

/**
 * SQL statements run on behalf of requests made with `post` while `work` runs. Other parts of the
 * server (background jobs, the webhook outbox after a mutation) run statements of their own whenever
 * their timers fire, so a raw count would depend on their schedule; statements are attributed to a
 * request by the request id the server keeps in its AsyncLocalStorage scope.
 */
export async function statementsDuring(t: TestServer, work: () => Promise<unknown>): Promise<number> {
  const counter = statementCounter(t.server.services.db.dataSource);
  const original = counter.logQuery;
  let mine = 0;
  counter.logQuery = function (this: typeof counter, query: string, parameters?: unknown[]) {
    if (requestScope.getStore()?.requestId.startsWith(REQUEST_ID_PREFIX)) mine += 1;
    return original.call(this, query, parameters);
  };
  try {
    await work();
  } finally {
    counter.logQuery = original;
  }
  return mine;
}

export interface KeyFixture {
  readonly id: string;
  readonly secret: string;
  readonly applicationId: string;
  readonly organizationId: string;
}

/** An organization, an application and one ACTIVE TEST key with `scopes`. */
export async function activeKey(t: TestServer, input: Record<string, unknown> = {}): Promise<KeyFixture> {
  const org = await createOrganization(t);
  const app = await createApplication(t, org.id);
  const key = await createApiKey(t, app.id, { scopes: ['payments:write', 'refunds'], ...input });
  return { id: key.id, secret: key.secret, applicationId: app.id, organizationId: org.id };
}

/** A PENDING_EXCHANGE temporary key, written directly (its issuing mutation belongs to the lifecycle). */
export async function temporaryKey(t: TestServer, applicationId: string, organizationId: string): Promise<KeyFixture> {
  const now = t.clock.now();
  const secret = generateSecret('TEMPORARY', 'TEST');
  const id = newId('key', now.getTime());
  const { db, keyring } = t.server.services;
  await db.transaction(async (manager) => {
    await insertRow(manager, ApiKey, {
      id,
      organizationId,
      applicationId,
      name: 'temporary',
      description: 'temporary key',
      environment: Environment.TEST,
      kind: ApiKeyKind.TEMPORARY,
      storedStatus: ApiKeyStatus.PENDING_EXCHANGE,
      scopes: [],
      keyPrefix: keyPrefixOf(secret),
      expiresAt: new Date(now.getTime() + 7 * 86_400_000),
      recoverable: false,
      createdAt: now,
      updatedAt: now,
    } as Partial<ApiKey> as ApiKey);
    await manager.insert(ApiKeySecret, {
      id: newId('sec', now.getTime()),
      apiKeyId: id,
      keyPrefix: keyPrefixOf(secret),
      secretHash: keyring.hashSecret(secret),
      storedStatus: ApiKeySecretStatus.ACTIVE,
      createdAt: now,
      expiresAt: null,
      lastUsedAt: null,
    });
  });
  return { id, secret, applicationId, organizationId };
}

export async function revokeKey(t: TestServer, id: string): Promise<void> {
  await t.ok('mutation($id: ID!) { revokeApiKey(id: $id, reason: "test") { id } }', { id }, await t.adminToken());
}

export async function setApplicationEnabled(t: TestServer, id: string, isEnabled: boolean): Promise<void> {
  await t.ok('mutation($id: ID!, $e: Boolean!) { setApplicationEnabled(id: $id, isEnabled: $e) { id } }', { id, e: isEnabled }, await t.adminToken());
}
