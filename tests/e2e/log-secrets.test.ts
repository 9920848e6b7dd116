import { Writable } from 'node:stream';
import { createLogger } from '../../server/logger';
import { createApplication, createOrganization, createUser } from '../helpers/fixtures';
import { SERVICE_TOKEN, startTestServer, TestServer } from '../helpers/server';

/**
 * Drives every operation that carries a secret — successes and failures — with the most verbose
 * log level, then scans every log line for any of those secrets.
 */
describe('secrets never reach a log line', () => {
  const lines: string[] = [];
  let t: TestServer;
  const secrets: string[] = [];
  const remember = (...values: Array<string | undefined | null>) => values.forEach((v) => v && secrets.push(v));

  beforeAll(async () => {
    const sink = new Writable({ write(chunk, _encoding, done) { lines.push(...String(chunk).split('\n').filter(Boolean)); done(); } });
    t = await startTestServer('sqlite', {}, { logger: createLogger('trace', sink) });
  });
  afterAll(async () => t?.close());

  it('holds for sign-in, tokens, keys, the lifecycle, verify, OAuth and webhooks', async () => {
    const admin = await t.adminToken();
    remember(admin);
    const user = await createUser(t, 'logs');
    remember(user.password, user.token);
    await t.gql('mutation($e: String!) { login(email: $e, password: "Wrong-password-999") { token } }', { e: user.email });
    remember('Wrong-password-999');

    const pat = (await t.ok('mutation { createPersonalAccessToken(input: { name: "logs", expiresInDays: 30 }) { token } }', {}, user.token)).createPersonalAccessToken.token;
    remember(pat);
    await t.gql('{ me { id } }', {}, `${pat.slice(0, -1)}${pat.endsWith('X') ? 'Y' : 'X'}`);

    const org = await createOrganization(t);
    const app = await createApplication(t, org.id);
    const created = (await t.ok('mutation($a: ID!) { createApiKey(input: { applicationId: $a, name: "k", description: "d", environment: TEST, scopes: ["payments:write"], idempotencyKey: "log-test-1" }) { secret apiKey { id } } }', { a: app.id }, admin)).createApiKey;
    remember(created.secret);
    // An API key sent as a session token is refused: the refusal must not log it either.
    await t.gql('{ me { id } }', {}, created.secret);

    const rotated = (await t.ok('mutation($id: ID!) { rotateApiKey(id: $id, gracePeriodSeconds: 60) { secret } }', { id: created.apiKey.id }, admin)).rotateApiKey.secret;
    remember(rotated);

    const temporary = (await t.ok('mutation($a: ID!) { issueTemporaryApiKey(input: { applicationId: $a, name: "t", description: "d", environment: TEST, recoverable: true }) { secret } }', { a: app.id }, admin)).issueTemporaryApiKey.secret;
    remember(temporary);
    await t.gql('mutation($k: String!) { exchangeTemporaryApiKey(temporaryKey: $k, accountSecret: "weak") { secret } }', { k: temporary });
    const exchanged = (await t.ok('mutation($k: String!) { exchangeTemporaryApiKey(temporaryKey: $k, accountSecret: "Account-Secret-Log-1") { secret apiKey { id } } }', { k: temporary })).exchangeTemporaryApiKey;
    remember(exchanged.secret, 'Account-Secret-Log-1');
    await t.gql('mutation($id: ID!) { retrieveApiKey(apiKeyId: $id, accountSecret: "Not-The-Secret-22") { secret } }', { id: exchanged.apiKey.id }, admin);
    remember('Not-The-Secret-22');
    const retrieved = (await t.ok('mutation($id: ID!) { retrieveApiKey(apiKeyId: $id, accountSecret: "Account-Secret-Log-1") { secret } }', { id: exchanged.apiKey.id }, admin)).retrieveApiKey.secret;
    expect(retrieved).toBe(exchanged.secret);
    await t.ok('mutation($o: ID!) { setAccountSecret(organizationId: $o, currentSecret: "Account-Secret-Log-1", newSecret: "Account-Secret-Log-2") { id } }', { o: org.id }, admin);
    remember('Account-Secret-Log-2');

    const hook = (await t.ok('mutation($o: ID!) { createWebhookEndpoint(input: { organizationId: $o, url: "https://hooks.example.com/x" }) { secret } }', { o: org.id }, admin)).createWebhookEndpoint.secret;
    remember(hook);

    const post = (path: string, body: string, headers: Record<string, string>) => fetch(`${t.url}${path}`, { method: 'POST', headers, body });
    await post('/v1/keys/verify', JSON.stringify({ key: rotated }), { 'content-type': 'application/json', authorization: `Bearer ${SERVICE_TOKEN}` });
    await post('/v1/keys/verify', JSON.stringify({ key: `${rotated.slice(0, -2)}xx` }), { 'content-type': 'application/json', authorization: `Bearer ${SERVICE_TOKEN}` });
    await post('/v1/keys/verify', JSON.stringify({ key: rotated }), { 'content-type': 'application/json', authorization: 'Bearer svc_wrong_token_0123456789abcdef' });
    await post('/v1/keys/verify', `{"key": "${rotated}"`, { 'content-type': 'application/json', authorization: `Bearer ${SERVICE_TOKEN}` });
    remember('svc_wrong_token_0123456789abcdef', SERVICE_TOKEN);

    const basic = `Basic ${Buffer.from(`${created.apiKey.id}:${rotated}`).toString('base64')}`;
    remember(basic.slice(6));
    const tokenResponse = await post('/oauth/token', 'grant_type=client_credentials', { 'content-type': 'application/x-www-form-urlencoded', authorization: basic });
    const accessToken = ((await tokenResponse.json()) as { access_token: string }).access_token;
    expect(accessToken).toBeDefined();
    remember(accessToken);
    await post('/oauth/token', `grant_type=client_credentials&client_id=${created.apiKey.id}&client_secret=${created.secret.slice(0, -1)}Q`, { 'content-type': 'application/x-www-form-urlencoded' });
    await post('/v1/auth/token', JSON.stringify({ client_secret: rotated }), { 'content-type': 'application/json' });
    await post('/oauth/introspect', `token=${accessToken}`, { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${SERVICE_TOKEN}` });
    await post('/oauth/revoke', `token=${accessToken}`, { 'content-type': 'application/x-www-form-urlencoded', authorization: basic });

    await t.ok('mutation($id: ID!) { revokeApiKey(id: $id, reason: "log test") { id } }', { id: created.apiKey.id }, admin);
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Every request and operation logged a line (debug and info), failures included.
    expect(lines.length).toBeGreaterThan(40);
    expect(lines.some((l) => l.includes('graphql operation failed'))).toBe(true);
    const log = lines.join('\n');
    const leaked = secrets.filter((secret) => secret.length >= 8 && log.includes(secret));
    expect(leaked).toEqual([]);
    // Nor any other string shaped like a key, token or signing secret.
    expect(log.match(/(sk|tk)_(test|live)_[0-9A-Za-z]{36}|pat_[0-9A-Za-z]{40}|whsec_[A-Za-z0-9+/=]{20,}/g)).toBeNull();
  });
});
