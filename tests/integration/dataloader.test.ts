import { statementCounter } from '../../server/database/data-source';
import { insertRow } from '../../server/database/database';
import { ApiKeySecret } from '../../server/api-keys/api-key-secret.entity';
import { ApiKey } from '../../server/api-keys/api-key.entity';
import { ApiKeyKind, ApiKeySecretStatus, ApiKeyStatus, Environment } from '../../server/api-keys/api-key.enums';
import { Application } from '../../server/applications/application.entity';
import { newId } from '../../server/shared/random';
import { createMember, createOrganization } from '../helpers/fixtures';
import { describeEachDialect } from '../helpers/databases';
import { startTestServer, TestServer } from '../helpers/server';

const DASHBOARD = `query($id: ID!, $limit: Int!) {
  organization(id: $id) {
    id name keyPolicy { maxKeysPerApplication }
    applications(limit: $limit) {
      totalItems
      items { id name isEnabled apiKeys { id name status keyPrefix lastUsedAt secrets { id keyPrefix status } } }
    }
  }
}`;

/** Inserts applications and keys directly: the point here is reading them, not creating them. */
async function seed(t: TestServer, organizationId: string, applications: number, keysEach: number): Promise<void> {
  const { db } = t.server.services;
  const now = t.clock.now();
  await db.transaction(async (manager) => {
    for (let a = 0; a < applications; a += 1) {
      const app = manager.create(Application, { id: newId('app'), organizationId, name: `App ${a}`, nameKey: `app ${a}`, description: null, isEnabled: true, createdAt: now, updatedAt: now });
      await insertRow(manager, Application, app);
      for (let k = 0; k < keysEach; k += 1) {
        const key = manager.create(ApiKey, { id: newId('key'), organizationId, applicationId: app.id, name: `key ${k}`, description: 'seeded', environment: Environment.TEST, kind: ApiKeyKind.PERMANENT, storedStatus: ApiKeyStatus.ACTIVE, scopes: [], keyPrefix: 'sk_test_seed', expiresAt: null, webhookUrl: null, destination: null, metadata: null, recoverable: false, wrappedSecret: null, createdBy: null, lastUsedAt: null, revokedAt: null, revokedReason: null, exchangedForKeyId: null, createdAt: now, updatedAt: now });
        await insertRow(manager, ApiKey, key);
        await insertRow(manager, ApiKeySecret, Object.assign(new ApiKeySecret(), { id: newId('sec'), apiKeyId: key.id, keyPrefix: 'sk_test_seed', secretHash: null, storedStatus: ApiKeySecretStatus.ACTIVE, createdAt: now, expiresAt: null, lastUsedAt: null }));
      }
    }
  });
}

describeEachDialect('DataLoader batching', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect);
  });
  afterAll(async () => t?.close());

  /** Counts only the statements made while serving this request (background jobs run meanwhile). */
  async function statementsFor(organizationId: string, token: string, limit: number): Promise<{ statements: number; data: any }> {
    const counter = statementCounter(t.server.services.db.dataSource);
    const requestId = `dashboard-${organizationId}-${limit}`;
    counter.watch(requestId);
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': requestId },
      body: JSON.stringify({ query: DASHBOARD, variables: { id: organizationId, limit } }),
    });
    const body = (await response.json()) as { data: any; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    const statements = counter.byRequest.get(requestId)!;
    counter.byRequest.delete(requestId);
    return { statements, data: body.data };
  }

  it('the dashboard query (an organization, 50 applications, 20 keys each) costs a constant number of statements, at most 6', async () => {
    const small = await createOrganization(t);
    const large = await createOrganization(t);
    const owner = await createMember(t, small.id, 'VIEWER');
    await t.ok('mutation($o: ID!, $e: String!) { addMember(organizationId: $o, email: $e, role: VIEWER) { id } }', { o: large.id, e: owner.email }, await t.adminToken());
    await seed(t, small.id, 3, 1);
    await seed(t, large.id, 50, 20);

    // Both pages are full, so both read the total with its own COUNT (TypeORM skips it for a short first page).
    const few = await statementsFor(small.id, owner.token, 2);
    const many = await statementsFor(large.id, owner.token, 50);
    expect(many.data.organization.applications.items).toHaveLength(50);
    expect(many.data.organization.applications.items.every((a: any) => a.apiKeys.length === 20 && a.apiKeys.every((k: any) => k.secrets.length === 1))).toBe(true);
    expect(many.statements).toBe(few.statements);
    expect(many.statements).toBeLessThanOrEqual(6);
    // Authentication, organization, page count + items, keys, secrets: at least these were counted.
    expect(many.statements).toBeGreaterThanOrEqual(5);
  });
});
