import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { createApiKey, createApplication, createMember, createOrganization } from '../helpers/fixtures';
import { startTestServer, TestServer } from '../helpers/server';

const SUBSCRIPTION = 'subscription($o: ID!) { apiKeyStatusChanged(organizationId: $o) { apiKey { id status } previousStatus status reason } }';

function wsClient(t: TestServer, token?: string) {
  return createClient({ url: `${t.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: token ? { authorization: `Bearer ${token}` } : {}, retryAttempts: 0, lazy: true });
}

describe('subscriptions over graphql-ws on /graphql', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('sqlite');
  });
  afterAll(async () => t?.close());

  it('a member receives the revocation of a key of their organization; another tenant is refused', async () => {
    const org = await createOrganization(t);
    const other = await createOrganization(t);
    const member = await createMember(t, org.id, 'VIEWER');
    const outsider = await createMember(t, other.id, 'OWNER');
    const key = await createApiKey(t, (await createApplication(t, org.id)).id);

    const client = wsClient(t, member.token);
    const received = new Promise<any>((resolve, reject) => {
      const stop = client.subscribe({ query: SUBSCRIPTION, variables: { o: org.id } }, { next: (value) => { resolve(value); stop(); }, error: reject, complete: () => undefined });
    });
    const refused = new Promise<any>((resolve) => {
      wsClient(t, outsider.token).subscribe({ query: SUBSCRIPTION, variables: { o: org.id } }, { next: resolve, error: resolve, complete: () => resolve('complete') });
    });
    await new Promise((r) => setTimeout(r, 300));
    await t.ok('mutation($id: ID!) { revokeApiKey(id: $id, reason: "test") { id } }', { id: key.id }, await t.adminToken());
    const event = await received;
    expect(event.data.apiKeyStatusChanged).toEqual({ apiKey: { id: key.id, status: 'REVOKED' }, previousStatus: 'ACTIVE', status: 'REVOKED', reason: 'test' });
    const refusal = await refused;
    expect(refusal[0]?.extensions?.code ?? refusal.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    await client.dispose();
  });

  it('refuses a connection without a valid token', async () => {
    const closed = await new Promise<any>((resolve) => {
      wsClient(t, 'not-a-token').subscribe({ query: SUBSCRIPTION, variables: { o: 'org_x' } }, { next: resolve, error: resolve, complete: () => resolve('complete') });
    });
    expect(closed.code ?? closed).toBe(4403);
  });

  it('every event is read fresh: nested fields do not come from an earlier event\'s reads', async () => {
    const org = await createOrganization(t);
    const key = await createApiKey(t, (await createApplication(t, org.id)).id);
    const client = wsClient(t, await t.adminToken());
    const events: any[] = [];
    const two = new Promise<void>((resolve, reject) => {
      client.subscribe(
        { query: 'subscription($o: ID!) { apiKeyStatusChanged(organizationId: $o) { apiKey { id secrets { id } } } }', variables: { o: org.id } },
        { next: (value) => { events.push(value); if (events.length === 2) resolve(); }, error: reject, complete: () => undefined },
      );
    });
    await new Promise((r) => setTimeout(r, 300));
    const rotate = 'mutation($id: ID!) { rotateApiKey(id: $id, gracePeriodSeconds: 3600) { secret } }';
    await t.ok(rotate, { id: key.id }, await t.adminToken());
    await new Promise((r) => setTimeout(r, 200));
    await t.ok(rotate, { id: key.id }, await t.adminToken());
    await two;
    await client.dispose();
    expect(events.map((e) => e.data.apiKeyStatusChanged.apiKey.secrets.length)).toEqual([2, 3]);
  });
});
