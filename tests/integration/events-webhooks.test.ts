import { Webhook } from 'standardwebhooks';
import { LEASE_MS, RETRY_DELAYS_MS } from '../../server/events/webhooks/webhook-worker';
import { WebhookEndpoint } from '../../server/events/webhooks/webhook-endpoint.entity';
import { AuditEvent } from '../../server/events/audit-event.entity';
import { createTestDatabase, describeEachDialect } from '../helpers/databases';
import { createWebhookEndpoint, WebhookReceiver } from '../helpers/events';
import { createApiKey, createApplication, createMember, createOrganization } from '../helpers/fixtures';
import { errorCode, startTestServer, TestServer } from '../helpers/server';

const ALLOW_PRIVATE = { KEYWARD_WEBHOOK_ALLOW_PRIVATE: 'true' };
const REVOKE = 'mutation($id: ID!, $r: String) { revokeApiKey(id: $id, reason: $r) { id } }';
const DELIVERIES = 'query($e: ID!) { webhookDeliveries(endpointId: $e) { id eventId eventType status attemptCount nextAttemptAt lastStatusCode lastError deliveredAt attempts { attempt statusCode error } } }';
const ENDPOINTS = 'query($o: ID!) { webhookEndpoints(organizationId: $o) { id url isEnabled disabledReason eventTypes secretPrefix failingSince } }';

describeEachDialect('webhooks', (dialect) => {
  let t: TestServer;
  const receivers: WebhookReceiver[] = [];
  const receiver = async (plan: ConstructorParameters<typeof WebhookReceiver>[0] = []) => {
    const r = await new WebhookReceiver(plan).start();
    receivers.push(r);
    return r;
  };
  /** Runs the dispatcher and then the delivery worker to completion (both are also nudged on their own). */
  const drain = async (server: TestServer = t) => {
    await server.server.services.events.dispatcher.runOnce();
    await server.server.services.events.worker.runOnce();
  };
  const setup = async (plan?: ConstructorParameters<typeof WebhookReceiver>[0], input: Record<string, unknown> = {}) => {
    const org = await createOrganization(t);
    const app = await createApplication(t, org.id);
    const key = await createApiKey(t, app.id);
    const r = await receiver(plan);
    // Events are matched to endpoints when dispatched, so the key's api_key.created, committed just
    // before, may reach this endpoint too (README): these tests follow the revocation unless they say.
    const endpoint = await createWebhookEndpoint(t, org.id, `${r.url}/hooks`, { eventTypes: ['api_key.revoked'], ...input });
    return { org, app, key, receiver: r, endpoint };
  };

  beforeAll(async () => {
    t = await startTestServer(dialect, ALLOW_PRIVATE);
  });
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await t?.close();
  });

  it('creates an endpoint whose whsec_ secret is returned once and stored only sealed', async () => {
    const org = await createOrganization(t);
    const { id, secret } = await createWebhookEndpoint(t, org.id, 'http://127.0.0.1:9/x', { description: 'ops', eventTypes: ['api_key.revoked'] });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const listed = (await t.ok(ENDPOINTS, { o: org.id }, await t.adminToken())).webhookEndpoints;
    expect(listed).toEqual([{ id, url: 'http://127.0.0.1:9/x', isEnabled: true, disabledReason: null, eventTypes: ['api_key.revoked'], secretPrefix: secret.slice(0, 12), failingSince: null }]);
    const row = await t.server.services.db.manager.findOneByOrFail(WebhookEndpoint, { id });
    expect(row.secretSealed).not.toContain(secret.slice(6));
    expect(JSON.stringify(row)).not.toContain(secret.slice(6));
  });

  it('delivers a signed api_key.revoked that the standardwebhooks library verifies', async () => {
    const { key, receiver: r, endpoint, org, app } = await setup();
    await t.ok(REVOKE, { id: key.id, r: 'compromised' }, await t.adminToken());
    await drain();
    await r.waitFor(1);
    const [request] = r.received;
    expect(request!.path).toBe('/hooks');
    const payload = new Webhook(endpoint.secret).verify(request!.body, request!.headers) as Record<string, any>;
    expect(request!.headers['webhook-id']).toMatch(/^evt_/);
    expect(request!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
    expect(payload).toMatchObject({
      type: 'api_key.revoked',
      data: { organizationId: org.id, previousStatus: 'ACTIVE', status: 'REVOKED', reason: 'compromised', apiKey: { id: key.id, applicationId: app.id, status: 'REVOKED' }, subject: { type: 'api_key', id: key.id } },
    });
    expect(() => new Webhook(`whsec_${Buffer.alloc(24, 1).toString('base64')}`).verify(request!.body, request!.headers)).toThrow();
    const [delivery] = (await t.ok(DELIVERIES, { e: endpoint.id }, await t.adminToken())).webhookDeliveries;
    expect(delivery).toMatchObject({ eventId: request!.headers['webhook-id'], eventType: 'api_key.revoked', status: 'SUCCEEDED', attemptCount: 1, nextAttemptAt: null, lastStatusCode: 200, attempts: [{ attempt: 1, statusCode: 200, error: null }] });
  });

  it('retries a receiver that fails twice, with the same webhook-id, on the back-off schedule', async () => {
    const { key, receiver: r, endpoint } = await setup([{ status: 500 }, { status: 503 }]);
    await t.ok(REVOKE, { id: key.id }, await t.adminToken());
    await drain();
    expect(r.received).toHaveLength(1);
    let [delivery] = (await t.ok(DELIVERIES, { e: endpoint.id }, await t.adminToken())).webhookDeliveries;
    expect(delivery).toMatchObject({ status: 'PENDING', attemptCount: 1, lastStatusCode: 500 });
    expect(new Date(delivery.nextAttemptAt).getTime()).toBe(t.clock.now().getTime() + RETRY_DELAYS_MS[0]!);

    t.clock.advance(RETRY_DELAYS_MS[0]! - 1000);
    await drain();
    expect(r.received).toHaveLength(1); // not due yet
    t.clock.advance(1000);
    await drain();
    expect(r.received).toHaveLength(2);
    t.clock.advance(RETRY_DELAYS_MS[1]!);
    await drain();
    expect(r.received).toHaveLength(3);

    const ids = new Set(r.received.map((q) => q.headers['webhook-id']));
    expect(ids.size).toBe(1);
    for (const request of r.received) expect(() => new Webhook(endpoint.secret).verify(request.body, request.headers)).not.toThrow();
    [delivery] = (await t.ok(DELIVERIES, { e: endpoint.id }, await t.adminToken())).webhookDeliveries;
    expect(delivery).toMatchObject({ status: 'SUCCEEDED', attemptCount: 3, nextAttemptAt: null, lastStatusCode: 200 });
    expect(delivery.attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 503, 200]);
  });

  it('does not follow a redirect, and retries a receiver that times out', async () => {
    const elsewhere = await receiver();
    const { key, receiver: r, endpoint } = await setup([{ status: 302, headers: { location: `${elsewhere.url}/stolen` } }, 'hang']);
    const http = t.server.services.events.worker.http;
    const timeout = http.timeoutMs;
    http.timeoutMs = 300;
    try {
      await t.ok(REVOKE, { id: key.id }, await t.adminToken());
      await drain();
      t.clock.advance(RETRY_DELAYS_MS[0]!);
      await drain();
      t.clock.advance(RETRY_DELAYS_MS[1]!);
      await drain();
    } finally {
      http.timeoutMs = timeout;
    }
    expect(elsewhere.received).toHaveLength(0);
    expect(r.received).toHaveLength(3);
    const [delivery] = (await t.ok(DELIVERIES, { e: endpoint.id }, await t.adminToken())).webhookDeliveries;
    expect(delivery.status).toBe('SUCCEEDED');
    expect(delivery.attempts).toEqual([
      { attempt: 1, statusCode: 302, error: expect.stringContaining('redirects are not followed') },
      { attempt: 2, statusCode: null, error: expect.stringContaining('timed out') },
      { attempt: 3, statusCode: 200, error: null },
    ]);
  });

  it('a delivery claimed by a worker that died is attempted again once its lease runs out', async () => {
    const { key, receiver: r, endpoint } = await setup([], { eventTypes: ['api_key.revoked'] });
    const { worker, dispatcher } = t.server.services.events;
    await worker.stop(); // no nudged pass may take the delivery first
    try {
      await t.ok(REVOKE, { id: key.id }, await t.adminToken());
      await dispatcher.runOnce();
      // A worker claims it and dies before answering: the claim is all that is left of it.
      const claimed = await (worker as unknown as { claim(): Promise<Array<{ id: string }>> }).claim();
      expect(claimed).toHaveLength(1);
      await worker.runOnce();
      expect(r.received).toHaveLength(0);
      t.clock.advance(LEASE_MS);
      await worker.runOnce();
      expect(r.received).toHaveLength(1);
      const [delivery] = (await t.ok(DELIVERIES, { e: endpoint.id }, await t.adminToken())).webhookDeliveries;
      expect(delivery).toMatchObject({ status: 'SUCCEEDED', attemptCount: 2, attempts: [{ attempt: 2, statusCode: 200 }] });
    } finally {
      worker.start(0);
    }
  });

  it('a 410 answer disables the endpoint', async () => {
    const { key, receiver: r, endpoint, org } = await setup([{ status: 410 }]);
    await t.ok(REVOKE, { id: key.id }, await t.adminToken());
    await drain();
    expect(r.received).toHaveLength(1);
    const [listed] = (await t.ok(ENDPOINTS, { o: org.id }, await t.adminToken())).webhookEndpoints;
    expect(listed).toMatchObject({ id: endpoint.id, isEnabled: false, disabledReason: expect.stringContaining('410') });
    const [delivery] = (await t.ok(DELIVERIES, { e: endpoint.id }, await t.adminToken())).webhookDeliveries;
    expect(delivery).toMatchObject({ status: 'FAILED', nextAttemptAt: null, lastStatusCode: 410 });
  });

  it('gives up after about 3 days of failures and disables the endpoint', async () => {
    const { key, receiver: r, endpoint, org } = await setup(Array.from({ length: 20 }, () => ({ status: 500 })));
    await t.ok(REVOKE, { id: key.id }, await t.adminToken());
    await drain();
    for (const delay of RETRY_DELAYS_MS) {
      t.clock.advance(delay);
      await drain();
    }
    expect(r.received).toHaveLength(RETRY_DELAYS_MS.length + 1);
    const total = RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    expect(total / 3_600_000).toBeGreaterThanOrEqual(72);
    expect(total / 3_600_000).toBeLessThan(80);
    const [listed] = (await t.ok(ENDPOINTS, { o: org.id }, await t.adminToken())).webhookEndpoints;
    expect(listed).toMatchObject({ isEnabled: false, disabledReason: expect.stringContaining('3 days') });
    const [delivery] = (await t.ok(DELIVERIES, { e: endpoint.id }, await t.adminToken())).webhookDeliveries;
    expect(delivery).toMatchObject({ status: 'FAILED', attemptCount: RETRY_DELAYS_MS.length + 1, nextAttemptAt: null });
    t.clock.advance(86_400_000);
    await drain();
    expect(r.received).toHaveLength(RETRY_DELAYS_MS.length + 1);
  });

  it('delivers only the event types an endpoint subscribed to', async () => {
    const { key, app, receiver: r } = await setup([], { eventTypes: ['application.disabled'] });
    await t.ok(REVOKE, { id: key.id }, await t.adminToken());
    await t.ok('mutation($id: ID!) { setApplicationEnabled(id: $id, isEnabled: false) { id } }', { id: app.id }, await t.adminToken());
    await drain();
    await r.waitFor(1);
    expect(r.received.map((q) => JSON.parse(q.body).type)).toEqual(['application.disabled']);
    expect(JSON.parse(r.received[0]!.body).data).toMatchObject({ previousStatus: 'ENABLED', status: 'DISABLED', application: { id: app.id, isEnabled: false } });
  });

  it('a connected account\'s events also reach its parent\'s endpoints', async () => {
    const platform = await createOrganization(t);
    const r = await receiver();
    const endpoint = await createWebhookEndpoint(t, platform.id, r.url, { eventTypes: ['api_key.revoked'] });
    const connected = (await t.ok('mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }', { i: { name: 'Connected shop', parentOrganizationId: platform.id } }, await t.adminToken())).createOrganization;
    const key = await createApiKey(t, (await createApplication(t, connected.id)).id);
    await t.ok(REVOKE, { id: key.id }, await t.adminToken());
    await drain();
    await r.waitFor(1);
    expect(new Webhook(endpoint.secret).verify(r.received[0]!.body, r.received[0]!.headers)).toMatchObject({ type: 'api_key.revoked', data: { organizationId: connected.id, apiKey: { id: key.id } } });
  });

  it('delivers to a key\'s own webhookUrl, signed with the key\'s webhook secret', async () => {
    const org = await createOrganization(t);
    const r = await receiver();
    const key = await createApiKey(t, (await createApplication(t, org.id)).id, { webhookUrl: `${r.url}/key` });
    await t.ok(REVOKE, { id: key.id }, await t.adminToken());
    await drain();
    await r.waitFor(2);
    // Deliveries are concurrent and at least once, not ordered (README): compare them as a set.
    expect(r.received.map((q) => JSON.parse(q.body).type).sort()).toEqual(['api_key.created', 'api_key.revoked']);
    const secret = (await t.ok<{ apiKeyWebhookSecret: string }>('query($k: ID!) { apiKeyWebhookSecret(apiKeyId: $k) }', { k: key.id }, await t.adminToken())).apiKeyWebhookSecret;
    expect(secret).toMatch(/^whsec_/);
    const revoked = r.received.find((q) => JSON.parse(q.body).type === 'api_key.revoked')!;
    expect(new Webhook(secret).verify(revoked.body, revoked.headers)).toMatchObject({ type: 'api_key.revoked', data: { apiKey: { id: key.id } } });
    const deliveries = (await t.ok('query($k: ID!) { apiKeyWebhookDeliveries(apiKeyId: $k) { status apiKeyId endpointId } }', { k: key.id }, await t.adminToken())).apiKeyWebhookDeliveries;
    expect(deliveries).toEqual([{ status: 'SUCCEEDED', apiKeyId: key.id, endpointId: null }, { status: 'SUCCEEDED', apiKeyId: key.id, endpointId: null }]);
  });

  it('retries of a key\'s deliveries follow its current webhookUrl, and stop when it is removed', async () => {
    const UPDATE = 'mutation($id: ID!, $input: UpdateApiKeyInput!) { updateApiKey(id: $id, input: $input) { id } }';
    const KEY_DELIVERIES = 'query($k: ID!) { apiKeyWebhookDeliveries(apiKeyId: $k) { eventType status attemptCount lastError } }';
    const app = await createApplication(t, (await createOrganization(t)).id);
    const old = await receiver([{ status: 500 }]);
    const fresh = await receiver();
    const moved = await createApiKey(t, app.id, { webhookUrl: `${old.url}/key` });
    await drain();
    await old.waitFor(1);
    await t.ok(UPDATE, { id: moved.id, input: { webhookUrl: `${fresh.url}/key` } }, await t.adminToken());
    t.clock.advance(RETRY_DELAYS_MS[0]! + 1000);
    await drain();
    await fresh.waitFor(1);
    expect(old.received).toHaveLength(1);
    expect(JSON.parse(fresh.received[0]!.body)).toMatchObject({ type: 'api_key.created', data: { apiKey: { id: moved.id } } });

    const dropped = await receiver([{ status: 500 }]);
    const removed = await createApiKey(t, app.id, { webhookUrl: `${dropped.url}/key` });
    await drain();
    await dropped.waitFor(1);
    await t.ok(UPDATE, { id: removed.id, input: { webhookUrl: null } }, await t.adminToken());
    t.clock.advance(RETRY_DELAYS_MS[0]! + 1000);
    await drain();
    expect(dropped.received).toHaveLength(1);
    const deliveries = (await t.ok(KEY_DELIVERIES, { k: removed.id }, await t.adminToken())).apiKeyWebhookDeliveries;
    expect(deliveries).toEqual([{ eventType: 'api_key.created', status: 'FAILED', attemptCount: 2, lastError: 'the key no longer has a webhookUrl' }]);
  });

  it('signs with both secrets while a rotation overlaps, then with the new one only', async () => {
    const { app, receiver: r, endpoint } = await setup([], { eventTypes: ['api_key.revoked'] });
    const rotated = (await t.ok('mutation($id: ID!) { rotateWebhookEndpointSecret(id: $id, overlapSeconds: 3600) { secret webhookEndpoint { secretPrefix } } }', { id: endpoint.id }, await t.adminToken())).rotateWebhookEndpointSecret;
    expect(rotated.secret).not.toBe(endpoint.secret);
    expect(rotated.webhookEndpoint.secretPrefix).toBe(rotated.secret.slice(0, 12));
    const [first, second] = [await createApiKey(t, app.id), await createApiKey(t, app.id)];
    await t.ok(REVOKE, { id: first.id }, await t.adminToken());
    await drain();
    await r.waitFor(1);
    expect(r.received[0]!.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    for (const secret of [endpoint.secret, rotated.secret]) expect(() => new Webhook(secret).verify(r.received[0]!.body, r.received[0]!.headers)).not.toThrow();

    t.clock.advance(3_601_000);
    await t.ok(REVOKE, { id: second.id }, await t.adminToken());
    await drain();
    await r.waitFor(2);
    expect(() => new Webhook(rotated.secret).verify(r.received[1]!.body, r.received[1]!.headers)).not.toThrow();
    expect(() => new Webhook(endpoint.secret).verify(r.received[1]!.body, r.received[1]!.headers)).toThrow();
  });

  it('updates and deletes endpoints; roles and tenants are enforced', async () => {
    const { org, endpoint } = await setup();
    const developer = await createMember(t, org.id, 'DEVELOPER');
    const admin = await createMember(t, org.id, 'ADMIN');
    const outsider = await createMember(t, (await createOrganization(t)).id, 'OWNER');
    expect(errorCode(await t.gql(ENDPOINTS, { o: org.id }, developer.token))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(ENDPOINTS, { o: org.id }, outsider.token))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(DELIVERIES, { e: endpoint.id }, outsider.token))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql('mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { id } }', { id: endpoint.id }, outsider.token))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql('mutation($i: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $i) { secret } }', { i: { organizationId: org.id, url: 'https://example.com/x' } }, developer.token))).toBe('FORBIDDEN');

    const updated = (await t.ok('mutation($id: ID!, $i: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(id: $id, input: $i) { url eventTypes isEnabled disabledReason } }', { id: endpoint.id, i: { url: 'https://example.com/new', eventTypes: ['api_key.created'], isEnabled: false } }, admin.token)).updateWebhookEndpoint;
    expect(updated).toEqual({ url: 'https://example.com/new', eventTypes: ['api_key.created'], isEnabled: false, disabledReason: 'disabled by a member' });
    await t.ok('mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { id } }', { id: endpoint.id }, admin.token);
    expect((await t.ok(ENDPOINTS, { o: org.id }, admin.token)).webhookEndpoints).toEqual([]);
    expect(errorCode(await t.gql(DELIVERIES, { e: endpoint.id }, admin.token))).toBe('NOT_FOUND');
  });

  it('loses no event when the server stops between commit and dispatch', async () => {
    const database = await createTestDatabase(dialect);
    const r = await receiver();
    try {
      const first = await startTestServer(dialect, ALLOW_PRIVATE, { databaseUrl: database.url });
      const org = await createOrganization(first);
      const key = await createApiKey(first, (await createApplication(first, org.id)).id);
      const endpoint = await createWebhookEndpoint(first, org.id, r.url, { eventTypes: ['api_key.revoked'] });
      await first.server.services.events.dispatcher.runOnce();
      // The process "dies" after the commit and before the dispatcher's next pass.
      await first.server.services.events.dispatcher.stop();
      await first.ok(REVOKE, { id: key.id, r: 'crash test' }, await first.adminToken());
      const pending = await first.server.services.db.manager.findOneByOrFail(AuditEvent, { subjectId: key.id, type: 'api_key.revoked' });
      expect(pending.dispatchedAt).toBeNull();
      await first.close();
      expect(r.received).toHaveLength(0);

      const second = await startTestServer(dialect, ALLOW_PRIVATE, { databaseUrl: database.url });
      try {
        await drain(second);
        await r.waitFor(1);
        const payload = new Webhook(endpoint.secret).verify(r.received[0]!.body, r.received[0]!.headers) as Record<string, any>;
        expect(payload).toMatchObject({ type: 'api_key.revoked', data: { reason: 'crash test', apiKey: { id: key.id } } });
        expect(r.received[0]!.headers['webhook-id']).toBe(pending.id);
        await drain(second);
        expect(r.received).toHaveLength(1);
      } finally {
        await second.close();
      }
    } finally {
      await database.drop();
    }
  });
});
