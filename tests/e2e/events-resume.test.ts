import { AuditEvent } from '../../server/events/audit-event.entity';
import { REDIS_URL, redisForSuite } from '../helpers/redis';
import { createTestDatabase, TestDatabase, testDialects } from '../helpers/databases';
import { settle, subscribe, Subscription, wsClient } from '../helpers/events';
import { createApplication, createMember, createOrganization } from '../helpers/fixtures';
import { errorCode, startTestServer, TestServer } from '../helpers/server';

const AUDIT = 'subscription($o: ID!, $after: String) { auditEventAdded(organizationId: $o, after: $after) { id type subjectId } }';

const ids = (sub: Subscription) => sub.messages.map((m) => m.data?.auditEventAdded?.id as string);

async function eventIdsOf(t: TestServer, organizationId: string): Promise<string[]> {
  const rows = await t.server.services.db.manager.find(AuditEvent, { where: { organizationId }, order: { id: 'ASC' } });
  return rows.map((e) => e.id);
}

/** Two instances on one MySQL database and one Redis: a subscriber drops off one and resumes on the other. */
const describeScaleOut = testDialects().includes('mysql') ? describe : describe.skip;

describeScaleOut('auditEventAdded resumes after a cursor (two instances, MySQL, Redis)', () => {
  let database: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  const clients: Array<{ dispose(): void | Promise<void> }> = [];

  beforeAll(async () => {
    if (!(await redisForSuite('resume'))) return;
    database = await createTestDatabase('mysql');
    a = await startTestServer('mysql', { REDIS_URL }, { databaseUrl: database.url });
    b = await startTestServer('mysql', { REDIS_URL }, { databaseUrl: database.url });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  it('a subscriber that drops off, misses events and resubscribes with after gets every missed event, then live ones', async () => {
    if (!a) return;
    const org = await createOrganization(a);
    const member = await createMember(a, org.id, 'VIEWER');
    const first = wsClient(a, member.token);
    clients.push(first);
    const before = subscribe(first, AUDIT, { o: org.id });
    await settle(500);
    await createApplication(b, org.id);
    await before.next(1);
    const cursor = ids(before).at(-1)!;
    await first.dispose();

    // Missed while away: written on both instances.
    for (const t of [a, b, a, b, a]) await createApplication(t, org.id);
    await Promise.all([a, b].map((t) => t.server.services.events.dispatcher.runOnce()));
    const missed = (await eventIdsOf(a, org.id)).filter((id) => id > cursor);
    expect(missed.length).toBeGreaterThanOrEqual(5);

    const second = wsClient(b, member.token);
    clients.push(second);
    const resumed = subscribe(second, AUDIT, { o: org.id, after: cursor });
    await resumed.next(missed.length);
    await createApplication(a, org.id);
    const all = await eventIdsOf(a, org.id);
    const live = all.filter((id) => id > cursor && !missed.includes(id));
    expect(live.length).toBeGreaterThanOrEqual(1);
    await resumed.next(new Set([...missed, ...live]).size);
    await settle(300);

    const received = ids(resumed);
    // Within one subscription each event comes once; every missed event comes before the live one.
    expect(new Set(received).size).toBe(received.length);
    expect(received.filter((id) => id > cursor)).toEqual([...missed, ...live]);
  });

  it('refuses a malformed or stale cursor with BAD_USER_INPUT', async () => {
    if (!a) return;
    const org = await createOrganization(a);
    const client = wsClient(a, await a.adminToken());
    clients.push(client);
    for (const after of ['evt_nope', 'evt_000000001aaaaaaaaaaaaaaaa']) {
      const sub = subscribe(client, AUDIT, { o: org.id, after });
      await sub.ended();
      // Errors of the subscribe step come as one `next` with errors, then `complete`.
      expect(errorCode({ errors: sub.messages[0]?.errors })).toBe('BAD_USER_INPUT');
    }
  });
});
