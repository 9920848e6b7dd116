import { request as httpRequest } from 'node:http';
import { generateSecret } from '../../server/api-keys/key-format';
import { createApiKey } from '../helpers/fixtures';
import { SERVICE_TOKEN, startTestServer, TestServer } from '../helpers/server';
import { activeKey, basic, FORM, form, post, token, verify } from './credentials-fixtures';

const unknownKey = (): string => generateSecret('PERMANENT', 'TEST');
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('hot-path brute-force limits', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('sqlite', { KEYWARD_TOKEN_FAILURES_PER_CLIENT_PER_MINUTE: '3', KEYWARD_VERIFY_FAILURES_PER_SERVICE_TOKEN_PER_MINUTE: '3' });
  });
  afterAll(async () => t?.close());

  it('token endpoint: a client id with too many failed authentications is refused (429, Retry-After) even with its right secret', async () => {
    const key = await activeKey(t);
    const other = await activeKey(t);
    for (let i = 0; i < 3; i += 1) {
      expect((await token(t, key.id, unknownKey())).status).toBe(401);
      await settle();
    }
    const blocked = await token(t, key.id, key.secret);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.headers.get('cache-control')).toBe('no-store');
    expect((await token(t, other.id, other.secret)).status).toBe(200);
  });

  it('verify: a service token over its budget of unknown keys still gets answers for cached keys, and 429 for the rest', async () => {
    const known = await activeKey(t);
    const uncached = await activeKey(t);
    expect((await verify(t, known.secret)).body.code).toBe('VALID');
    for (let i = 0; i < 3; i += 1) {
      expect((await verify(t, unknownKey())).body.code).toBe('NOT_FOUND');
      await settle();
    }
    const refused = await verify(t, unknownKey());
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await verify(t, known.secret)).body).toMatchObject({ valid: true, code: 'VALID' });
    expect((await verify(t, uncached.secret)).status).toBe(429);
  });

  it('verify: the budget is the service token\'s, however its header is spelled', async () => {
    // A second token would have a budget of its own; the same token respelled must not.
    const spellings = [`Bearer ${SERVICE_TOKEN}`, `bearer ${SERVICE_TOKEN}`, `BEARER   ${SERVICE_TOKEN}`, `bEaReR ${SERVICE_TOKEN}`];
    const send = (authorization: string) => post(t, '/v1/keys/verify', JSON.stringify({ key: unknownKey() }), { 'content-type': 'application/json', authorization });
    let spent = 0;
    while ((await send(spellings[0]!)).status !== 429) {
      spent += 1;
      expect(spent).toBeLessThanOrEqual(3);
      await settle();
    }
    for (const authorization of spellings.slice(1)) expect((await send(authorization)).status).toBe(429);
  });
});

describe('service token guessing', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('sqlite', { KEYWARD_SERVICE_TOKEN_FAILURES_PER_ADDRESS_PER_MINUTE: '3' });
  });
  afterAll(async () => t?.close());

  it('an address that sent too many wrong service tokens is refused, on verify and introspection', async () => {
    const key = await activeKey(t);
    for (let i = 0; i < 3; i += 1) {
      expect((await verify(t, key.secret, undefined, `svc_guess_${i}_0123456789abcdefghij`)).status).toBe(401);
      await settle();
    }
    const blocked = await verify(t, key.secret, undefined, SERVICE_TOKEN);
    expect(blocked.status).toBe(429);
    const introspect = await post(t, '/oauth/introspect', form({ token: 'x' }), { ...FORM, authorization: `Bearer ${SERVICE_TOKEN}` });
    expect(introspect.status).toBe(429);
  });
});

/** A POST sent from another loopback address (127.0.0.2), as a stranger elsewhere would. */
function postFrom(localAddress: string, t: TestServer, path: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, t.url);
    const request = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text || 'null') }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('failure limits are keyed on whoever is guessing (issue 18: 4, 5, 6)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('sqlite', {
      KEYWARD_TOKEN_FAILURES_PER_CLIENT_PER_MINUTE: '3',
      KEYWARD_VERIFY_FAILURES_PER_SERVICE_TOKEN_PER_MINUTE: '3',
      KEYWARD_SERVICE_TOKEN_FAILURES_PER_ADDRESS_PER_MINUTE: '3',
    });
  });
  afterAll(async () => t?.close());

  it('malformed keys never count against the service token: after many, unknown well-formed keys are still looked up', async () => {
    const junk = ['', 'x', 'sk_test_short', `${unknownKey().slice(0, -1)}!`, `${unknownKey()}x`, 'sk_live_' + 'A'.repeat(60), '\u0000', 'pk_test_123'];
    for (let i = 0; i < 30; i += 1) expect((await verify(t, junk[i % junk.length])).body.code).toBe('MALFORMED');
    await settle();
    expect((await verify(t, unknownKey())).body.code).toBe('NOT_FOUND');
    const known = await activeKey(t);
    expect((await verify(t, known.secret)).body.code).toBe('VALID');
  });

  it('wrong secrets sent for a client id from another address never lock the real client out', async () => {
    const key = await activeKey(t);
    const body = form({ grant_type: 'client_credentials' });
    for (let i = 0; i < 30; i += 1) {
      expect((await postFrom('127.0.0.2', t, '/oauth/token', body, { ...FORM, authorization: basic(key.id, unknownKey()) })).status).toBe(i < 3 ? 401 : 429);
    }
    // The stranger is blocked, even with the right secret; the client, from its own address, is not.
    expect((await postFrom('127.0.0.2', t, '/oauth/token', body, { ...FORM, authorization: basic(key.id, key.secret) })).status).toBe(429);
    expect((await token(t, key.id, key.secret)).status).toBe(200);
  });

  it('/oauth/revoke counts failed client authentications (429 once over budget)', async () => {
    const key = await activeKey(t);
    const body = form({ token: 'x' });
    for (let i = 0; i < 3; i += 1) expect((await postFrom('127.0.0.3', t, '/oauth/revoke', body, { ...FORM, authorization: basic(key.id, unknownKey()) })).status).toBe(401);
    const blocked = await postFrom('127.0.0.3', t, '/oauth/revoke', body, { ...FORM, authorization: basic(key.id, key.secret) });
    expect(blocked.status).toBe(429);
    expect((await post(t, '/oauth/revoke', body, { ...FORM, authorization: basic(key.id, key.secret) })).status).toBe(200);
  });

  it('/oauth/revoke goes through the service-token hook: wrong service tokens count, and block the address on every route', async () => {
    const body = form({ token: 'x' });
    for (let i = 0; i < 3; i += 1) {
      const answer = await postFrom('127.0.0.4', t, '/oauth/revoke', body, { ...FORM, authorization: `Bearer svc_wrong_${i}_0123456789abcdefghij` });
      expect(answer.status).toBe(401);
      expect(answer.body.error_description).toMatch(/not one of KEYWARD_SERVICE_TOKENS/);
    }
    expect((await postFrom('127.0.0.4', t, '/oauth/revoke', body, { ...FORM, authorization: `Bearer ${SERVICE_TOKEN}` })).status).toBe(429);
    expect((await postFrom('127.0.0.4', t, '/v1/keys/verify', JSON.stringify({ key: 'x' }), { 'content-type': 'application/json', authorization: `Bearer ${SERVICE_TOKEN}` })).status).toBe(429);
    expect((await post(t, '/oauth/revoke', body, { ...FORM, authorization: `Bearer ${SERVICE_TOKEN}` })).status).toBe(200);
  });
});

describe('service-token refusals say what is wrong', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('sqlite');
  });
  afterAll(async () => t?.close());

  it('a missing token and a wrong one are both 401, with different messages, on verify and introspection', async () => {
    const json = { 'content-type': 'application/json' };
    const missing = await post(t, '/v1/keys/verify', JSON.stringify({ key: 'x' }), json);
    const wrong = await post(t, '/v1/keys/verify', JSON.stringify({ key: 'x' }), { ...json, authorization: 'Bearer svc_wrong_0123456789abcdefghij' });
    expect([missing.status, wrong.status]).toEqual([401, 401]);
    expect(missing.body.message).toMatch(/No service token/);
    expect(wrong.body.message).toMatch(/not one of KEYWARD_SERVICE_TOKENS/);
    const introspectMissing = await post(t, '/oauth/introspect', form({ token: 'x' }), FORM);
    const introspectWrong = await post(t, '/oauth/introspect', form({ token: 'x' }), { ...FORM, authorization: 'Bearer svc_wrong_0123456789abcdefghij' });
    expect([introspectMissing.status, introspectWrong.status]).toEqual([401, 401]);
    expect(introspectMissing.body.error_description).toMatch(/No service token/);
    expect(introspectWrong.body.error_description).toMatch(/not one of KEYWARD_SERVICE_TOKENS/);
  });

  it('a LIVE key awaiting KYB, with its right secret, is told so at the token endpoint; a wrong secret is not', async () => {
    const key = await activeKey(t);
    const live = await createApiKey(t, key.applicationId, { environment: 'LIVE' });
    expect(live.status).toBe('INACTIVE');
    const answer = await token(t, live.id, live.secret);
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ error: 'invalid_client', error_description: 'key is INACTIVE: awaiting KYB approval' });
    expect((await token(t, live.id, unknownKey())).body.error_description).toBe('Client authentication failed');
    expect((await token(t, key.id, live.secret)).body.error_description).toBe('Client authentication failed');
  });
});
