import { ApiKeySecret } from '../../server/api-keys/api-key-secret.entity';
import { checksum } from '../../server/api-keys/key-format';
import { createApiKey, createApplication, createOrganization } from '../helpers/fixtures';
import { describeEachDialect } from '../helpers/databases';
import { SERVICE_TOKEN, startTestServer, TestServer } from '../helpers/server';
import { activeKey, post, revokeKey, setApplicationEnabled, statementsDuring, temporaryKey, verify } from './credentials-fixtures';

const JSON_AUTH = { 'content-type': 'application/json', authorization: `Bearer ${SERVICE_TOKEN}` };

/** A key with a valid prefix and length whose checksum is wrong. */
function withBadChecksum(secret: string): string {
  const body = secret.slice(0, -6);
  const good = checksum(body);
  return body + (good[0] === 'A' ? 'B' : 'A') + good.slice(1);
}

describeEachDialect('credentials: POST /v1/keys/verify', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect);
  });
  afterAll(async () => t?.close());

  it('answers VALID with the key\'s description, and checks requiredScopes', async () => {
    const key = await activeKey(t, { destination: 'acct_123', webhookUrl: 'https://hooks.example.com/k', metadata: { team: 'checkout' } });
    const answer = await verify(t, key.secret);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      valid: true,
      code: 'VALID',
      keyId: key.id,
      applicationId: key.applicationId,
      organizationId: key.organizationId,
      environment: 'TEST',
      scopes: ['payments:write', 'refunds'],
      destination: 'acct_123',
      webhookUrl: 'https://hooks.example.com/k',
      metadata: { team: 'checkout' },
      expiresAt: null,
      // SPEC 7: a key without rate limits or credits answers an empty list and null.
      rateLimits: [],
      credits: null,
    });
    expect((await verify(t, key.secret, ['refunds'])).body).toMatchObject({ valid: true, code: 'VALID' });
    expect((await verify(t, key.secret, ['refunds', 'payments:write'])).body.code).toBe('VALID');
    const short = await verify(t, key.secret, ['disputes:read']);
    expect(short.status).toBe(200);
    expect(short.body).toMatchObject({ valid: false, code: 'INSUFFICIENT_SCOPE', keyId: key.id });
  });

  it('answers MALFORMED for a bad prefix, length or checksum, an empty key or another format, without touching the database', async () => {
    const key = await activeKey(t);
    const malformed = [
      withBadChecksum(key.secret),
      `xk${key.secret.slice(2)}`,
      key.secret.slice(0, -1),
      `${key.secret}A`,
      '',
      'pat_0123456789abcdefghijklmnopqrstuvwxyzABCD',
      'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln',
      key.secret.toUpperCase(),
      `${key.secret.slice(0, 10)} ${key.secret.slice(11)}`,
      'x'.repeat(5000),
    ];
    const statements = await statementsDuring(t, async () => {
      for (const candidate of malformed) {
        const answer = await verify(t, candidate);
        expect(answer.status).toBe(200);
        expect(answer.body).toEqual({ valid: false, code: 'MALFORMED', keyId: null, applicationId: null, organizationId: null, environment: null, scopes: [], destination: null, webhookUrl: null, metadata: null, expiresAt: null, rateLimits: [], credits: null });
      }
    });
    expect(statements).toBe(0);
  });

  it('answers NOT_FOUND for a well-formed key nobody issued, with one SQL statement', async () => {
    const body = 'sk_test_' + 'Q'.repeat(30);
    const unknown = body + checksum(body);
    let answer: Awaited<ReturnType<typeof verify>> | undefined;
    const statements = await statementsDuring(t, async () => {
      answer = await verify(t, unknown);
    });
    expect(answer?.body).toMatchObject({ valid: false, code: 'NOT_FOUND', keyId: null });
    expect(statements).toBe(1);
  });

  it('serves repeated verifies from the cache: one joined query on a miss, none on hits, no write per request', async () => {
    const key = await activeKey(t);
    const first = await statementsDuring(t, () => verify(t, key.secret));
    expect(first).toBe(1);
    await t.server.services.verifier.usage.stopTimer();
    try {
      const hits = await statementsDuring(t, async () => {
        for (let i = 0; i < 20; i += 1) expect((await verify(t, key.secret)).body.code).toBe('VALID');
      });
      expect(hits).toBe(0);
    } finally {
      t.server.services.verifier.usage.start();
    }
  });

  it('writes lastUsedAt of the key and the secret in a batch', async () => {
    const key = await activeKey(t);
    const lastUsed = async () => (await t.ok('query($id: ID!) { apiKey(id: $id) { lastUsedAt secrets { lastUsedAt } } }', { id: key.id }, await t.adminToken())).apiKey;
    expect(await lastUsed()).toEqual({ lastUsedAt: null, secrets: [{ lastUsedAt: null }] });
    const usedAt = t.clock.now();
    await verify(t, key.secret);
    await t.server.services.verifier.flushUsage();
    const after = await lastUsed();
    expect(new Date(after.lastUsedAt).getTime()).toBe(usedAt.getTime());
    expect(new Date(after.secrets[0].lastUsedAt).getTime()).toBe(usedAt.getTime());
    // An older use recorded later (say by a slower instance) never moves it back.
    t.server.services.verifier.usage.touch(key.id, 'sec_none', usedAt.getTime() - 60_000);
    await t.server.services.verifier.flushUsage();
    expect(new Date((await lastUsed()).lastUsedAt).getTime()).toBe(usedAt.getTime());
  });

  it('a cached key asks for a lastUsedAt write once per granularity', async () => {
    const key = await activeKey(t);
    const verifier = t.server.services.verifier;
    await verify(t, key.secret);
    const touch = jest.spyOn(verifier.usage, 'touch');
    try {
      for (let i = 0; i < 5; i += 1) {
        t.clock.advance(50_000);
        expect((await verify(t, key.secret)).body.code).toBe('VALID');
      }
      // 250 s after the first use: within the default 5-minute granularity, nothing asked again.
      expect(touch).not.toHaveBeenCalled();
      t.clock.advance(50_000);
      await verify(t, key.secret);
      expect(touch).toHaveBeenCalledTimes(1);
    } finally {
      touch.mockRestore();
    }
  });

  it('answers REVOKED at once after a revocation, even with the key cached', async () => {
    const key = await activeKey(t);
    expect((await verify(t, key.secret)).body.code).toBe('VALID');
    await revokeKey(t, key.id);
    expect((await verify(t, key.secret)).body).toMatchObject({ valid: false, code: 'REVOKED', keyId: key.id });
  });

  it('answers EXPIRED the instant expiresAt passes, from the cache, before any job records it', async () => {
    const key = await activeKey(t, { expiresAt: new Date(t.clock.now().getTime() + 90_000).toISOString() });
    const valid = await verify(t, key.secret);
    expect(valid.body).toMatchObject({ code: 'VALID', expiresAt: expect.any(String) });
    t.clock.advance(90_000);
    const statements = await statementsDuring(t, async () => {
      expect((await verify(t, key.secret)).body).toMatchObject({ valid: false, code: 'EXPIRED' });
    });
    expect(statements).toBe(0);
  });

  it('refuses a secret whose grace period ended (EXPIRED) while the key stays usable with its other secret', async () => {
    const key = await activeKey(t);
    const { db, verifier } = t.server.services;
    // Written behind the services' back (no audit event): the commit feed drops the whole cache.
    await db.write((manager) => manager.update(ApiKeySecret, { apiKeyId: key.id }, { expiresAt: new Date(t.clock.now().getTime() + 60_000) }));
    expect((await verify(t, key.secret)).body.code).toBe('VALID');
    t.clock.advance(61_000);
    expect((await verify(t, key.secret)).body).toMatchObject({ valid: false, code: 'EXPIRED', keyId: key.id });
  });

  it('answers INACTIVE for a LIVE key waiting for KYB, and VALID at once after KYB approval', async () => {
    const org = await createOrganization(t);
    const app = await createApplication(t, org.id);
    const key = await createApiKey(t, app.id, { environment: 'LIVE' });
    expect(key.status).toBe('INACTIVE');
    expect((await verify(t, key.secret)).body).toMatchObject({ valid: false, code: 'INACTIVE', environment: 'LIVE' });
    await t.ok('mutation($id: ID!) { setKybStatus(organizationId: $id, status: APPROVED) { id } }', { id: org.id }, await t.adminToken());
    expect((await verify(t, key.secret)).body.code).toBe('VALID');
  });

  it('answers TEMPORARY_KEY for a temporary key', async () => {
    const key = await activeKey(t);
    const temporary = await temporaryKey(t, key.applicationId, key.organizationId);
    expect(temporary.secret.startsWith('tk_test_')).toBe(true);
    expect((await verify(t, temporary.secret)).body).toMatchObject({ valid: false, code: 'TEMPORARY_KEY', keyId: temporary.id });
  });

  it('answers APPLICATION_DISABLED at once when the application is disabled, and VALID again when enabled', async () => {
    const key = await activeKey(t);
    expect((await verify(t, key.secret)).body.code).toBe('VALID');
    await setApplicationEnabled(t, key.applicationId, false);
    expect((await verify(t, key.secret)).body).toMatchObject({ valid: false, code: 'APPLICATION_DISABLED' });
    await setApplicationEnabled(t, key.applicationId, true);
    expect((await verify(t, key.secret)).body.code).toBe('VALID');
  });

  it('refuses a missing or wrong service token with 401, before reading the body', async () => {
    const key = await activeKey(t);
    const body = JSON.stringify({ key: key.secret });
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789abcdefgh', `Basic ${SERVICE_TOKEN}`, `Bearer ${SERVICE_TOKEN}x`, `Bearer ${SERVICE_TOKEN.slice(0, -1)}`, 'Bearer', '']) {
      const answer = await post(t, '/v1/keys/verify', body, { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) });
      expect(answer.status).toBe(401);
      expect(answer.body.error).toBe('unauthorized');
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    expect((await post(t, '/v1/keys/verify', body, { 'content-type': 'application/json', authorization: `bearer ${SERVICE_TOKEN}` })).status).toBe(200);
  });

  it('answers bad requests with a clear 4xx, never a 500', async () => {
    const key = await activeKey(t);
    const cases: Array<[string, string | undefined, Record<string, string>, number]> = [
      ['malformed JSON', '{"key": ', JSON_AUTH, 400],
      ['a JSON array', '[]', JSON_AUTH, 400],
      ['no key', '{}', JSON_AUTH, 400],
      ['requiredScopes not a list of strings', JSON.stringify({ key: key.secret, requiredScopes: [{ a: 1 }] }), JSON_AUTH, 400],
      ['text/plain', key.secret, { ...JSON_AUTH, 'content-type': 'text/plain' }, 415],
      ['a form', `key=${key.secret}`, { ...JSON_AUTH, 'content-type': 'application/x-www-form-urlencoded' }, 415],
      ['no body', undefined, { authorization: JSON_AUTH.authorization }, 400],
      ['a 1 MB body', JSON.stringify({ key: key.secret, padding: 'x'.repeat(1024 * 1024) }), JSON_AUTH, 413],
      ['__proto__ pollution', `{"key": "${key.secret}", "__proto__": {"x": 1}}`, JSON_AUTH, 400],
    ];
    for (const [label, body, headers, status] of cases) {
      const answer = await post(t, '/v1/keys/verify', body, headers);
      expect({ label, status: answer.status }).toEqual({ label, status });
      expect(typeof answer.body.error).toBe('string');
      expect(typeof answer.body.message).toBe('string');
    }
    // Wrong JSON types for the key are not keys at all.
    for (const value of [null, 42, true, { k: 1 }, ['sk']]) {
      const answer = await verify(t, value);
      expect(answer.status === 400 || answer.body.code === 'MALFORMED').toBe(true);
    }
    expect((await post(t, '/v1/keys/verify', JSON.stringify({ key: key.secret }), { ...JSON_AUTH, 'content-type': 'application/json; charset=utf-8' })).body.code).toBe('VALID');
  });

  it('exposes Prometheus metrics: request counts, latency histograms, results by code, cache hit ratio', async () => {
    const key = await activeKey(t);
    await verify(t, key.secret);
    await verify(t, key.secret);
    await verify(t, 'nope');
    const response = await fetch(`${t.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/keyward_verify_results_total\{code="VALID"\} [1-9]/);
    expect(text).toMatch(/keyward_verify_results_total\{code="MALFORMED"\} [1-9]/);
    expect(text).toMatch(/keyward_http_requests_total\{route="verify",status="200"\} [1-9]/);
    expect(text).toMatch(/keyward_http_request_duration_seconds_bucket\{le="0.005",route="verify"\} [1-9]/);
    expect(text).toMatch(/keyward_verify_cache_hit_ratio 0\.\d+/);
    expect(text).toMatch(/keyward_verify_cache_hits_total [1-9]/);
  });
});
