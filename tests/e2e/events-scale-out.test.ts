import { IsNull } from 'typeorm';
import { AuditEvent } from '../../server/events/audit-event.entity';
import { REDIS_URL, redisForSuite } from '../helpers/redis';
import { createTestDatabase, TestDatabase, testDialects } from '../helpers/databases';
import { createWebhookEndpoint, settle, subscribe, wsClient, WebhookReceiver } from '../helpers/events';
import { createApiKey, createApplication, createMember, createOrganization } from '../helpers/fixtures';
import { startTestServer, TestServer } from '../helpers/server';

const KEY_STATUS = 'subscription($o: ID!) { apiKeyStatusChanged(organizationId: $o) { apiKey { id } status } }';
const REVOKE = 'mutation($id: ID!) { revokeApiKey(id: $id) { id } }';

/** Two instances on one MySQL database and one Redis, as SPEC 5 deploys them. */
const describeScaleOut = testDialects().includes('mysql') ? describe : describe.skip;

describeScaleOut('events across two instances sharing MySQL and Redis', () => {
  let database: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  const receivers: WebhookReceiver[] = [];
  const clients: Array<{ dispose(): void | Promise<void> }> = [];

  beforeAll(async () => {
    if (!(await redisForSuite('scale-out'))) return;
    database = await createTestDatabase('mysql');
    const env = { REDIS_URL, KEYWARD_WEBHOOK_ALLOW_PRIVATE: 'true' };
    a = await startTestServer('mysql', env, { databaseUrl: database.url });
    b = await startTestServer('mysql', env, { databaseUrl: database.url });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await Promise.all(receivers.map((r) => r.close()));
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  it('a revocation on one instance reaches subscribers on both, once each', async () => {
    if (!a) return;
    const org = await createOrganization(a);
    const member = await createMember(a, org.id, 'VIEWER');
    const key = await createApiKey(a, (await createApplication(a, org.id)).id);
    const onA = wsClient(a, member.token);
    const onB = wsClient(b, member.token);
    clients.push(onA, onB);
    const subA = subscribe(onA, KEY_STATUS, { o: org.id });
    const subB = subscribe(onB, KEY_STATUS, { o: org.id });
    await settle(500);
    await a.ok(REVOKE, { id: key.id }, await a.adminToken());
    await Promise.all([subA.next(1), subB.next(1)]);
    await settle(500);
    for (const sub of [subA, subB]) expect(sub.messages.map((m) => m.data)).toEqual([{ apiKeyStatusChanged: { apiKey: { id: key.id }, status: 'REVOKED' } }]);
  });

  it('both dispatchers and delivery workers split the work: every event delivered exactly once', async () => {
    if (!a) return;
    const receiver = await new WebhookReceiver().start();
    receivers.push(receiver);
    const org = await createOrganization(a);
    const app = await createApplication(a, org.id);
    await createWebhookEndpoint(a, org.id, receiver.url, { eventTypes: ['api_key.revoked'] });
    // Within the organization's default limit of 10 creations a minute per user.
    const keys = await Promise.all(Array.from({ length: 8 }, () => createApiKey(a, app.id)));
    const tokens = [await a.adminToken(), await b.adminToken()];
    await Promise.all(keys.map((key, i) => [a, b][i % 2]!.ok(REVOKE, { id: key.id }, tokens[i % 2])));
    await Promise.all([a, b].map((s) => s.server.services.events.dispatcher.runOnce()));
    await Promise.all([a, b, a, b].map((s) => s.server.services.events.worker.runOnce()));
    await receiver.waitFor(keys.length);
    await settle(500);
    const ids = receiver.received.map((r) => r.headers['webhook-id']);
    expect(ids).toHaveLength(keys.length);
    expect(new Set(ids).size).toBe(keys.length);
    expect(await a.server.services.db.manager.count(AuditEvent, { where: { organizationId: org.id, dispatchedAt: IsNull() } })).toBe(0);
  });
});
