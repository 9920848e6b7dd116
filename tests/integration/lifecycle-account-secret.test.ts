import { describeEachDialect } from '../helpers/databases';
import { createMember } from '../helpers/fixtures';
import { ACCOUNT_SECRET, auditEvents, createKeyRaw, exchangeRaw, getKey, issueTemporary, KEY_FIELDS, KeyView, ownedOrganization, tally } from '../helpers/lifecycle-fixtures';
import { errorCode, GraphQLResponse, startTestServer, TestServer } from '../helpers/server';

const DAY_MS = 86_400_000;

describeEachDialect('lifecycle: account secret and recoverable keys', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect);
  });
  afterAll(async () => t?.close());

  const setSecret = (organizationId: string, current: string | null, next: string, token: string) =>
    t.gql('mutation($o: ID!, $c: String, $n: String!) { setAccountSecret(organizationId: $o, currentSecret: $c, newSecret: $n) { id hasAccountSecret accountSecretSetAt accountSecretRotationDueAt } }', { o: organizationId, c: current, n: next }, token);
  const retrieve = (apiKeyId: string, accountSecret: string, token: string): Promise<GraphQLResponse<{ retrieveApiKey: { secret: string; apiKey: KeyView } }>> =>
    t.gql(`mutation($k: ID!, $s: String!) { retrieveApiKey(apiKeyId: $k, accountSecret: $s) { secret apiKey { ${KEY_FIELDS} } } }`, { k: apiKeyId, s: accountSecret }, token);

  it('sets a secret that follows the policy; rotation falls due in 90 days', async () => {
    const { org, owner } = await ownedOrganization(t);
    const cases: Array<[string, string]> = [['Short-1', 'LENGTH'], ['A'.repeat(31), 'LENGTH'], ['no-upper-case-here', 'UPPERCASE']];
    for (const [secret, rule] of cases) {
      const result = await setSecret(org.id, null, secret, owner.token);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'SECRET_POLICY', rule });
    }
    const set = await setSecret(org.id, null, ACCOUNT_SECRET, owner.token);
    expect(set.errors).toBeUndefined();
    expect(set.data!.setAccountSecret.hasAccountSecret).toBe(true);
    expect(new Date(set.data!.setAccountSecret.accountSecretRotationDueAt).getTime()).toBe(t.clock.now().getTime() + 90 * DAY_MS);
    expect((await auditEvents(t, org.id, { types: ['account_secret.set'] }))).toHaveLength(1);
  });

  it('changing it needs the current secret, and refuses any of the last 4', async () => {
    const { org, owner } = await ownedOrganization(t);
    await setSecret(org.id, null, 'First-Secret-01', owner.token);
    expect(errorCode(await setSecret(org.id, null, 'Second-Secret-02', owner.token))).toBe('BAD_USER_INPUT');
    expect(errorCode(await setSecret(org.id, 'Wrong-Secret-000', 'Second-Secret-02', owner.token))).toBe('FORBIDDEN');
    const history = ['First-Secret-01', 'Second-Secret-02', 'Third-Secret-03', 'Fourth-Secret-04'];
    for (let i = 1; i < history.length; i += 1) expect((await setSecret(org.id, history[i - 1]!, history[i]!, owner.token)).errors).toBeUndefined();
    for (const reused of history) {
      const result = await setSecret(org.id, 'Fourth-Secret-04', reused, owner.token);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'SECRET_POLICY', rule: 'REUSED' });
    }
    expect((await setSecret(org.id, 'Fourth-Secret-04', 'Fifth-Secret-05', owner.token)).errors).toBeUndefined();
    // The first one has now left the window of the last 4.
    expect((await setSecret(org.id, 'Fifth-Secret-05', 'First-Secret-01', owner.token)).errors).toBeUndefined();
    expect(await auditEvents(t, org.id, { types: ['account_secret.changed'] })).toHaveLength(5);
  });

  it('only an OWNER (or a platform admin) manages the account secret', async () => {
    const { org } = await ownedOrganization(t);
    const admin = await createMember(t, org.id, 'ADMIN');
    expect(errorCode(await setSecret(org.id, null, ACCOUNT_SECRET, admin.token))).toBe('FORBIDDEN');
    const stranger = await ownedOrganization(t);
    expect(errorCode(await setSecret(org.id, null, ACCOUNT_SECRET, stranger.owner.token))).toBe('NOT_FOUND');
  });

  it('rate limits wrong secrets with RATE_LIMITED and retryAfterSeconds, even when guessed in parallel', async () => {
    const { org, owner, app } = await ownedOrganization(t);
    await setSecret(org.id, null, ACCOUNT_SECRET, owner.token);
    const key = (await createKeyRaw(t, app.id, { recoverable: true }, owner.token)).data!.createApiKey.apiKey;
    const guesses = await Promise.all(Array.from({ length: 8 }, (_, i) => retrieve(key.id, `Guess-Number-${i}0`, owner.token)));
    expect(tally(guesses)).toEqual({ FORBIDDEN: 5, RATE_LIMITED: 3 });
    const limited = await retrieve(key.id, ACCOUNT_SECRET, owner.token);
    expect(errorCode(limited)).toBe('RATE_LIMITED');
    expect(limited.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('recoverable keys: retrievable with the account secret, re-sealed when it changes, following rotations', async () => {
    const { org, owner, app } = await ownedOrganization(t);
    const early = await createKeyRaw(t, app.id, { recoverable: true }, owner.token);
    expect(errorCode(early)).toBe('CONFLICT');
    await setSecret(org.id, null, ACCOUNT_SECRET, owner.token);
    const created = (await createKeyRaw(t, app.id, { recoverable: true }, owner.token)).data!.createApiKey;
    expect(created.apiKey.recoverable).toBe(true);
    const plain = (await createKeyRaw(t, app.id, {}, owner.token)).data!.createApiKey;

    const first = await retrieve(created.apiKey.id, ACCOUNT_SECRET, owner.token);
    expect(first.data!.retrieveApiKey.secret).toBe(created.secret);
    expect(errorCode(await retrieve(plain.apiKey.id, ACCOUNT_SECRET, owner.token))).toBe('CONFLICT');
    const developer = await createMember(t, org.id, 'DEVELOPER');
    expect(errorCode(await retrieve(created.apiKey.id, ACCOUNT_SECRET, developer.token))).toBe('FORBIDDEN');

    expect((await setSecret(org.id, ACCOUNT_SECRET, 'Brand-New-Secret-7', owner.token)).errors).toBeUndefined();
    expect(errorCode(await retrieve(created.apiKey.id, ACCOUNT_SECRET, owner.token))).toBe('FORBIDDEN');
    expect((await retrieve(created.apiKey.id, 'Brand-New-Secret-7', owner.token)).data!.retrieveApiKey.secret).toBe(created.secret);

    const rotated = await t.ok(`mutation($id: ID!) { rotateApiKey(id: $id, gracePeriodSeconds: 60) { secret } }`, { id: created.apiKey.id }, owner.token);
    expect((await retrieve(created.apiKey.id, 'Brand-New-Secret-7', owner.token)).data!.retrieveApiKey.secret).toBe(rotated.rotateApiKey.secret);
    expect(await auditEvents(t, org.id, { types: ['api_key.secret_retrieved'] })).toHaveLength(3);
    const changed = (await auditEvents(t, org.id, { types: ['account_secret.changed'] }))[0]!;
    expect(changed.data).toMatchObject({ resealedKeys: 1 });
  });

  it('a temporary key exchange can make the permanent key recoverable with the secret it sets', async () => {
    const { owner, app } = await ownedOrganization(t);
    const issued = await issueTemporary(t, app.id, { recoverable: true }, owner.token);
    const exchanged = (await exchangeRaw(t, issued.secret, ACCOUNT_SECRET)).data!.exchangeTemporaryApiKey;
    expect(exchanged.apiKey.recoverable).toBe(true);
    expect((await retrieve(exchanged.apiKey.id, ACCOUNT_SECRET, owner.token)).data!.retrieveApiKey.secret).toBe(exchanged.secret);
    expect((await getKey(t, exchanged.apiKey.id, owner.token)).status).toBe('ACTIVE');
  });

  it('records rotation-due once, when the 90 days have passed', async () => {
    const { org, owner } = await ownedOrganization(t);
    await setSecret(org.id, null, ACCOUNT_SECRET, owner.token);
    t.clock.advance(89 * DAY_MS);
    await t.server.services.lifecycleJobs.runOnce(t.clock.now());
    expect(await auditEvents(t, org.id, { types: ['account_secret.rotation_due'] })).toHaveLength(0);
    t.clock.advance(DAY_MS);
    await Promise.all([1, 2, 3].map(() => t.server.services.lifecycleJobs.runOnce(t.clock.now())));
    await t.server.services.lifecycleJobs.runOnce(t.clock.now());
    expect(await auditEvents(t, org.id, { types: ['account_secret.rotation_due'] })).toHaveLength(1);
    // Changing the secret starts a new period, with its own announcement later.
    await setSecret(org.id, ACCOUNT_SECRET, 'Rotated-Secret-90', owner.token);
    t.clock.advance(90 * DAY_MS);
    await t.server.services.lifecycleJobs.runOnce(t.clock.now());
    expect(await auditEvents(t, org.id, { types: ['account_secret.rotation_due'] })).toHaveLength(2);
  });
});
