import { createApplication, createMember, createOrganization, createUser } from '../helpers/fixtures';
import { describeEachDialect } from '../helpers/databases';
import { errorCode, startTestServer, TestServer } from '../helpers/server';

describeEachDialect('organizations and members', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect);
  });
  afterAll(async () => t?.close());

  it('a platform admin creates an organization with an owner and a key policy', async () => {
    const owner = await createUser(t, 'owner');
    const created = await t.ok(
      'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id name slug kybStatus paymentsEnabled parentOrganization { id } keyPolicy { maxActiveKeysPerEnvironment maxKeysPerApplication keyCreationsPerMinutePerUser liveKeysBeforeKyb tokenTtlSeconds accountSecretRotationDays accountSecretHistory } members { role user { email } } } }',
      { input: { name: 'Acme Payments', slug: `acme-${Date.now()}`, ownerEmail: owner.email, keyPolicy: { maxActiveKeysPerEnvironment: 1 } } },
      await t.adminToken(),
    );
    expect(created.createOrganization).toMatchObject({
      name: 'Acme Payments',
      kybStatus: 'PENDING',
      paymentsEnabled: false,
      parentOrganization: null,
      keyPolicy: { maxActiveKeysPerEnvironment: 1, maxKeysPerApplication: 20, keyCreationsPerMinutePerUser: 10, liveKeysBeforeKyb: 'INACTIVE', tokenTtlSeconds: 3600, accountSecretRotationDays: 90, accountSecretHistory: 4 },
      members: [{ role: 'OWNER', user: { email: owner.email } }],
    });
    const mine = await t.ok('{ organizations { id } me { memberships { role organization { id } } } }', {}, owner.token);
    expect(mine.organizations).toEqual([{ id: created.createOrganization.id }]);
    expect(mine.me.memberships).toEqual([{ role: 'OWNER', organization: { id: created.createOrganization.id } }]);
  });

  it('refuses organization creation to non-admins and a taken slug', async () => {
    const user = await createUser(t);
    expect(errorCode(await t.gql('mutation { createOrganization(input: { name: "X" }) { id } }', {}, user.token))).toBe('FORBIDDEN');
    const org = await createOrganization(t);
    expect(errorCode(await t.gql('mutation($s: String!) { createOrganization(input: { name: "Y", slug: $s }) { id } }', { s: org.slug }, await t.adminToken()))).toBe('CONFLICT');
    expect(errorCode(await t.gql('mutation { createOrganization(input: { name: "Y", slug: "Not A Slug" }) { id } }', {}, await t.adminToken()))).toBe('BAD_USER_INPUT');
  });

  it('only an OWNER changes the key policy; values are range-checked', async () => {
    const org = await createOrganization(t);
    const admin = await createMember(t, org.id, 'ADMIN');
    const owner = await createMember(t, org.id, 'OWNER');
    const update = 'mutation($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { name keyPolicy { maxKeysPerApplication maxActiveKeysPerEnvironment } } }';
    expect(errorCode(await t.gql(update, { id: org.id, input: { keyPolicy: { maxKeysPerApplication: 5 } } }, admin.token))).toBe('FORBIDDEN');
    const updated = await t.ok(update, { id: org.id, input: { name: 'Renamed', keyPolicy: { maxKeysPerApplication: 5, maxActiveKeysPerEnvironment: 2 } } }, owner.token);
    expect(updated.updateOrganization).toEqual({ name: 'Renamed', keyPolicy: { maxKeysPerApplication: 5, maxActiveKeysPerEnvironment: 2 } });
    const cleared = await t.ok(update, { id: org.id, input: { keyPolicy: { maxActiveKeysPerEnvironment: null } } }, owner.token);
    expect(cleared.updateOrganization.keyPolicy).toEqual({ maxKeysPerApplication: 5, maxActiveKeysPerEnvironment: null });
    const bad = await t.gql(update, { id: org.id, input: { keyPolicy: { maxKeysPerApplication: 0 } } }, owner.token);
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.extensions?.fields?.[0]?.field).toBe('keyPolicy.maxKeysPerApplication');
  });

  it('members: add, change role, remove; the last OWNER stays; removal takes effect on the next request', async () => {
    const org = await createOrganization(t);
    const owner = await createMember(t, org.id, 'OWNER');
    const dev = await createUser(t, 'dev');
    const add = 'mutation($o: ID!, $e: String!, $r: MemberRole!) { addMember(organizationId: $o, email: $e, role: $r) { role user { id } } }';
    await t.ok(add, { o: org.id, e: dev.email, r: 'DEVELOPER' }, owner.token);
    expect(errorCode(await t.gql(add, { o: org.id, e: dev.email, r: 'VIEWER' }, owner.token))).toBe('CONFLICT');
    // An unknown email is added as a pending user: the answer does not reveal who has an account (input-limits.test.ts).
    expect((await t.ok(add, { o: org.id, e: `nobody-${dev.id}@example.test`, r: 'VIEWER' }, owner.token)).addMember.role).toBe('VIEWER');
    expect(errorCode(await t.gql(add, { o: org.id, e: dev.email, r: 'EMPEROR' }, owner.token))).toBe('BAD_USER_INPUT');

    await createApplication(t, org.id, dev.token);
    const role = 'mutation($o: ID!, $u: ID!, $r: MemberRole!) { updateMemberRole(organizationId: $o, userId: $u, role: $r) { role } }';
    expect((await t.ok(role, { o: org.id, u: dev.id, r: 'VIEWER' }, owner.token)).updateMemberRole.role).toBe('VIEWER');
    expect(errorCode(await t.gql('mutation($o: ID!) { createApplication(input: { organizationId: $o, name: "viewer app" }) { id } }', { o: org.id }, dev.token))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(role, { o: org.id, u: owner.id, r: 'ADMIN' }, owner.token))).toBe('CONFLICT');

    await t.ok('mutation($o: ID!, $u: ID!) { removeMember(organizationId: $o, userId: $u) { id } }', { o: org.id, u: dev.id }, owner.token);
    expect(errorCode(await t.gql('query($id: ID!) { organization(id: $id) { name } }', { id: org.id }, dev.token))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql('mutation($o: ID!, $u: ID!) { removeMember(organizationId: $o, userId: $u) { id } }', { o: org.id, u: owner.id }, owner.token))).toBe('CONFLICT');
  });

  it('enforces the role matrix for applications', async () => {
    const org = await createOrganization(t);
    const viewer = await createMember(t, org.id, 'VIEWER');
    const developer = await createMember(t, org.id, 'DEVELOPER');
    const admin = await createMember(t, org.id, 'ADMIN');
    const app = await createApplication(t, org.id, developer.token);
    const toggle = 'mutation($id: ID!) { setApplicationEnabled(id: $id, isEnabled: false) { isEnabled } }';
    expect(errorCode(await t.gql(toggle, { id: app.id }, viewer.token))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(toggle, { id: app.id }, developer.token))).toBe('FORBIDDEN');
    expect((await t.ok(toggle, { id: app.id }, admin.token)).setApplicationEnabled.isEnabled).toBe(false);
    expect((await t.ok('query($o: ID!) { applications(organizationId: $o) { totalItems } }', { o: org.id }, viewer.token)).applications.totalItems).toBe(1);
  });

  it('connected accounts: managed from the parent, listed under it, closed to their own members for keys', async () => {
    const parent = await createOrganization(t);
    const platformOwner = await createMember(t, parent.id, 'OWNER');
    const child = (await t.ok('mutation($p: ID!) { createOrganization(input: { name: "Connected shop", parentOrganizationId: $p }) { id parentOrganization { id } } }', { p: parent.id }, platformOwner.token)).createOrganization;
    expect(child.parentOrganization).toEqual({ id: parent.id });
    const listed = await t.ok('query($id: ID!) { organization(id: $id) { connectedAccounts { id } } }', { id: parent.id }, platformOwner.token);
    expect(listed.organization.connectedAccounts).toEqual([{ id: child.id }]);

    const childOwner = await createMember(t, child.id, 'OWNER');
    expect(errorCode(await t.gql('mutation($o: ID!) { createApplication(input: { organizationId: $o, name: "mine" }) { id } }', { o: child.id }, childOwner.token))).toBe('FORBIDDEN');
    const app = await createApplication(t, child.id, platformOwner.token);
    const key = await t.gql('mutation($a: ID!) { createApiKey(input: { applicationId: $a, name: "k", description: "d", environment: TEST }) { apiKey { id } } }', { a: app.id }, childOwner.token);
    expect(errorCode(key)).toBe('FORBIDDEN');
    expect((await t.ok('query($id: ID!) { organization(id: $id) { name } }', { id: child.id }, childOwner.token)).organization.name).toBe('Connected shop');
  });
});
