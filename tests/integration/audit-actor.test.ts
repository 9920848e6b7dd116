import { statementCounter } from '../../server/database/data-source';
import { createApplication, createOrganization } from '../helpers/fixtures';
import { ADMIN_EMAIL, startTestServer, TestServer } from '../helpers/server';

/** AuditEvent.actorEmail: who acted, by email, batched through the request's DataLoaders. */
describe('audit events name their actor by email', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('sqlite');
  });
  afterAll(async () => t?.close());

  it('a session user and a personal access token\'s owner are named; the system is null; a page costs constant statements', async () => {
    const admin = await t.adminToken();
    const pat = (await t.ok<{ createPersonalAccessToken: { token: string } }>('mutation { createPersonalAccessToken(input: { name: "audit", expiresInDays: 30 }) { token } }', {}, admin)).createPersonalAccessToken.token;
    const org = await createOrganization(t);
    for (let i = 0; i < 3; i += 1) await createApplication(t, org.id, admin);
    for (let i = 0; i < 3; i += 1) await createApplication(t, org.id, pat);
    const query = 'query($o: ID!) { auditEvents(organizationId: $o, first: 50) { edges { node { type actorType actorId actorEmail } } } }';
    const counter = statementCounter(t.server.services.db.dataSource);
    const before = counter.count;
    const data = await t.ok<{ auditEvents: { edges: Array<{ node: { type: string; actorType: string; actorId: string | null; actorEmail: string | null } }> } }>(query, { o: org.id }, admin);
    const statements = counter.count - before;
    const nodes = data.auditEvents.edges.map((e) => e.node);
    const byToken = nodes.filter((n) => n.actorType === 'personal_access_token');
    const byUser = nodes.filter((n) => n.actorType === 'user');
    expect(byToken).toHaveLength(3);
    expect(byUser.length).toBeGreaterThanOrEqual(3);
    for (const node of [...byToken, ...byUser]) expect(node.actorEmail).toBe(ADMIN_EMAIL);
    // authentication + page + count + at most one batch each for tokens and users
    expect(statements).toBeLessThanOrEqual(8);
  });
});
