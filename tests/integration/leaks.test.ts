import { createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { verifyGithubSignature } from '../../server/leaks/github-keys';
import { generateSecret } from '../../server/api-keys/key-format';
import { ApiKeyKind, Environment } from '../../server/api-keys/api-key.enums';
import { describeEachDialect } from '../helpers/databases';
import { createWebhookEndpoint, subscribe, WebhookReceiver, wsClient } from '../helpers/events';
import { SERVICE_TOKEN, startTestServer, TestServer } from '../helpers/server';
import { within } from '../helpers/within';
import { PublishedKeys } from '../helpers/github-keys';
import { activeKey, post, verify } from './credentials-fixtures';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('GitHub secret scanning signatures', () => {
  it('accepts GitHub\'s own published example (payload, key id 90a42116…, signature) and nothing else', () => {
    // From GitHub's secret scanning partner program documentation.
    const key = createPublicKey(['-----BEGIN PUBLIC KEY-----', 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE9MJJHnMfn2+H4xL4YaPDA4RpJqUq', 'kCmRCBnYERxZanmcpzQSXs1X/AljlKkbJ8qpVIW4clayyef9gWhFbNHWAA==', '-----END PUBLIC KEY-----'].join('\n'));
    const payload = Buffer.from('[{"token":"some_token","type":"some_type","url":"some_url"}]');
    const signature = 'MEUCIQDKZokqnCjrRtw0tni+2Ltvl/uiMJ1EGumEsp1BsNr32AIgQY1YXD2nlj+XNfGK4rBfkMJ1JDOQcYXxa2sY8FNkrKc=';
    expect(verifyGithubSignature(payload, signature, key)).toBe(true);
    expect(verifyGithubSignature(Buffer.from(payload.toString().replace('some_url', 'other_url')), signature, key)).toBe(false);
    expect(verifyGithubSignature(payload, 'not base64!', key)).toBe(false);
    expect(verifyGithubSignature(payload, Buffer.from('garbage').toString('base64'), key)).toBe(false);
  });
});

describeEachDialect('leaked-key response (SPEC 9)', (dialect) => {
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const KEY_ID = 'test-key-1';
  let published: PublishedKeys;
  let receiver: WebhookReceiver;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    published = await new PublishedKeys([{ id: KEY_ID, key: pair.publicKey }]).start();
    receiver = await new WebhookReceiver().start();
    const env = { REDIS_URL, KEYWARD_SECRET_SCANNING_KEYS_URL: published.url, KEYWARD_WEBHOOK_ALLOW_PRIVATE: 'true' };
    a = await startTestServer(dialect, env);
    const database = a.server.services.config.database;
    b = await startTestServer(dialect, env, { databaseUrl: database.type === 'mysql' ? database.url : `sqlite:${database.path}` });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await receiver?.close();
    await published?.close();
  });

  const signed = (body: string, keyId = KEY_ID, privateKey = pair.privateKey) => ({
    'content-type': 'application/json',
    'github-public-key-identifier': keyId,
    'github-public-key-signature': sign('sha256', Buffer.from(body), privateKey).toString('base64'),
  });
  const report = (t: TestServer, body: string, headers: Record<string, string> = signed(body)) => post(t, '/v1/secret-scanning/github', body, headers);
  const match = (token: string) => ({ token, type: 'keyward_secret_key', url: 'https://github.com/acme/shop/blob/abc/config.js', source: 'content' });
  const setPolicy = async (organizationId: string, leakedKeyAction: 'REVOKE' | 'NOTIFY') =>
    a.ok('mutation($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { id } }', { id: organizationId, input: { keyPolicy: { leakedKeyAction } } }, await a.adminToken());
  const keyState = async (id: string) =>
    (await a.ok<{ apiKey: { status: string; leakedAt: string | null; leakedUrl: string | null; revokedReason: string | null } }>('query($id: ID!) { apiKey(id: $id) { status leakedAt leakedUrl revokedReason } }', { id }, await a.adminToken())).apiKey;

  it('a signed report revokes the key (REVOKE, the default): verify answers REVOKED at once on both instances; webhook and subscription see api_key.leaked', async () => {
    const key = await activeKey(a, { webhookUrl: `${receiver.url}/key-hook` });
    await createWebhookEndpoint(a, key.organizationId, `${receiver.url}/endpoint`);
    for (const t of [a, b]) expect((await verify(t, key.secret)).body.code).toBe('VALID');
    const client = wsClient(a, await a.adminToken());
    const events = subscribe(client, 'subscription($o: ID!) { auditEventAdded(organizationId: $o) { type subjectId } }', { o: key.organizationId });
    await new Promise((resolve) => setTimeout(resolve, 300));

    const body = JSON.stringify([match(key.secret)]);
    const answer = await report(a, body);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([{ token_raw: key.secret, token_type: 'keyward_secret_key', label: 'true_positive' }]);
    expect((await verify(a, key.secret)).body.code).toBe('REVOKED');
    await within(1000, async () => (await verify(b, key.secret)).body.code === 'REVOKED');
    expect(await keyState(key.id)).toMatchObject({ status: 'REVOKED', leakedUrl: match('').url, revokedReason: `leaked: ${match('').url}`, leakedAt: expect.any(String) });

    await events.next(2, 10_000);
    expect(events.messages.map((m) => m.data?.auditEventAdded.type)).toEqual(expect.arrayContaining(['api_key.leaked', 'api_key.revoked']));
    await events.stop();
    await client.dispose();

    await a.server.services.events.dispatcher.runOnce();
    await a.server.services.events.worker.runOnce();
    const leakedDeliveries = () => receiver.received.filter((r) => JSON.parse(r.body).type === 'api_key.leaked' && JSON.parse(r.body).data.subject.id === key.id);
    const deadline = Date.now() + 10_000;
    while (leakedDeliveries().length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(leakedDeliveries().map((r) => r.path).sort()).toEqual(['/endpoint', '/key-hook']);
    expect(leakedDeliveries()[0]!.body).not.toContain(key.secret);

    // Re-reporting is idempotent: same answer, no second event.
    const again = await report(a, body);
    expect(again.body).toEqual(answer.body);
    const log = await a.ok<{ auditEvents: { edges: Array<{ node: { type: string } }> } }>('query($o: ID!) { auditEvents(organizationId: $o, first: 50) { edges { node { type } } } }', { o: key.organizationId }, await a.adminToken());
    expect(log.auditEvents.edges.filter((e) => e.node.type === 'api_key.leaked')).toHaveLength(1);
  });

  it('under NOTIFY the key is only flagged: it keeps verifying, with leakedAt and leakedUrl set', async () => {
    const key = await activeKey(a);
    await setPolicy(key.organizationId, 'NOTIFY');
    const body = JSON.stringify([match(key.secret)]);
    expect((await report(a, body)).body[0].label).toBe('true_positive');
    expect((await verify(a, key.secret)).body.code).toBe('VALID');
    expect(await keyState(key.id)).toMatchObject({ status: 'ACTIVE', leakedUrl: match('').url, leakedAt: expect.any(String), revokedReason: null });
  });

  it('the platform\'s own scanners report with the service token; the answer names the key, never echoes the secret', async () => {
    const key = await activeKey(a);
    const unknown = generateSecret(ApiKeyKind.PERMANENT, Environment.LIVE);
    const answer = await post(a, '/v1/keys/leaked', JSON.stringify({ keys: [key.secret, unknown, 'sk_live_not-a-key'], url: 'https://paste.example.test/x' }), { 'content-type': 'application/json', authorization: `Bearer ${SERVICE_TOKEN}` });
    expect(answer.status).toBe(200);
    expect(answer.body.results).toEqual([
      { index: 0, label: 'true_positive', keyId: key.id, action: 'REVOKED' },
      { index: 1, label: 'false_positive', keyId: null, action: null },
      { index: 2, label: 'false_positive', keyId: null, action: null },
    ]);
    expect(JSON.stringify(answer.body)).not.toContain(key.secret);
    expect((await verify(b, key.secret)).body.code).toBe('REVOKED');
    for (const headers of [{}, { authorization: 'Bearer wrong-token-0123456789-abcdef' }] as Array<Record<string, string>>) {
      expect((await post(a, '/v1/keys/leaked', JSON.stringify({ keys: [key.secret] }), { 'content-type': 'application/json', ...headers })).status).toBe(401);
    }
    for (const bad of [{ keys: [] }, { url: 'https://paste.example.test/x' }, { keys: ['x'.repeat(2000)] }]) {
      expect((await post(a, '/v1/keys/leaked', JSON.stringify(bad), { 'content-type': 'application/json', authorization: `Bearer ${SERVICE_TOKEN}` })).status).toBe(400);
    }
  });

  it('refuses, changing nothing: a bad signature, an unknown key id, an unsigned request, a body over 1 MB, a non-array body, an unknown token', async () => {
    const key = await activeKey(a);
    const body = JSON.stringify([match(key.secret)]);
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const fetchesBefore = published.fetches;
    const cases: Array<[string, Promise<{ status: number; body: any }>, number]> = [
      ['bad signature', report(a, body, signed(body, KEY_ID, other.privateKey)), 401],
      ['signature of another body', report(a, body, signed(body.replace('content', 'commit'))), 401],
      ['unknown key id', report(a, body, signed(body, 'no-such-key')), 401],
      // Refused before the body is read (SPEC 9): reading it first would answer 413.
      ['unknown key id, body over 1 MB', report(a, `[${'"x",'.repeat(300_000)}"x"]`, { 'content-type': 'application/json', 'github-public-key-identifier': 'no-such-key', 'github-public-key-signature': 'MEUCIQ' }), 401],
      ['unsigned', report(a, body, { 'content-type': 'application/json' }), 401],
      ['over 1 MB', report(a, `[${'"x",'.repeat(300_000)}"x"]`), 413],
      ['not an array', report(a, JSON.stringify(match(key.secret))), 400],
      ['not JSON', report(a, 'token=sk_live_x'), 400],
      ['over 1,000 items', report(a, JSON.stringify(Array.from({ length: 1001 }, () => match('x')))), 400],
    ];
    for (const [what, answer, status] of cases) expect([what, (await answer).status]).toEqual([what, status]);
    // One unknown key id fetched the document again; the next within a minute does not.
    expect(published.fetches - fetchesBefore).toBeLessThanOrEqual(1);
    await report(a, body, signed(body, 'still-unknown'));
    expect(published.fetches - fetchesBefore).toBeLessThanOrEqual(1);

    const random = generateSecret(ApiKeyKind.PERMANENT, Environment.TEST);
    const unknownBody = JSON.stringify([match(random), match('sk_test_short')]);
    const answer = await report(a, unknownBody);
    expect(answer.status).toBe(200);
    expect(answer.body.map((f: { label: string }) => f.label)).toEqual(['false_positive', 'false_positive']);

    expect((await verify(a, key.secret)).body.code).toBe('VALID');
    expect(await keyState(key.id)).toMatchObject({ status: 'ACTIVE', leakedAt: null });
  });
});
