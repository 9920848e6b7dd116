import { generateSecret } from '../../server/api-keys/key-format';
import { SERVICE_TOKEN, startTestServer, TestServer } from '../helpers/server';
import { activeKey, FORM, form, post, token, verify } from './credentials-fixtures';

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
