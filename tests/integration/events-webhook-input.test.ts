import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { guardedLookup, SafeHttpClient } from '../../server/events/webhooks/safe-http';
import { isSpecialPurposeAddress } from '../../server/shared/special-addresses';
import { createApiKey, createApplication, createOrganization } from '../helpers/fixtures';
import { startTestServer, TestServer } from '../helpers/server';

const CREATE = 'mutation($i: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $i) { secret } }';

describe('webhook targets are checked (private targets not allowed) [sqlite]', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('sqlite');
  });
  afterAll(async () => t?.close());

  it.each([
    ['not a URL', 'not a url', 'is not a URL'],
    ['plain http', 'http://example.com/hooks', 'https://'],
    ['another scheme', 'ftp://example.com/hooks', 'https://'],
    ['loopback', 'https://127.0.0.1/hooks', 'private'],
    ['localhost', 'https://localhost:8443/hooks', 'private'],
    ['private', 'https://10.1.2.3/hooks', 'private'],
    ['link-local metadata', 'https://169.254.169.254/latest/meta-data', 'private'],
    ['IPv6 loopback', 'https://[::1]/hooks', 'private'],
    ['credentials in the URL', 'https://user:pw@example.com/hooks', 'credentials'],
  ])('%s: BAD_USER_INPUT on input.url', async (_label, url, message) => {
    const org = await createOrganization(t);
    const result = await t.gql(CREATE, { i: { organizationId: org.id, url } }, await t.adminToken());
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.url', message: expect.stringContaining(message) }] });
  });

  it('unknown event types, unknown organizations and missing tokens are refused clearly', async () => {
    const org = await createOrganization(t);
    const unknownType = await t.gql(CREATE, { i: { organizationId: org.id, url: 'https://example.com/h', eventTypes: ['api_key.revoked', 'key.nuked'] } }, await t.adminToken());
    expect(unknownType.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.eventTypes', message: expect.stringContaining('key.nuked') }] });
    const unknownOrg = await t.gql(CREATE, { i: { organizationId: 'org_nope', url: 'https://example.com/h' } }, await t.adminToken());
    expect(unknownOrg.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const anonymous = await t.gql(CREATE, { i: { organizationId: org.id, url: 'https://example.com/h' } });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const overlong = await t.gql('mutation($id: ID!) { rotateWebhookEndpointSecret(id: $id, overlapSeconds: 99999999) { secret } }', { id: 'whe_nope' }, await t.adminToken());
    expect(overlong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('event types can be given and read as the WebhookEventType enum, the same list as the dotted names', async () => {
    const org = await createOrganization(t);
    const token = await t.adminToken();
    const fields = 'id eventTypes events';
    const created = await t.gql(`mutation($i: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $i) { webhookEndpoint { ${fields} } } }`, { i: { organizationId: org.id, url: 'https://example.com/h', events: ['API_KEY_REVOKED', 'ORGANIZATION_KYB_STATUS_CHANGED'] } }, token);
    expect(created.errors).toBeUndefined();
    const endpoint = created.data!.createWebhookEndpoint.webhookEndpoint;
    expect(endpoint).toMatchObject({ eventTypes: ['api_key.revoked', 'organization.kyb_status_changed'], events: ['API_KEY_REVOKED', 'ORGANIZATION_KYB_STATUS_CHANGED'] });
    const UPDATE = `mutation($id: ID!, $i: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(id: $id, input: $i) { ${fields} } }`;
    const updated = await t.gql(UPDATE, { id: endpoint.id, i: { eventTypes: ['api_key.leaked'] } }, token);
    expect(updated.data?.updateWebhookEndpoint).toMatchObject({ eventTypes: ['api_key.leaked'], events: ['API_KEY_LEAKED'] });
    const both = await t.gql(UPDATE, { id: endpoint.id, i: { eventTypes: ['api_key.leaked'], events: ['API_KEY_LEAKED'] } }, token);
    expect(both.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.events' }] });
    const unknown = await t.gql(UPDATE, { id: endpoint.id, i: { events: ['KEY_NUKED'] } }, token);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a key\'s webhookUrl gets the same checks', async () => {
    const app = await createApplication(t, (await createOrganization(t)).id);
    await expect(createApiKey(t, app.id, { webhookUrl: 'http://127.0.0.1:8080/x' })).rejects.toThrow(/BAD_USER_INPUT/);
    await expect(createApiKey(t, app.id, { webhookUrl: 'https://192.168.1.10/x' })).rejects.toThrow(/BAD_USER_INPUT/);
  });
});

describe('the delivery client guards the address it connects to', () => {
  let server: Server;
  let port: number;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits += 1;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('classifies forbidden addresses, including IPv4 written inside IPv6', () => {
    for (const ip of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00:ec2::254', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:a9fe:a9fe', '64:ff9b::7f00:1']) {
      expect([ip, isSpecialPurposeAddress(ip)]).toEqual([ip, true]);
    }
    for (const ip of ['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111', '::ffff:5db8:d822']) expect([ip, isSpecialPurposeAddress(ip)]).toEqual([ip, false]);
  });

  it('refuses a host name that resolves to loopback at connect time (DNS is not trusted from save time)', async () => {
    const lookup = guardedLookup(false);
    const error = await new Promise<Error | null>((resolve) => lookup('localhost', { all: true }, (e) => resolve(e)));
    expect(error?.message).toBe('address not allowed');
    const client = new SafeHttpClient({ allowPrivate: false });
    // Plain http is refused outright; https to a name resolving to loopback fails in the lookup.
    expect((await client.post(`http://localhost:${port}/`, {}, '{}')).error).toMatch(/https/);
    // Tenants read these in lastError: "address not allowed", never the address a name resolved to.
    expect((await client.post(`https://localhost:${port}/`, {}, '{}')).error).toBe('address not allowed');
    expect((await client.post(`https://127.0.0.1:${port}/`, {}, '{}')).error).toBe('address not allowed');
    expect((await client.post('https://[::ffff:7f00:1]:1/', {}, '{}')).error).toBe('address not allowed');
    expect(hits).toBe(0);
    client.close();
  });

  it('a failed connection is recorded by its code, never with the address it went to', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const client = new SafeHttpClient({ allowPrivate: true });
    const { error } = await client.post(`http://localhost:${closedPort}/`, {}, '{}');
    expect(error).toMatch(/^connection refused \(ECONNREFUSED\)$/);
    expect(error).not.toMatch(/127\.0\.0\.1|::1|localhost/);
    client.close();
  });

  it('with private targets allowed (development, tests) it connects', async () => {
    const client = new SafeHttpClient({ allowPrivate: true });
    expect(await client.post(`http://localhost:${port}/`, {}, '{}')).toMatchObject({ statusCode: 200, error: null });
    expect(hits).toBe(1);
    client.close();
  });
});
