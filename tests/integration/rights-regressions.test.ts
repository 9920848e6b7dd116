/**
 * Named regressions for issue 18, items 1–3 (the whole class is in authorization-matrix.test.ts).
 */
import { ApiKey } from '../../server/api-keys/api-key.entity';
import { Application } from '../../server/applications/application.entity';
import { keyCredentialViewer, memberViewer } from '../../server/auth/viewer';
import { createLoaders } from '../../server/graphql/loaders';
import { describeEachDialect } from '../helpers/databases';
import { createApplication, createMember, createOrganization } from '../helpers/fixtures';
import { ACCOUNT_SECRET, createKeyRaw, exchangeRaw, issueTemporary, ownedOrganization } from '../helpers/lifecycle-fixtures';
import { errorCode, startTestServer, TestServer } from '../helpers/server';

describeEachDialect('rights regressions (issue 18)', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect);
  });
  afterAll(async () => t?.close());

  it('item 1: a temporary key reaches the key it is exchanged for, never its application, organization or other keys', async () => {
    const { org, owner, app } = await ownedOrganization(t);
    await createKeyRaw(t, app.id, { destination: 'acct_payout_secret', metadata: { payout: 'IBAN' } }, owner.token);
    const other = await createApplication(t, org.id, owner.token);

    // The key itself and its secret prefixes: answered.
    const temporary = await issueTemporary(t, app.id, {}, owner.token);
    const exchanged = await exchangeRaw(t, temporary.secret, ACCOUNT_SECRET);
    expect(exchanged.errors).toBeUndefined();
    expect(exchanged.data!.exchangeTemporaryApiKey.secret).toMatch(/^sk_test_/);

    // Anything beyond it: refused, and nothing of it answered.
    const walk = `mutation($k: String!, $s: String!) { exchangeTemporaryApiKey(temporaryKey: $k, accountSecret: $s) {
      secret apiKey { id application { id organization { id applications { items { id apiKeys { id destination metadata } } } } } } } }`;
    const walked = await t.gql(walk, { k: (await issueTemporary(t, app.id, {}, owner.token)).secret, s: ACCOUNT_SECRET });
    expect(errorCode(walked)).toBe('FORBIDDEN');
    expect(JSON.stringify(walked.data ?? null)).not.toMatch(new RegExp(`${app.id}|${other.id}|acct_payout_secret|IBAN`));

    // Refused before the exchange: the temporary key is not spent by asking for too much.
    const kept = await issueTemporary(t, app.id, {}, owner.token);
    expect(errorCode(await t.gql(walk, { k: kept.secret, s: ACCOUNT_SECRET }))).toBe('FORBIDDEN');
    // Fragments are followed too.
    const viaFragments = `mutation($k: String!, $s: String!) { exchangeTemporaryApiKey(temporaryKey: $k, accountSecret: $s) { ... on ApiKeyWithSecret { secret apiKey { ...Beyond } } } }
      fragment Beyond on ApiKey { id secrets { id } application { id } }`;
    expect(errorCode(await t.gql(viaFragments, { k: kept.secret, s: ACCOUNT_SECRET }))).toBe('FORBIDDEN');
    expect((await exchangeRaw(t, kept.secret, ACCOUNT_SECRET)).errors).toBeUndefined();

    // A signed-in OWNER retrieving a key with the account secret gets the same narrow answer.
    const recoverable = await createKeyRaw(t, app.id, { recoverable: true }, owner.token);
    const retrieved = await t.gql('mutation($id: ID!, $s: String!) { retrieveApiKey(apiKeyId: $id, accountSecret: $s) { secret apiKey { id application { organization { id } } } } }', { id: recoverable.data!.createApiKey.apiKey.id, s: ACCOUNT_SECRET }, owner.token);
    expect(errorCode(retrieved)).toBe('FORBIDDEN');
    expect(JSON.stringify(retrieved.data ?? null)).not.toContain(org.id);
  });

  it('item 1: the loaders themselves give a key credential its key and secrets, and nothing else', async () => {
    const { org, owner, app } = await ownedOrganization(t);
    const key = (await createKeyRaw(t, app.id, {}, owner.token)).data!.createApiKey.apiKey;
    const other = (await createKeyRaw(t, app.id, {}, owner.token)).data!.createApiKey.apiKey;
    const { db, access } = t.server.services;
    const loaders = createLoaders(db.manager, db.dialect, access);
    const viewer = keyCredentialViewer(key.id, 'temporary_key');
    const row = (id: string) => db.manager.findOneByOrFail(ApiKey, { id });
    const application = await db.manager.findOneByOrFail(Application, { id: app.id });
    expect((await loaders.secretsOf(viewer, await row(key.id)))?.map((s) => s.apiKeyId)).toEqual([key.id]);
    expect(await loaders.secretsOf(viewer, await row(other.id))).toBeNull();
    expect(await loaders.application(viewer, app.id)).toBeNull();
    expect(await loaders.organization(viewer, org.id)).toBeNull();
    expect(await loaders.apiKeysOf(viewer, application)).toBeNull();
    expect(await loaders.canReadIn(viewer, org.id)).toBe(false);
    // The same loaders answer a member of the organization.
    const member = memberViewer(await t.server.services.auth.authenticate(`Bearer ${owner.token}`));
    expect((await loaders.apiKeysOf(member, application))?.map((k) => k.id).sort()).toEqual([key.id, other.id].sort());
  });

  it('item 2: a removed member replaying createApiKey / issueTemporaryApiKey gets NOT_FOUND, never the secret', async () => {
    const { org, app } = await ownedOrganization(t);
    const leaver = await createMember(t, org.id, 'OWNER');
    const calls = [
      ['createApiKey', 'CreateApiKeyInput', { applicationId: app.id, name: 'leaver', description: 'd', environment: 'TEST', idempotencyKey: 'leaver-create' }],
      ['issueTemporaryApiKey', 'IssueTemporaryApiKeyInput', { applicationId: app.id, name: 'leaver temporary', description: 'd', environment: 'TEST', idempotencyKey: 'leaver-issue' }],
    ] as const;
    const secrets: string[] = [];
    for (const [operation, type, input] of calls) {
      secrets.push((await t.ok(`mutation($input: ${type}!) { ${operation}(input: $input) { secret } }`, { input }, leaver.token))[operation].secret);
    }
    await t.ok('mutation($o: ID!, $u: ID!) { removeMember(organizationId: $o, userId: $u) { id } }', { o: org.id, u: leaver.id }, await t.adminToken());

    for (const [operation, type, input] of calls) {
      // The same input and idempotency key, sent again within the 24 h: the rights come first.
      const replay = await t.gql(`mutation($input: ${type}!) { ${operation}(input: $input) { secret apiKey { id application { organization { id } } } } }`, { input }, leaver.token);
      expect(errorCode(replay)).toBe('NOT_FOUND');
      expect(replay.data?.[operation] ?? null).toBeNull();
      for (const secret of secrets) expect(JSON.stringify(replay)).not.toContain(secret);
    }
  });

  it('item 2: a member demoted below the right role cannot replay either (FORBIDDEN)', async () => {
    const { org, app } = await ownedOrganization(t);
    const demoted = await createMember(t, org.id, 'OWNER');
    const input = { applicationId: app.id, name: 'demoted', description: 'd', environment: 'TEST', idempotencyKey: 'demoted-issue' };
    const issue = 'mutation($input: IssueTemporaryApiKeyInput!) { issueTemporaryApiKey(input: $input) { secret } }';
    expect((await t.gql(issue, { input }, demoted.token)).errors).toBeUndefined();
    await t.ok('mutation($o: ID!, $u: ID!) { updateMemberRole(organizationId: $o, userId: $u, role: DEVELOPER) { id } }', { o: org.id, u: demoted.id }, await t.adminToken());
    const replay = await t.gql(issue, { input }, demoted.token);
    expect(errorCode(replay)).toBe('FORBIDDEN');
    expect(replay.data?.issueTemporaryApiKey ?? null).toBeNull();
  });

  it('item 3: a connected account\'s own members read but never manage keys, key webhook secrets, applications, webhooks or the key policy', async () => {
    const parent = await createOrganization(t);
    const parentAdmin = await createMember(t, parent.id, 'ADMIN');
    const child = (await t.ok('mutation($p: ID!) { createOrganization(input: { name: "Connected", parentOrganizationId: $p }) { id } }', { p: parent.id }, await t.adminToken())).createOrganization;
    const childOwner = await createMember(t, child.id, 'OWNER');
    const childAdmin = await createMember(t, child.id, 'ADMIN');
    const app = await createApplication(t, child.id, parentAdmin.token);
    const key = (await t.ok('mutation($a: ID!) { createApiKey(input: { applicationId: $a, name: "k", description: "d", environment: TEST }) { apiKey { id } } }', { a: app.id }, parentAdmin.token)).createApiKey.apiKey.id;

    const secretQuery = 'query($k: ID!) { apiKeyWebhookSecret(apiKeyId: $k) }';
    for (const own of [childOwner, childAdmin]) {
      expect(errorCode(await t.gql(secretQuery, { k: key }, own.token))).toBe('FORBIDDEN');
      expect(errorCode(await t.gql('mutation($id: ID!) { setApplicationEnabled(id: $id, isEnabled: false) { id } }', { id: app.id }, own.token))).toBe('FORBIDDEN');
      expect(errorCode(await t.gql('mutation($o: ID!) { createWebhookEndpoint(input: { organizationId: $o, url: "https://hooks.example.test/x" }) { secret } }', { o: child.id }, own.token))).toBe('FORBIDDEN');
      // They still read it all (never secrets).
      expect((await t.ok('query($id: ID!) { application(id: $id) { isEnabled apiKeys { id } } }', { id: app.id }, own.token)).application).toEqual({ isEnabled: true, apiKeys: [{ id: key }] });
      expect(errorCode(await t.gql('query($o: ID!) { webhookEndpoints(organizationId: $o) { id } }', { o: child.id }, own.token))).toBeUndefined();
    }
    expect(errorCode(await t.gql('mutation($id: ID!) { updateOrganization(id: $id, input: { keyPolicy: { maxKeysPerApplication: 1 } }) { id } }', { id: child.id }, childOwner.token))).toBe('FORBIDDEN');
    // Their own membership list stays theirs.
    const viewer = await createMember(t, parent.id, 'VIEWER');
    expect(errorCode(await t.gql('mutation($o: ID!, $e: String!) { addMember(organizationId: $o, email: $e, role: VIEWER) { id } }', { o: child.id, e: viewer.email }, childOwner.token))).toBeUndefined();
    // The parent's members manage them with their parent role.
    expect((await t.gql(secretQuery, { k: key }, parentAdmin.token)).data?.apiKeyWebhookSecret).toMatch(/^whsec_/);
    expect(errorCode(await t.gql('mutation($id: ID!) { updateOrganization(id: $id, input: { keyPolicy: { maxKeysPerApplication: 1 } }) { id } }', { id: child.id }, parentAdmin.token))).toBe('FORBIDDEN');
  });
});
