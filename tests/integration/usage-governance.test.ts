import { describeEachDialect } from '../helpers/databases';
import { createApiKey, createApplication, createMember, createOrganization } from '../helpers/fixtures';
import { errorCode, SERVICE_TOKEN, startTestServer, TestServer } from '../helpers/server';
import { basic, FORM, form, post, token } from './credentials-fixtures';
import { statementCounter } from '../../server/database/data-source';

/** SPEC 7 end to end: settings through GraphQL, codes and answers through verify and the token endpoint. */

const verifyWith = (t: TestServer, body: Record<string, unknown>) =>
  post(t, '/v1/keys/verify', JSON.stringify(body), { 'content-type': 'application/json', authorization: `Bearer ${SERVICE_TOKEN}` });

const CREATE = 'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id rateLimits { name limit windowSeconds } allowedIps credits creditRefill { amount interval dayOfMonth } } } }';
const UPDATE = 'mutation($id: ID!, $input: UpdateApiKeyInput!) { updateApiKey(id: $id, input: $input) { id rateLimits { name } allowedIps credits } }';
const CREDITS = 'mutation($id: ID!, $op: CreditOperation!, $amount: Int!) { updateApiKeyCredits(id: $id, operation: $op, amount: $amount) { id credits } }';
const KEY = 'query($id: ID!) { apiKey(id: $id) { credits creditRefill { amount interval dayOfMonth } } }';

describeEachDialect('usage governance (SPEC 7)', (dialect) => {
  let t: TestServer;
  let appId: string;
  let orgId: string;
  beforeAll(async () => {
    t = await startTestServer(dialect, { KEYWARD_TRUSTED_PROXIES: '127.0.0.1/32' });
    orgId = (await createOrganization(t, { keyPolicy: { keyCreationsPerMinutePerUser: 1000, maxKeysPerApplication: 1000 } })).id;
    appId = (await createApplication(t, orgId)).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const keyWith = async (settings: Record<string, unknown>, applicationId = appId) => createApiKey(t, applicationId, settings);

  it('refuses every kind of bad setting with BAD_USER_INPUT, never a 500', async () => {
    const admin = await t.adminToken();
    const limit = (name: string, extra: Record<string, unknown> = {}) => ({ name, limit: 10, windowSeconds: 60, ...extra });
    const bad: Array<[string, Record<string, unknown>]> = [
      ['limit 0', { rateLimits: [limit('a', { limit: 0 })] }],
      ['limit above 10^9', { rateLimits: [limit('a', { limit: 1_000_000_001 })] }],
      ['window 0', { rateLimits: [limit('a', { windowSeconds: 0 })] }],
      ['window above a day', { rateLimits: [limit('a', { windowSeconds: 86_401 })] }],
      ['duplicate names', { rateLimits: [limit('a'), limit('a')] }],
      ['eleven limits', { rateLimits: Array.from({ length: 11 }, (_, i) => limit(`l${i}`)) }],
      ['a blank name', { rateLimits: [limit(' ')] }],
      ['a malformed CIDR', { allowedIps: ['10.0.0.0/33'] }],
      ['not an address', { allowedIps: ['example.com'] }],
      ['101 entries', { allowedIps: Array.from({ length: 101 }, (_, i) => `10.0.0.${i}`) }],
      ['negative credits', { credits: -1 }],
      ['a refill without credits', { creditRefill: { amount: 10, interval: 'DAILY' } }],
      ['dayOfMonth 32', { credits: 1, creditRefill: { amount: 10, interval: 'MONTHLY', dayOfMonth: 32 } }],
    ];
    for (const [label, settings] of bad) {
      const result = await t.gql(CREATE, { input: { applicationId: appId, name: 'bad', description: 'bad', environment: 'TEST', ...settings } }, admin);
      expect({ label, code: errorCode(result) }).toEqual({ label, code: 'BAD_USER_INPUT' });
    }
    const app = await t.gql('mutation($id: ID!, $input: UpdateApplicationInput!) { updateApplication(id: $id, input: $input) { id } }', { id: appId, input: { allowedIps: ['300.1.1.1'] } }, admin);
    expect(errorCode(app)).toBe('BAD_USER_INPUT');
    const key = await keyWith({ credits: 5 });
    expect(errorCode(await t.gql(CREDITS, { id: key.id, op: 'SET', amount: -5 }, admin))).toBe('BAD_USER_INPUT');
  });

  it('refuses a cost out of range and an ip that is not an address with a clear 400', async () => {
    const key = await keyWith({});
    for (const body of [{ cost: -1 }, { cost: 1001 }, { cost: 1.5 }, { cost: 'one' }, { ip: 'not-an-ip' }, { ip: '10.0.0.1/8' }, { ip: 7 }]) {
      const answer = await verifyWith(t, { key: key.secret, ...body });
      expect({ body, status: answer.status, error: answer.body.error }).toEqual({ body, status: 400, error: 'invalid_request' });
    }
  });

  it('stores and shows the settings', async () => {
    const data = await t.ok<any>(CREATE, { input: { applicationId: appId, name: 'shown', description: 'd', environment: 'TEST', rateLimits: [{ name: 'per-second', limit: 10, windowSeconds: 1 }], allowedIps: ['10.0.0.0/8', '2001:db8::/32'], credits: 100, creditRefill: { amount: 100, interval: 'MONTHLY' } } }, await t.adminToken());
    expect(data.createApiKey.apiKey).toMatchObject({ rateLimits: [{ name: 'per-second', limit: 10, windowSeconds: 1 }], allowedIps: ['10.0.0.0/8', '2001:db8::/32'], credits: 100, creditRefill: { amount: 100, interval: 'MONTHLY', dayOfMonth: 1 } });
  });

  it('IP_NOT_ALLOWED unless ip is inside every allowlist present (key and application); a missing ip too', async () => {
    const app = await createApplication(t, orgId);
    await t.ok('mutation($id: ID!, $input: UpdateApplicationInput!) { updateApplication(id: $id, input: $input) { id } }', { id: app.id, input: { allowedIps: ['10.0.0.0/8', '2001:db8::/32'] } }, await t.adminToken());
    const key = await keyWith({ allowedIps: ['10.1.0.0/16', '2001:db8:1::/48'] }, app.id);
    const code = async (ip?: string) => (await verifyWith(t, ip === undefined ? { key: key.secret } : { key: key.secret, ip })).body.code;
    expect(await code()).toBe('IP_NOT_ALLOWED');
    expect(await code('10.1.2.3')).toBe('VALID');
    expect(await code('::ffff:10.1.2.3')).toBe('VALID');
    expect(await code('2001:db8:1::5')).toBe('VALID');
    expect(await code('10.2.0.1')).toBe('IP_NOT_ALLOWED'); // inside the application's list, not the key's
    expect(await code('11.0.0.1')).toBe('IP_NOT_ALLOWED');
    expect(await code('2001:db8:2::1')).toBe('IP_NOT_ALLOWED');
  });

  it('RATE_LIMITED counts all or nothing with cost, answers each limit, and a new window starts afresh', async () => {
    t.clock.set(new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 1000));
    const key = await keyWith({ rateLimits: [{ name: 'burst', limit: 3, windowSeconds: 60 }, { name: 'hour', limit: 100, windowSeconds: 3600 }] });
    const call = async (cost?: number) => (await verifyWith(t, cost === undefined ? { key: key.secret } : { key: key.secret, cost })).body;
    const first = await call(2);
    expect(first).toMatchObject({ valid: true, code: 'VALID' });
    expect(first.rateLimits).toEqual([
      { name: 'burst', limit: 3, remaining: 1, resetAt: expect.any(String) },
      { name: 'hour', limit: 100, remaining: 98, resetAt: expect.any(String) },
    ]);
    const refused = await call(2);
    expect(refused).toMatchObject({ valid: false, code: 'RATE_LIMITED' });
    expect(refused.rateLimits.map((l: any) => l.remaining)).toEqual([1, 98]); // counted against none
    expect((await call(0)).code).toBe('VALID');
    expect((await call()).rateLimits.map((l: any) => l.remaining)).toEqual([0, 97]);
    expect((await call()).code).toBe('RATE_LIMITED');
    t.clock.advance(60_000);
    expect((await call()).rateLimits.map((l: any) => l.remaining)).toEqual([2, 96]);
  });

  it("an application's limits count the calls of all its keys together", async () => {
    const app = await createApplication(t, orgId);
    await t.ok('mutation($id: ID!, $input: UpdateApplicationInput!) { updateApplication(id: $id, input: $input) { id } }', { id: app.id, input: { rateLimits: [{ name: 'shared', limit: 3, windowSeconds: 3600 }] } }, await t.adminToken());
    const a = await keyWith({}, app.id);
    const b = await keyWith({}, app.id);
    const codes = [];
    for (const key of [a, b, a, b]) codes.push((await verifyWith(t, { key: key.secret })).body.code);
    expect(codes).toEqual(['VALID', 'VALID', 'VALID', 'RATE_LIMITED']);
  });

  it('USAGE_EXCEEDED spends nothing; credits reach zero with an api_key.credits_exhausted event; updateApiKeyCredits is seen', async () => {
    const key = await keyWith({ credits: 3 });
    const call = async (cost?: number) => (await verifyWith(t, cost === undefined ? { key: key.secret } : { key: key.secret, cost })).body;
    expect(await call(2)).toMatchObject({ code: 'VALID', credits: { remaining: 1 } });
    expect(await call(2)).toMatchObject({ valid: false, code: 'USAGE_EXCEEDED', credits: { remaining: 1 } });
    expect(await call(1)).toMatchObject({ code: 'VALID', credits: { remaining: 0 } });
    expect((await call(1)).code).toBe('USAGE_EXCEEDED');
    expect((await call(0)).code).toBe('VALID');
    const events = await t.ok<any>('query($o: ID!) { auditEvents(organizationId: $o, first: 50) { edges { node { type subjectId } } } }', { o: orgId }, await t.adminToken());
    expect(events.auditEvents.edges.map((e: any) => e.node).filter((n: any) => n.subjectId === key.id).map((n: any) => n.type)).toContain('api_key.credits_exhausted');
    const admin = await t.adminToken();
    expect((await t.ok<any>(CREDITS, { id: key.id, op: 'INCREMENT', amount: 2 }, admin)).updateApiKeyCredits.credits).toBe(2);
    expect(await call(2)).toMatchObject({ code: 'VALID', credits: { remaining: 0 } });
    expect((await t.ok<any>(CREDITS, { id: key.id, op: 'SET', amount: 10 }, admin)).updateApiKeyCredits.credits).toBe(10);
    expect(await call(1)).toMatchObject({ code: 'VALID' });
    expect((await t.ok<any>(CREDITS, { id: key.id, op: 'DECREMENT', amount: 1000 }, admin)).updateApiKeyCredits.credits).toBe(0);
  });

  it('refills at the interval boundary (UTC)', async () => {
    t.clock.set(new Date('2031-03-30T23:59:00.000Z'));
    const key = await keyWith({ credits: 1, creditRefill: { amount: 4, interval: 'DAILY' } });
    expect((await verifyWith(t, { key: key.secret })).body.code).toBe('VALID');
    expect((await verifyWith(t, { key: key.secret })).body.code).toBe('USAGE_EXCEEDED');
    t.clock.set(new Date('2031-03-30T23:59:59.999Z'));
    expect((await verifyWith(t, { key: key.secret })).body.code).toBe('USAGE_EXCEEDED');
    t.clock.set(new Date('2031-03-31T00:00:00.000Z'));
    expect((await t.ok<any>(KEY, { id: key.id }, await t.adminToken())).apiKey.credits).toBe(4);
    expect((await verifyWith(t, { key: key.secret, cost: 4 })).body).toMatchObject({ code: 'VALID', credits: { remaining: 0 } });
    // MONTHLY on the 31st falls on the last day of shorter months.
    const monthly = await keyWith({ credits: 0, creditRefill: { amount: 2, interval: 'MONTHLY', dayOfMonth: 31 } });
    expect((await verifyWith(t, { key: monthly.secret })).body.code).toBe('USAGE_EXCEEDED');
    t.clock.set(new Date('2031-04-30T00:00:00.000Z'));
    expect((await verifyWith(t, { key: monthly.secret })).body).toMatchObject({ code: 'VALID', credits: { remaining: 1 } });
    t.clock.set(new Date());
  });

  it('the token endpoint: 400 unauthorized_client naming the address, X-Forwarded-For from a trusted proxy, 429 rate_limited with Retry-After', async () => {
    const fenced = await keyWith({ allowedIps: ['10.9.0.0/16'] });
    const refused = await token(t, fenced.id, fenced.secret);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('unauthorized_client');
    expect(refused.body.error_description).toContain('127.0.0.1');
    // 127.0.0.1 is a trusted proxy in this server: the client is the last untrusted hop.
    const forwarded = await post(t, '/oauth/token', form({ grant_type: 'client_credentials' }), { ...FORM, authorization: basic(fenced.id, fenced.secret), 'x-forwarded-for': '203.0.113.9, 10.9.1.2' });
    expect(forwarded.status).toBe(200);
    const spoofed = await post(t, '/oauth/token', form({ grant_type: 'client_credentials' }), { ...FORM, authorization: basic(fenced.id, fenced.secret), 'x-forwarded-for': '10.9.1.2, 203.0.113.9' });
    expect(spoofed.status).toBe(400);
    expect(spoofed.body.error_description).toContain('203.0.113.9');

    const limited = await keyWith({ rateLimits: [{ name: 'tokens', limit: 2, windowSeconds: 3600 }] });
    expect((await token(t, limited.id, limited.secret)).status).toBe(200);
    expect((await verifyWith(t, { key: limited.secret })).body.code).toBe('VALID'); // the same limits
    const over = await token(t, limited.id, limited.secret);
    expect(over.status).toBe(429);
    expect(over.body.error).toBe('rate_limited');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('ADMIN and OWNER change usage settings and credits; DEVELOPER and VIEWER may not; an ADMIN may not change other fields', async () => {
    const key = await keyWith({ credits: 5 });
    const admin = await createMember(t, orgId, 'ADMIN');
    const developer = await createMember(t, orgId, 'DEVELOPER');
    const viewer = await createMember(t, orgId, 'VIEWER');
    expect((await t.ok<any>(CREDITS, { id: key.id, op: 'INCREMENT', amount: 1 }, admin.token)).updateApiKeyCredits.credits).toBe(6);
    expect((await t.ok<any>(UPDATE, { id: key.id, input: { rateLimits: [{ name: 'x', limit: 5, windowSeconds: 10 }], allowedIps: ['10.0.0.1'] } }, admin.token)).updateApiKey).toMatchObject({ rateLimits: [{ name: 'x' }], allowedIps: ['10.0.0.1'] });
    expect(errorCode(await t.gql(UPDATE, { id: key.id, input: { name: 'renamed' } }, admin.token))).toBe('FORBIDDEN');
    for (const user of [developer, viewer]) {
      expect(errorCode(await t.gql(CREDITS, { id: key.id, op: 'SET', amount: 1 }, user.token))).toBe('FORBIDDEN');
      expect(errorCode(await t.gql(UPDATE, { id: key.id, input: { rateLimits: [] } }, user.token))).toBe('FORBIDDEN');
    }
    const stranger = await createOrganization(t);
    const outsider = await createMember(t, stranger.id, 'OWNER');
    expect(errorCode(await t.gql(CREDITS, { id: key.id, op: 'SET', amount: 1 }, outsider.token))).toBe('NOT_FOUND');
  });

  it('every change of the settings is audited with what changed', async () => {
    const key = await keyWith({});
    const admin = await t.adminToken();
    await t.ok(UPDATE, { id: key.id, input: { rateLimits: [{ name: 'x', limit: 5, windowSeconds: 10 }] } }, admin);
    await t.ok(UPDATE, { id: key.id, input: { credits: 7 } }, admin);
    await t.ok(CREDITS, { id: key.id, op: 'INCREMENT', amount: 3 }, admin);
    const events = await t.ok<any>('query($o: ID!) { auditEvents(organizationId: $o, first: 100) { edges { node { type subjectId data } } } }', { o: orgId }, admin);
    const mine = events.auditEvents.edges.map((e: any) => e.node).filter((n: any) => n.subjectId === key.id);
    expect(mine.map((n: any) => n.type)).toEqual(expect.arrayContaining(['api_key.updated', 'api_key.credits_updated']));
    expect(mine.find((n: any) => n.type === 'api_key.credits_updated').data).toMatchObject({ operation: 'INCREMENT', amount: 3, previousCredits: 7, credits: 10 });
    expect(mine.filter((n: any) => n.type === 'api_key.updated').map((n: any) => Object.keys(n.data.usage ?? {}))).toEqual(expect.arrayContaining([['rateLimits'], ['credits']]));
  });

  it('a key spent fast takes few, larger leases: 30,000 verifies take at most 6 lease transactions, not 30, and spend exactly 30,000', async () => {
    const key = await keyWith({ credits: 1_000_000 });
    const { verifier, db } = t.server.services;
    const counter = statementCounter(db.dataSource);
    let leases = 0;
    const seen = counter.onQuery;
    counter.onQuery = (query, parameters) => {
      if (/^UPDATE api_keys SET credits = \?/.test(query)) leases += 1;
      seen?.(query, parameters);
    };
    try {
      let valid = 0;
      for (let i = 0; i < 30_000; i += 1) {
        let answer = verifier.verify(key.secret, ['payments:write']);
        if (answer instanceof Promise) answer = await answer;
        if (answer.code === 'VALID') valid += 1;
      }
      expect(valid).toBe(30_000);
      // With leases of 1,000 each, 30 transactions; sized by how fast the last went: 1,000, 4,000, 16,000, 64,000.
      expect(leases).toBeGreaterThanOrEqual(1);
      expect(leases).toBeLessThanOrEqual(6);
    } finally {
      counter.onQuery = seen;
    }
    // What was leased and not spent goes back: the balance is exactly what is left.
    await verifier.governor.ledger.stop();
    verifier.governor.ledger.start();
    expect((await t.ok<{ apiKey: { credits: number } }>(KEY, { id: key.id }, await t.adminToken())).apiKey.credits).toBe(1_000_000 - 30_000);
  });
});
