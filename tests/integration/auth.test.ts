import { SignJWT } from 'jose';
import { createApiKey, createApplication, createOrganization, createUser } from '../helpers/fixtures';
import { describeEachDialect } from '../helpers/databases';
import { ADMIN_EMAIL, ADMIN_PASSWORD, errorCode, startTestServer, TestServer } from '../helpers/server';

const ME = '{ me { id email isPlatformAdmin } }';

describeEachDialect('authentication', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect);
  });
  afterAll(async () => t?.close());

  it('creates the platform admin on first start and signs in with email and password', async () => {
    const login = await t.ok('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token expiresAt user { email isPlatformAdmin } } }', { e: ADMIN_EMAIL.toUpperCase(), p: ADMIN_PASSWORD });
    expect(login.login.user).toEqual({ email: ADMIN_EMAIL, isPlatformAdmin: true });
    expect(new Date(login.login.expiresAt).getTime() - t.clock.now().getTime()).toBe(3600 * 1000);
    expect((await t.ok(ME, {}, login.login.token)).me.email).toBe(ADMIN_EMAIL);
  });

  it('refuses a wrong password or unknown email alike', async () => {
    const wrong = await t.gql('mutation { login(email: "admin@keyward.test", password: "nope-nope-nope") { token } }');
    const unknown = await t.gql('mutation { login(email: "ghost@keyward.test", password: "nope-nope-nope") { token } }');
    expect(errorCode(wrong)).toBe('UNAUTHENTICATED');
    expect(unknown.errors?.[0]?.message).toBe(wrong.errors?.[0]?.message);
  });

  it('asks for a session when none is sent', async () => {
    expect(errorCode(await t.gql(ME))).toBe('UNAUTHENTICATED');
  });

  it('refuses an expired, forged or malformed session token', async () => {
    const { token } = (await t.ok('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: ADMIN_EMAIL, p: ADMIN_PASSWORD })).login;
    const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('usr_x').setAudience('keyward:session').setIssuer(t.server.services.config.issuer).setExpirationTime('1h').sign(new TextEncoder().encode('not-the-server-key-0123456789abcdef'));
    const algNone = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${token.split('.')[1]}.`;
    for (const bad of [forged, algNone, 'not-a-token', `${token}x`]) {
      expect(errorCode(await t.gql(ME, {}, bad))).toBe('UNAUTHENTICATED');
    }
    t.clock.advance(3601 * 1000);
    const expired = await t.gql(ME, {}, token);
    t.clock.advance(-3601 * 1000);
    expect(errorCode(expired)).toBe('UNAUTHENTICATED');
    expect(expired.errors?.[0]?.message).toMatch(/expired/i);
  });

  it('refuses an API key used as a session token', async () => {
    const org = await createOrganization(t);
    const app = await createApplication(t, org.id);
    const key = await createApiKey(t, app.id);
    const result = await t.gql(ME, {}, key.secret);
    expect(errorCode(result)).toBe('UNAUTHENTICATED');
    expect(result.errors?.[0]?.message).toMatch(/API keys are not accepted/);
  });

  it('personal access tokens: shown once, work as a bearer token, and stop working on revoke', async () => {
    const user = await createUser(t);
    const created = await t.ok('mutation { createPersonalAccessToken(input: { name: "ops script", expiresInDays: 30 }) { token personalAccessToken { id name tokenPrefix } } }', {}, user.token);
    const { token, personalAccessToken } = created.createPersonalAccessToken;
    expect(token).toMatch(/^pat_[0-9A-Za-z]{40}$/);
    expect(personalAccessToken.tokenPrefix).toBe(token.slice(0, 12));
    expect((await t.ok(ME, {}, token)).me.email).toBe(user.email);
    const listed = await t.ok('{ me { personalAccessTokens { id name tokenPrefix lastUsedAt revokedAt } } }', {}, user.token);
    expect(listed.me.personalAccessTokens).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(token);
    await t.ok('mutation($id: ID!) { revokePersonalAccessToken(id: $id) { revokedAt } }', { id: personalAccessToken.id }, user.token);
    expect(errorCode(await t.gql(ME, {}, token))).toBe('UNAUTHENTICATED');
    expect(errorCode(await t.gql('mutation($id: ID!) { revokePersonalAccessToken(id: $id) { id } }', { id: personalAccessToken.id }, user.token))).toBe('ALREADY_REVOKED');
  });

  it('a user cannot revoke another user\'s token (NOT_FOUND)', async () => {
    const a = await createUser(t);
    const b = await createUser(t);
    const { personalAccessToken } = (await t.ok('mutation { createPersonalAccessToken(input: { name: "a", expiresInDays: 30 }) { personalAccessToken { id } } }', {}, a.token)).createPersonalAccessToken;
    expect(errorCode(await t.gql('mutation($id: ID!) { revokePersonalAccessToken(id: $id) { id } }', { id: personalAccessToken.id }, b.token))).toBe('NOT_FOUND');
  });

  it('only platform admins create users; emails are unique', async () => {
    const user = await createUser(t);
    const input = { email: 'someone@example.test', password: 'Long-enough-password-1' };
    expect(errorCode(await t.gql('mutation($input: CreateUserInput!) { createUser(input: $input) { id } }', { input }, user.token))).toBe('FORBIDDEN');
    await t.ok('mutation($input: CreateUserInput!) { createUser(input: $input) { id } }', { input }, await t.adminToken());
    expect(errorCode(await t.gql('mutation($input: CreateUserInput!) { createUser(input: $input) { id } }', { input: { ...input, email: 'SOMEONE@example.test' } }, await t.adminToken()))).toBe('CONFLICT');
    expect(errorCode(await t.gql('mutation { createUser(input: { email: "not-an-email", password: "Long-enough-password-1" }) { id } }', {}, await t.adminToken()))).toBe('BAD_USER_INPUT');
  });

  it('never stores a password or token in plain text', async () => {
    const user = await createUser(t);
    const { token } = (await t.ok('mutation { createPersonalAccessToken(input: { name: "x", expiresInDays: 30 }) { token } }', {}, user.token)).createPersonalAccessToken;
    const manager = t.server.services.db.manager;
    const users = JSON.stringify(await manager.query('SELECT * FROM users'));
    const tokens = JSON.stringify(await manager.query('SELECT * FROM personal_access_tokens'));
    expect(users).not.toContain(user.password);
    expect(tokens).not.toContain(token);
    expect(tokens).not.toContain(token.slice(12));
  });
});

describe('sign-in brute-force limits', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('sqlite', { KEYWARD_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE: '40', KEYWARD_LOGIN_FAILURES_PER_ACCOUNT: '5' });
  });
  afterAll(async () => t?.close());

  const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';

  it('locks an account after 5 failures, even for the right password, and tells when to retry', async () => {
    const user = await createUser(t, 'victim');
    for (let i = 0; i < 5; i += 1) expect(errorCode(await t.gql(LOGIN, { e: user.email, p: `wrong-${i}` }))).toBe('UNAUTHENTICATED');
    const locked = await t.gql(LOGIN, { e: user.email, p: user.password });
    expect(errorCode(locked)).toBe('RATE_LIMITED');
    expect(locked.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(800);
    const other = await createUser(t, 'bystander');
    expect(errorCode(await t.gql(LOGIN, { e: other.email, p: other.password }))).toBeUndefined();
  });

  it('a success gives the account its attempts back', async () => {
    const user = await createUser(t, 'forgetful');
    for (let i = 0; i < 4; i += 1) await t.gql(LOGIN, { e: user.email, p: `wrong-${i}` });
    expect(errorCode(await t.gql(LOGIN, { e: user.email, p: user.password }))).toBeUndefined();
    for (let i = 0; i < 4; i += 1) expect(errorCode(await t.gql(LOGIN, { e: user.email, p: `wrong-again-${i}` }))).toBe('UNAUTHENTICATED');
  });

  it('aliases in one document cannot multiply attempts: the first failure ends the mutation', async () => {
    const user = await createUser(t, 'aliased');
    const aliases = Array.from({ length: 12 }, (_, i) => `a${i}: login(email: "${user.email}", password: "guess-${i}") { token }`).join('\n');
    const result = await t.gql(`mutation { ${aliases} }`);
    expect((result.errors ?? []).map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    // One attempt was spent: four remain.
    for (let i = 0; i < 4; i += 1) expect(errorCode(await t.gql(LOGIN, { e: user.email, p: `again-${i}` }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await t.gql(LOGIN, { e: user.email, p: 'one-more' }))).toBe('RATE_LIMITED');
  });

  it('parallel requests cannot multiply attempts either', async () => {
    const user = await createUser(t, 'parallel');
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => t.gql(LOGIN, { e: user.email, p: `guess-${i}` })));
    const codes = results.map(errorCode);
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(5);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(7);
  });

  it('limits attempts per client address across accounts', async () => {
    const results = await Promise.all(Array.from({ length: 45 }, (_, i) => t.gql(LOGIN, { e: `nobody-${i}@example.test`, p: 'x' })));
    expect(results.filter((r) => errorCode(r) === 'RATE_LIMITED').length).toBeGreaterThan(0);
  });
});
