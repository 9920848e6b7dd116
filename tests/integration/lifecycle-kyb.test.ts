import { describeEachDialect } from '../helpers/databases';
import { createApplication, createOrganization } from '../helpers/fixtures';
import { auditEvents, createKeyRaw, createLastingMember, getKey, ownedOrganization, setKeyPolicy, verifyCode } from '../helpers/lifecycle-fixtures';
import { errorCode, startTestServer, TestServer } from '../helpers/server';

describeEachDialect('lifecycle: KYB and connected accounts', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect);
  });
  afterAll(async () => t?.close());

  const setKyb = async (organizationId: string, status: string, token?: string) =>
    t.gql('mutation($o: ID!, $s: KybStatus!) { setKybStatus(organizationId: $o, status: $s) { id kybStatus paymentsEnabled } }', { o: organizationId, s: status }, token ?? (await t.adminToken()));

  it('LIVE keys made before approval are INACTIVE; approval activates each of them, with an event per key', async () => {
    const { org, owner, app } = await ownedOrganization(t);
    const live = await Promise.all([1, 2].map(async () => (await createKeyRaw(t, app.id, { environment: 'LIVE' }, owner.token)).data!.createApiKey));
    const test = (await createKeyRaw(t, app.id, { environment: 'TEST' }, owner.token)).data!.createApiKey;
    expect(live.map((k) => [k.apiKey.status, k.apiKey.environment])).toEqual([['INACTIVE', 'LIVE'], ['INACTIVE', 'LIVE']]);
    expect(await verifyCode(t, live[0]!.secret)).toBe('INACTIVE');

    expect(errorCode(await setKyb(org.id, 'APPROVED', owner.token))).toBe('FORBIDDEN');
    const approved = await setKyb(org.id, 'APPROVED');
    expect(approved.data!.setKybStatus).toMatchObject({ kybStatus: 'APPROVED', paymentsEnabled: true });
    for (const key of live) {
      expect((await getKey(t, key.apiKey.id, owner.token)).status).toBe('ACTIVE');
      expect(await verifyCode(t, key.secret)).toBe('VALID');
    }
    const activated = await auditEvents(t, org.id, { types: ['api_key.activated'] });
    expect(activated.map((e) => e.subjectId).sort()).toEqual(live.map((k) => k.apiKey.id).sort());
    expect(activated[0]!.data).toMatchObject({ previousStatus: 'INACTIVE', status: 'ACTIVE', reason: 'kyb_approved' });
    expect(await auditEvents(t, org.id, { types: ['organization.kyb_status_changed'] })).toHaveLength(1);
    expect((await getKey(t, test.apiKey.id, owner.token)).status).toBe('ACTIVE');

    // Setting the same status again changes nothing and records nothing.
    await setKyb(org.id, 'APPROVED');
    expect(await auditEvents(t, org.id, { types: ['organization.kyb_status_changed'] })).toHaveLength(1);
    // LIVE keys made after approval are ACTIVE at once.
    expect((await createKeyRaw(t, app.id, { environment: 'LIVE' }, owner.token)).data!.createApiKey.apiKey.status).toBe('ACTIVE');
  });

  it('leaving APPROVED deactivates the LIVE keys; approving again brings them back', async () => {
    const { org, owner, app } = await ownedOrganization(t);
    await setKyb(org.id, 'APPROVED');
    const key = (await createKeyRaw(t, app.id, { environment: 'LIVE' }, owner.token)).data!.createApiKey;
    await setKyb(org.id, 'REJECTED');
    expect((await getKey(t, key.apiKey.id, owner.token)).status).toBe('INACTIVE');
    expect(await verifyCode(t, key.secret)).toBe('INACTIVE');
    await setKyb(org.id, 'APPROVED');
    expect(await verifyCode(t, key.secret)).toBe('VALID');
  });

  it('approval activates no more LIVE keys than the active-key limit allows', async () => {
    const { org, owner, app } = await ownedOrganization(t);
    const keys = [];
    for (let i = 0; i < 3; i += 1) keys.push((await createKeyRaw(t, app.id, { environment: 'LIVE' }, owner.token)).data!.createApiKey.apiKey);
    await setKeyPolicy(t, org.id, { maxActiveKeysPerEnvironment: 2 });
    await setKyb(org.id, 'APPROVED');
    const statuses = await Promise.all(keys.map(async (k) => (await getKey(t, k.id, owner.token)).status));
    expect(statuses).toEqual(['ACTIVE', 'ACTIVE', 'INACTIVE']);
  });

  it('DOWNGRADE_TO_TEST issues LIVE requests as TEST keys before approval', async () => {
    const { owner, app } = await ownedOrganization(t, { keyPolicy: { liveKeysBeforeKyb: 'DOWNGRADE_TO_TEST' } });
    const created = (await createKeyRaw(t, app.id, { environment: 'LIVE' }, owner.token)).data!.createApiKey;
    expect(created.apiKey).toMatchObject({ environment: 'TEST', status: 'ACTIVE' });
    expect(created.secret).toMatch(/^sk_test_/);
  });

  it('refuses unknown organizations and statuses with documented codes', async () => {
    expect(errorCode(await setKyb('org_0000000000000000000000000', 'APPROVED'))).toBe('NOT_FOUND');
    const org = await createOrganization(t);
    expect(errorCode(await setKyb(org.id, 'MAYBE'))).toBe('BAD_USER_INPUT');
  });

  it('a connected account\'s own members cannot manage its keys (FORBIDDEN); the parent\'s members can', async () => {
    const parent = await ownedOrganization(t);
    const child = await t.ok('mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }', { input: { name: 'Connected shop', parentOrganizationId: parent.org.id } }, parent.owner.token);
    const childId = child.createOrganization.id as string;
    const childOwner = await createLastingMember(t, childId, 'OWNER');
    const app = await createApplication(t, childId, parent.owner.token);
    expect(errorCode(await createKeyRaw(t, app.id, {}, childOwner.token))).toBe('FORBIDDEN');
    const created = await createKeyRaw(t, app.id, {}, parent.owner.token);
    expect(created.errors).toBeUndefined();
    const keyId = created.data!.createApiKey.apiKey.id;
    expect(errorCode(await t.gql('mutation($id: ID!) { rotateApiKey(id: $id, gracePeriodSeconds: 60) { secret } }', { id: keyId }, childOwner.token))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: keyId }, childOwner.token))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql('mutation($o: ID!) { setAccountSecret(organizationId: $o, newSecret: "Correct-Horse-42") { id } }', { o: childId }, childOwner.token))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql('mutation($a: ID!) { issueTemporaryApiKey(input: { applicationId: $a, name: "t", description: "d", environment: TEST }) { secret } }', { a: app.id }, childOwner.token))).toBe('FORBIDDEN');
    // Reading stays allowed.
    expect((await t.gql('query($id: ID!) { apiKey(id: $id) { id } }', { id: keyId }, childOwner.token)).errors).toBeUndefined();
    expect((await t.gql('mutation($id: ID!) { rotateApiKey(id: $id, gracePeriodSeconds: 60) { secret } }', { id: keyId }, parent.owner.token)).errors).toBeUndefined();
  });
});
