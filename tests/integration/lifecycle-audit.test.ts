import { describeEachDialect } from '../helpers/databases';
import { createMember } from '../helpers/fixtures';
import { createKeyRaw, ownedOrganization } from '../helpers/lifecycle-fixtures';
import { errorCode, startTestServer, TestServer } from '../helpers/server';

describeEachDialect('lifecycle: auditEvents', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect);
  });
  afterAll(async () => t?.close());

  const QUERY = 'query($o: ID!, $f: AuditEventFilter, $first: Int, $after: String) { auditEvents(organizationId: $o, filter: $f, first: $first, after: $after) { totalCount pageInfo { endCursor hasNextPage } edges { cursor node { id type subjectType subjectId actorType actorId createdAt data } } } }';
  const page = (organizationId: string, token: string, variables: Record<string, unknown> = {}) => t.gql(QUERY, { o: organizationId, ...variables }, token);

  it('pages newest first with cursors, without gaps or repeats, as new events arrive', async () => {
    const { org, owner, app } = await ownedOrganization(t, { keyPolicy: { keyCreationsPerMinutePerUser: 100 } });
    for (let i = 0; i < 7; i += 1) await createKeyRaw(t, app.id, {}, owner.token);
    const all = (await page(org.id, owner.token, { first: 100 })).data!.auditEvents;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const result = await page(org.id, owner.token, { first: 3, after });
      expect(result.errors).toBeUndefined();
      const { edges, pageInfo, totalCount } = result.data!.auditEvents;
      expect(totalCount).toBeGreaterThanOrEqual(all.totalCount);
      seen.push(...edges.map((e: { cursor: string; node: { id: string } }) => e.node.id));
      if (!pageInfo.hasNextPage) break;
      expect(pageInfo.endCursor).toBe(edges.at(-1).cursor);
      after = pageInfo.endCursor;
      // A newer event appearing meanwhile does not shift the pages that follow.
      await createKeyRaw(t, app.id, {}, owner.token);
    }
    expect(seen).toEqual(all.edges.map((e: { node: { id: string } }) => e.node.id));
    expect([...seen].sort().reverse()).toEqual(seen);
  });

  it('filters by type, subject and time range', async () => {
    const { org, owner, app } = await ownedOrganization(t);
    const first = (await createKeyRaw(t, app.id, {}, owner.token)).data!.createApiKey.apiKey;
    const start = t.clock.now();
    t.clock.advance(60_000);
    const second = (await createKeyRaw(t, app.id, {}, owner.token)).data!.createApiKey.apiKey;
    await t.ok('mutation($id: ID!) { revokeApiKey(id: $id, reason: "test") { id } }', { id: first.id }, owner.token);

    const byType = (await page(org.id, owner.token, { f: { types: ['api_key.revoked'] } })).data!.auditEvents;
    expect(byType.edges.map((e: { node: { subjectId: string; actorType: string; data: unknown } }) => e.node)).toEqual([expect.objectContaining({ subjectId: first.id, actorType: 'personal_access_token', data: expect.objectContaining({ reason: 'test' }) })]);
    const bySubject = (await page(org.id, owner.token, { f: { subjectType: 'api_key', subjectId: first.id } })).data!.auditEvents;
    expect(bySubject.edges.map((e: { node: { type: string } }) => e.node.type)).toEqual(['api_key.revoked', 'api_key.created']);
    const since = (await page(org.id, owner.token, { f: { since: new Date(start.getTime() + 1).toISOString(), types: ['api_key.created'] } })).data!.auditEvents;
    expect(since.edges.map((e: { node: { subjectId: string } }) => e.node.subjectId)).toEqual([second.id]);
    const until = (await page(org.id, owner.token, { f: { until: new Date(start.getTime() + 1).toISOString(), types: ['api_key.created'] } })).data!.auditEvents;
    expect(until.edges.map((e: { node: { subjectId: string } }) => e.node.subjectId)).toEqual([first.id]);
  });

  it('any member reads it; other tenants get NOT_FOUND; bad arguments get BAD_USER_INPUT', async () => {
    const { org } = await ownedOrganization(t);
    const viewer = await createMember(t, org.id, 'VIEWER');
    expect((await page(org.id, viewer.token)).data!.auditEvents.totalCount).toBeGreaterThan(0);
    const stranger = await ownedOrganization(t);
    expect(errorCode(await page(org.id, stranger.owner.token))).toBe('NOT_FOUND');
    expect(errorCode(await page(org.id, viewer.token, { first: 0 }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await page(org.id, viewer.token, { first: 101 }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await page(org.id, viewer.token, { after: 'garbage' }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await page(org.id, viewer.token, { f: { since: 'not a date' } }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await page(org.id, viewer.token, { f: { since: '2030-01-02T00:00:00Z', until: '2030-01-01T00:00:00Z' } }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(QUERY, { o: org.id }))).toBe('UNAUTHENTICATED');
  });
});
