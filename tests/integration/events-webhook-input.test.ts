import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { guardedLookup, isForbiddenAddress, SafeHttpClient } from '../../server/events/webhooks/safe-http';
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
      expect([ip, isForbiddenAddress(ip)]).toEqual([ip, true]);
    }
    for (const ip of ['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111', '::ffff:5db8:d822']) expect([ip, isForbiddenAddress(ip)]).toEqual([ip, false]);
  });

  it('refuses a host name that resolves to loopback at connect time (DNS is not trusted from save time)', async () => {
    const lookup = guardedLookup(false);
    const error = await new Promise<Error | null>((resolve) => lookup('localhost', { all: true }, (e) => resolve(e)));
    expect(error?.message).toMatch(/loopback, private or link-local/);
    const client = new SafeHttpClient({ allowPrivate: false });
    // Plain http is refused outright; https to a name resolving to loopback fails in the lookup.
    expect((await client.post(`http://localhost:${port}/`, {}, '{}')).error).toMatch(/https/);
    expect((await client.post(`https://localhost:${port}/`, {}, '{}')).error).toMatch(/loopback, private or link-local/);
    expect((await client.post(`https://127.0.0.1:${port}/`, {}, '{}')).error).toMatch(/private/);
    expect((await client.post('https://[::ffff:7f00:1]:1/', {}, '{}')).error).toMatch(/private/);
    expect(hits).toBe(0);
    client.close();
  });

  it('with private targets allowed (development, tests) it connects', async () => {
    const client = new SafeHttpClient({ allowPrivate: true });
    expect(await client.post(`http://localhost:${port}/`, {}, '{}')).toMatchObject({ statusCode: 200, error: null });
    expect(hits).toBe(1);
    client.close();
  });
});
