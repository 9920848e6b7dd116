import { describeEachDialect } from '../helpers/databases';
import { startTestServer, TestServer } from '../helpers/server';
import { activeKey, token } from './credentials-fixtures';

describeEachDialect('credentials follow key policy changes', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect);
  });
  afterAll(async () => t?.close());

  it('a new tokenTtlSeconds applies to the next token at once, even for a cached key', async () => {
    const key = await activeKey(t);
    const before = await token(t, key.id, key.secret);
    expect(before.body.expires_in).toBe(3600);
    await t.ok('mutation($id: ID!) { updateOrganization(id: $id, input: { keyPolicy: { tokenTtlSeconds: 600 } }) { id } }', { id: key.organizationId }, await t.adminToken());
    const after = await token(t, key.id, key.secret);
    expect(after.body.expires_in).toBe(600);
  });
});
