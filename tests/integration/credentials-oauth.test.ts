import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, JWK, jwtVerify } from 'jose';
import { createApiKey, createApplication, createOrganization, createUser } from '../helpers/fixtures';
import { describeEachDialect } from '../helpers/databases';
import { errorCode, SERVICE_TOKEN, startTestServer, TestServer } from '../helpers/server';
import { activeKey, basic, form, FORM, post, revokeKey, setApplicationEnabled, temporaryKey, token } from './credentials-fixtures';

const introspect = (t: TestServer, accessToken: string, auth = `Bearer ${SERVICE_TOKEN}`) => post(t, '/oauth/introspect', form({ token: accessToken }), { ...FORM, authorization: auth });

describeEachDialect('credentials: OAuth token endpoint, JWKS, introspection, revocation', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect);
  });
  afterAll(async () => t?.close());

  async function jwks() {
    const response = await fetch(`${t.url}/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    return (await response.json()) as { keys: Array<JWK & { kid: string }> };
  }

  it('issues an RFC 9068 ES256 access token for client_secret_basic, verifiable against the JWKS', async () => {
    const key = await activeKey(t);
    const answer = await token(t, key.id, key.secret);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600, scope: 'payments:write refunds' });
    const header = decodeProtectedHeader(answer.body.access_token);
    expect(header).toEqual({ alg: 'ES256', typ: 'at+jwt', kid: expect.stringMatching(/^sgk_/) });
    const issuer = t.server.services.config.issuer;
    const { payload } = await jwtVerify(answer.body.access_token, createLocalJWKSet(await jwks()), { issuer, audience: issuer, typ: 'at+jwt', currentDate: t.clock.now() });
    expect(payload).toEqual({
      iss: issuer,
      sub: key.id,
      aud: issuer,
      exp: expect.any(Number),
      iat: Math.floor(t.clock.now().getTime() / 1000),
      jti: expect.any(String),
      client_id: key.id,
      scope: 'payments:write refunds',
      org: key.organizationId,
      app: key.applicationId,
      env: 'TEST',
    });
    expect(payload.exp! - payload.iat!).toBe(3600);
  });

  it('accepts client_secret_post, narrows scope to a subset, and refuses scopes the key lacks', async () => {
    const key = await activeKey(t);
    const narrowed = await post(t, '/oauth/token', form({ grant_type: 'client_credentials', client_id: key.id, client_secret: key.secret, scope: 'refunds' }), FORM);
    expect(narrowed.status).toBe(200);
    expect(narrowed.body.scope).toBe('refunds');
    expect(decodeJwt(narrowed.body.access_token).scope).toBe('refunds');
    const wider = await token(t, key.id, key.secret, { scope: 'refunds disputes:read' });
    expect(wider.status).toBe(400);
    expect(wider.body.error).toBe('invalid_scope');
    expect(wider.headers.get('cache-control')).toBe('no-store');
  });

  it('takes expires_in from the organization\'s key policy', async () => {
    const org = await createOrganization(t);
    await t.ok('mutation($id: ID!) { updateOrganization(id: $id, input: { keyPolicy: { tokenTtlSeconds: 600 } }) { id } }', { id: org.id }, await t.adminToken());
    const app = await createApplication(t, org.id);
    const key = await createApiKey(t, app.id);
    const answer = await token(t, key.id, key.secret);
    expect(answer.body.expires_in).toBe(600);
    const claims = decodeJwt(answer.body.access_token);
    expect(claims.exp! - claims.iat!).toBe(600);
  });

  it('answers 401 invalid_client with WWW-Authenticate for a wrong, revoked, expired, inactive, temporary or disabled client', async () => {
    const key = await activeKey(t);
    const expectInvalidClient = async (id: string, secret: string) => {
      const answer = await token(t, id, secret);
      expect(answer.status).toBe(401);
      expect(answer.body.error).toBe('invalid_client');
      expect(answer.headers.get('www-authenticate')).toMatch(/^Basic realm="keyward"/);
      expect(answer.headers.get('cache-control')).toBe('no-store');
    };
    // One character changed (never to itself: a secret ending in x would stay right, 1 run in 62).
    await expectInvalidClient(key.id, `${key.secret.slice(0, -1)}${key.secret.endsWith('x') ? 'y' : 'x'}`);
    await expectInvalidClient('key_000000000000000000000000a', key.secret);
    const other = await activeKey(t);
    await expectInvalidClient(key.id, other.secret);

    const inactive = await createApiKey(t, key.applicationId, { environment: 'LIVE' });
    await expectInvalidClient(inactive.id, inactive.secret);
    const temporary = await temporaryKey(t, key.applicationId, key.organizationId);
    await expectInvalidClient(temporary.id, temporary.secret);

    const expiring = await activeKey(t, { expiresAt: new Date(t.clock.now().getTime() + 30_000).toISOString() });
    expect((await token(t, expiring.id, expiring.secret)).status).toBe(200);
    t.clock.advance(31_000);
    await expectInvalidClient(expiring.id, expiring.secret);

    await setApplicationEnabled(t, key.applicationId, false);
    await expectInvalidClient(key.id, key.secret);
    await setApplicationEnabled(t, key.applicationId, true);
    expect((await token(t, key.id, key.secret)).status).toBe(200);
    await revokeKey(t, key.id);
    await expectInvalidClient(key.id, key.secret);

    const post401 = await post(t, '/oauth/token', form({ grant_type: 'client_credentials', client_id: other.id, client_secret: key.secret }), FORM);
    expect(post401.status).toBe(401);
    expect(post401.body.error).toBe('invalid_client');
    expect(post401.headers.get('www-authenticate')).toBeNull();
  });

  it('answers RFC 6749 §5.2 errors for bad requests, never a 500', async () => {
    const key = await activeKey(t);
    const auth = { ...FORM, authorization: basic(key.id, key.secret) };
    const cases: Array<[string, string | undefined, Record<string, string>, number, string]> = [
      ['no grant_type', form({}), auth, 400, 'invalid_request'],
      ['another grant', form({ grant_type: 'password' }), auth, 400, 'unsupported_grant_type'],
      ['grant_type twice', 'grant_type=client_credentials&grant_type=client_credentials', auth, 400, 'invalid_request'],
      ['two auth methods', form({ grant_type: 'client_credentials', client_secret: key.secret }), auth, 400, 'invalid_request'],
      ['no client auth', form({ grant_type: 'client_credentials' }), FORM, 401, 'invalid_client'],
      ['garbled Basic', form({ grant_type: 'client_credentials' }), { ...FORM, authorization: 'Basic !!!' }, 401, 'invalid_client'],
      ['Bearer instead of Basic', form({ grant_type: 'client_credentials' }), { ...FORM, authorization: `Bearer ${key.secret}` }, 401, 'invalid_client'],
      ['JSON body', JSON.stringify({ grant_type: 'client_credentials' }), { ...auth, 'content-type': 'application/json' }, 400, 'invalid_request'],
      ['malformed JSON', '{', { ...auth, 'content-type': 'application/json' }, 400, 'invalid_request'],
      ['text/plain', 'grant_type=client_credentials', { ...auth, 'content-type': 'text/plain' }, 400, 'invalid_request'],
      ['scope with a quote', form({ grant_type: 'client_credentials', scope: 'a"b' }), auth, 400, 'invalid_scope'],
      ['a 1 MB body', form({ grant_type: 'client_credentials', pad: 'x'.repeat(1024 * 1024) }), auth, 413, 'invalid_request'],
    ];
    for (const [label, body, headers, status, error] of cases) {
      const answer = await post(t, '/oauth/token', body, headers);
      expect({ label, status: answer.status, error: answer.body.error }).toEqual({ label, status, error });
      expect(typeof answer.body.error_description).toBe('string');
    }
  });

  it('issues the same token from POST /v1/auth/token with only the secret', async () => {
    const key = await activeKey(t);
    const answer = await post(t, '/v1/auth/token', JSON.stringify({ client_secret: key.secret, scope: 'payments:write' }), { 'content-type': 'application/json' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'payments:write' });
    expect(decodeJwt(answer.body.access_token)).toMatchObject({ sub: key.id, client_id: key.id });
    const wrong = await post(t, '/v1/auth/token', JSON.stringify({ client_secret: 'sk_test_nope' }), { 'content-type': 'application/json' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_client');
    for (const body of ['{}', '[]', '{"client_secret": 5}', 'nope']) {
      const bad = await post(t, '/v1/auth/token', body, { 'content-type': 'application/json' });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toBe('invalid_request');
    }
    await revokeKey(t, key.id);
    expect((await post(t, '/v1/auth/token', JSON.stringify({ client_secret: key.secret }), { 'content-type': 'application/json' })).body.error).toBe('invalid_client');
  });

  it('counts every token answer in /metrics: issued, refused, unreadable, on both token endpoints', async () => {
    const counts = async (): Promise<Map<string, number>> => {
      const text = await (await fetch(`${t.url}/metrics`)).text();
      const found = new Map<string, number>();
      for (const [, route, status, value] of text.matchAll(/^keyward_http_requests_total\{route="(token|auth_token)",status="(\d+)"\} (\d+)$/gm)) found.set(`${route} ${status}`, Number(value));
      const [, latency] = /^keyward_http_request_duration_seconds_count\{route="token"\} (\d+)$/m.exec(text) ?? [];
      found.set('token latency', Number(latency ?? 0));
      return found;
    };
    const key = await activeKey(t);
    const before = await counts();
    expect((await token(t, key.id, key.secret)).status).toBe(200);
    expect((await token(t, key.id, 'sk_test_wrong')).status).toBe(401);
    expect((await post(t, '/oauth/token', 'grant_type=client_credentials', { ...FORM, authorization: basic(key.id, key.secret), 'content-type': 'text/plain' })).status).toBe(400);
    expect((await post(t, '/oauth/token', form({ grant_type: 'client_credentials', pad: 'x'.repeat(64 * 1024) }), { ...FORM, authorization: basic(key.id, key.secret) })).status).toBe(413);
    expect((await post(t, '/v1/auth/token', JSON.stringify({ client_secret: key.secret }), { 'content-type': 'application/json' })).status).toBe(200);
    const after = await counts();
    const added = (name: string): number => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    expect({ ok: added('token 200'), refused: added('token 401'), unreadable: added('token 400'), oversized: added('token 413'), secretOnly: added('auth_token 200'), latency: added('token latency') }).toEqual({ ok: 1, refused: 1, unreadable: 1, oversized: 1, secretOnly: 1, latency: 4 });
  });

  it('publishes RFC 8414 metadata', async () => {
    const response = await fetch(`${t.url}/.well-known/oauth-authorization-server`);
    const issuer = t.server.services.config.issuer;
    expect(await response.json()).toMatchObject({
      issuer,
      token_endpoint: `${issuer}/oauth/token`,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      introspection_endpoint: `${issuer}/oauth/introspect`,
      revocation_endpoint: `${issuer}/oauth/revoke`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    });
  });

  it('introspects: active with claims, then { active: false } alone once the key is revoked', async () => {
    const key = await activeKey(t);
    const accessToken = (await token(t, key.id, key.secret)).body.access_token as string;
    const active = await introspect(t, accessToken);
    expect(active.status).toBe(200);
    expect(active.body).toMatchObject({ active: true, client_id: key.id, sub: key.id, scope: 'payments:write refunds', token_type: 'Bearer', org: key.organizationId, app: key.applicationId, env: 'TEST' });
    await revokeKey(t, key.id);
    expect((await introspect(t, accessToken)).body).toEqual({ active: false });
    for (const junk of ['garbage', `${accessToken.slice(0, -4)}AAAA`, 'a.b.c']) expect((await introspect(t, junk)).body).toEqual({ active: false });
  });

  it('introspects expired tokens and tokens of disabled applications as inactive', async () => {
    const key = await activeKey(t);
    const accessToken = (await token(t, key.id, key.secret)).body.access_token as string;
    await setApplicationEnabled(t, key.applicationId, false);
    expect((await introspect(t, accessToken)).body).toEqual({ active: false });
    await setApplicationEnabled(t, key.applicationId, true);
    expect((await introspect(t, accessToken)).body.active).toBe(true);
    t.clock.advance(3601_000);
    try {
      expect((await introspect(t, accessToken)).body).toEqual({ active: false });
    } finally {
      t.clock.advance(-3601_000);
    }
  });

  it('refuses introspection without the service token, and without a token parameter', async () => {
    const key = await activeKey(t);
    const accessToken = (await token(t, key.id, key.secret)).body.access_token as string;
    for (const auth of ['', 'Bearer wrong-token-0123456789abcdefgh', basic(key.id, key.secret)]) {
      const answer = await introspect(t, accessToken, auth);
      expect(answer.status).toBe(401);
    }
    const missing = await post(t, '/oauth/introspect', form({}), { ...FORM, authorization: `Bearer ${SERVICE_TOKEN}` });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('invalid_request');
  });

  it('revokes a token by its jti (RFC 7009), by the client or a service; other clients cannot', async () => {
    const key = await activeKey(t);
    const other = await activeKey(t);
    const first = (await token(t, key.id, key.secret)).body.access_token as string;
    const second = (await token(t, key.id, key.secret)).body.access_token as string;
    const refused = await post(t, '/oauth/revoke', form({ token: first }), { ...FORM, authorization: basic(other.id, other.secret) });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('unauthorized_client');
    expect((await introspect(t, first)).body.active).toBe(true);

    const byClient = await post(t, '/oauth/revoke', form({ token: first, token_type_hint: 'access_token' }), { ...FORM, authorization: basic(key.id, key.secret) });
    expect(byClient.status).toBe(200);
    expect((await introspect(t, first)).body).toEqual({ active: false });
    expect((await introspect(t, second)).body.active).toBe(true);
    // Twice, or an unknown token: the same 200.
    expect((await post(t, '/oauth/revoke', form({ token: first }), { ...FORM, authorization: basic(key.id, key.secret) })).status).toBe(200);
    expect((await post(t, '/oauth/revoke', form({ token: 'not-a-token' }), { ...FORM, authorization: basic(key.id, key.secret) })).status).toBe(200);

    const byService = await post(t, '/oauth/revoke', form({ token: second }), { ...FORM, authorization: `Bearer ${SERVICE_TOKEN}` });
    expect(byService.status).toBe(200);
    expect((await introspect(t, second)).body).toEqual({ active: false });

    const anonymous = await post(t, '/oauth/revoke', form({ token: second }), FORM);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toBe('invalid_client');
  });

  it('rotates the signing key (platform admin only): new tokens use the new kid, old ones still verify', async () => {
    const key = await activeKey(t);
    const before = (await token(t, key.id, key.secret)).body.access_token as string;
    const oldKid = decodeProtectedHeader(before).kid;

    const owner = await createUser(t, 'not-admin');
    expect(errorCode(await t.gql('mutation { rotateSigningKey }', {}, owner.token))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql('mutation { rotateSigningKey }', {}))).toBe('UNAUTHENTICATED');

    const rotated = await t.ok<{ rotateSigningKey: string }>('mutation { rotateSigningKey }', {}, await t.adminToken());
    expect(rotated.rotateSigningKey).toMatch(/^sgk_/);
    expect(rotated.rotateSigningKey).not.toBe(oldKid);
    const after = (await token(t, key.id, key.secret)).body.access_token as string;
    expect(decodeProtectedHeader(after).kid).toBe(rotated.rotateSigningKey);
    expect((await jwks()).keys.map((k) => k.kid)).toEqual([rotated.rotateSigningKey, oldKid]);
    expect((await jwks()).keys.every((k) => k.kty === 'EC' && k.crv === 'P-256' && k.alg === 'ES256' && !('d' in k))).toBe(true);
    expect((await introspect(t, before)).body.active).toBe(true);
    expect((await introspect(t, after)).body.active).toBe(true);

    // One more rotation retires the first key from the JWKS.
    const again = await t.ok<{ rotateSigningKey: string }>('mutation { rotateSigningKey }', {}, await t.adminToken());
    expect((await jwks()).keys.map((k) => k.kid)).toEqual([again.rotateSigningKey, rotated.rotateSigningKey]);
    expect((await introspect(t, before)).body).toEqual({ active: false });
  });

  it('keeps signing keys sealed at rest', async () => {
    const rows = (await t.server.services.db.dataSource.query('SELECT private_key, public_jwk FROM signing_keys')) as Array<{ private_key: string; public_jwk: string }>;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.private_key).toMatch(/^v1\./);
      expect(row.private_key).not.toContain('PRIVATE KEY');
      expect(JSON.parse(row.public_jwk).d).toBeUndefined();
    }
  });

  it('serves the JWKS to jose\'s remote key set', async () => {
    const key = await activeKey(t);
    const accessToken = (await token(t, key.id, key.secret)).body.access_token as string;
    const issuer = t.server.services.config.issuer;
    const { payload } = await jwtVerify(accessToken, createRemoteJWKSet(new URL(`${t.url}/.well-known/jwks.json`)), { issuer, audience: issuer, typ: 'at+jwt', algorithms: ['ES256'], currentDate: t.clock.now() });
    expect(payload.client_id).toBe(key.id);
  });
});
