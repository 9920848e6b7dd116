import { createApiKey, createApplication, createMember, createOrganization } from '../helpers/fixtures';
import { describeEachDialect } from '../helpers/databases';
import { errorCode, startTestServer, TestServer } from '../helpers/server';

describeEachDialect('applications', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect);
  });
  afterAll(async () => t?.close());

  it('creates, renames, lists in pages and enables/disables applications', async () => {
    const org = await createOrganization(t);
    const admin = await t.adminToken();
    for (let i = 1; i <= 5; i += 1) await createApplication(t, org.id, admin, `App ${i}`);
    const page = await t.ok('query($o: ID!) { applications(organizationId: $o, page: 2, limit: 2) { items { name } page limit totalItems totalPages hasPreviousPage hasNextPage } }', { o: org.id }, admin);
    expect(page.applications).toEqual({ items: [{ name: 'App 3' }, { name: 'App 4' }], page: 2, limit: 2, totalItems: 5, totalPages: 3, hasPreviousPage: true, hasNextPage: true });

    const app = await createApplication(t, org.id, admin, 'Web store');
    const renamed = await t.ok('mutation($id: ID!) { updateApplication(id: $id, input: { name: "Web shop", description: "Main" }) { name description } }', { id: app.id }, admin);
    expect(renamed.updateApplication).toEqual({ name: 'Web shop', description: 'Main' });
    const disabled = await t.ok('mutation($id: ID!) { setApplicationEnabled(id: $id, isEnabled: false) { isEnabled } }', { id: app.id }, admin);
    expect(disabled.setApplicationEnabled.isEnabled).toBe(false);
  });

  it('refuses a duplicate name (case-insensitive) with CONFLICT and changes nothing', async () => {
    const org = await createOrganization(t);
    await createApplication(t, org.id, undefined, 'Checkout');
    const result = await t.gql('mutation($o: ID!) { createApplication(input: { organizationId: $o, name: "CHECKOUT" }) { id } }', { o: org.id }, await t.adminToken());
    expect(errorCode(result)).toBe('CONFLICT');
    expect(result.errors?.[0]?.extensions?.fields).toEqual([{ field: 'name', message: 'is taken' }]);
    const list = await t.ok('query($o: ID!) { applications(organizationId: $o) { totalItems } }', { o: org.id }, await t.adminToken());
    expect(list.applications.totalItems).toBe(1);
  });

  it('validates input with field-level details', async () => {
    const org = await createOrganization(t);
    const result = await t.gql('mutation($o: ID!, $n: String!) { createApplication(input: { organizationId: $o, name: $n }) { id } }', { o: org.id, n: 'x'.repeat(101) }, await t.adminToken());
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.fields?.[0]?.field).toBe('name');
  });

  it('hides another tenant\'s application as NOT_FOUND, like a missing one', async () => {
    const mine = await createOrganization(t);
    const theirs = await createOrganization(t);
    const member = await createMember(t, mine.id, 'OWNER');
    const foreignApp = await createApplication(t, theirs.id);
    const foreign = await t.gql('query($id: ID!) { application(id: $id) { name } }', { id: foreignApp.id }, member.token);
    const missing = await t.gql('query { application(id: "app_0000000000000000000000000") { name } }', {}, member.token);
    expect(errorCode(foreign)).toBe('NOT_FOUND');
    expect(foreign.errors?.[0]?.message).toBe(missing.errors?.[0]?.message);
    const rename = await t.gql('mutation($id: ID!) { updateApplication(id: $id, input: { name: "pwned" }) { name } }', { id: foreignApp.id }, member.token);
    expect(errorCode(rename)).toBe('NOT_FOUND');
    const key = await createApiKey(t, foreignApp.id);
    expect(errorCode(await t.gql('query($id: ID!) { apiKey(id: $id) { name } }', { id: key.id }, member.token))).toBe('NOT_FOUND');
  });
});
