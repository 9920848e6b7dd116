import { statementCounter } from '../../server/database/data-source';
import { CommittedChange } from '../../server/events/audit';
import { describeEachDialect } from '../helpers/databases';
import { auditEvents, createKeyRaw, ownedOrganization, verifyCode } from '../helpers/lifecycle-fixtures';
import { startTestServer, TestServer } from '../helpers/server';

const DAY_MS = 86_400_000;

/**
 * Issue 19: the expiry job wrote one UPDATE and one audit INSERT per key (1,000 due keys took 7-11 s).
 * A batch of due keys is now one UPDATE and one multi-row INSERT (KeyLifecycle.transitionMany),
 * and still gives every key its own `api_key.expired` event, reported to the change path.
 */
describeEachDialect('lifecycle: expiry in batches', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect);
  });
  afterAll(async () => t?.close());

  it('expires a batch of due keys in one UPDATE and one audit INSERT, one event per key with the usual payload, each reported to the CommitFeed', async () => {
    const { org, owner, app } = await ownedOrganization(t, { keyPolicy: { keyCreationsPerMinutePerUser: 100 } });
    const keys: Array<{ id: string; secret: string; expiresAt: string }> = [];
    for (let i = 0; i < 12; i += 1) {
      const created = (await createKeyRaw(t, app.id, { expiresInDays: 1 }, owner.token)).data!.createApiKey;
      keys.push({ id: created.apiKey.id, secret: created.secret, expiresAt: created.apiKey.expiresAt! });
    }
    // Cached by verify before they fall due.
    for (const key of keys.slice(0, 5)) expect(await verifyCode(t, key.secret)).toBe('VALID');
    t.clock.advance(DAY_MS);

    const statements: string[] = [];
    const counter = statementCounter(t.server.services.db.dataSource);
    counter.onQuery = (sql) => statements.push(sql);
    const changes: CommittedChange[] = [];
    const stop = t.server.services.changes.listen((batch) => changes.push(...batch));
    let run;
    try {
      run = await t.server.services.lifecycleJobs.runOnce(t.clock.now());
    } finally {
      counter.onQuery = null;
      stop();
    }
    expect(run.expiredKeys).toBe(12);
    const keyUpdates = statements.filter((sql) => /^\s*UPDATE\s+[`"]?api_keys[`"]?/i.test(sql));
    const auditInserts = statements.filter((sql) => /^\s*INSERT\s+INTO\s+[`"]?audit_events[`"]?/i.test(sql));
    expect({ keyUpdates: keyUpdates.length, auditInserts: auditInserts.length }).toEqual({ keyUpdates: 1, auditInserts: 1 });

    const events = await auditEvents(t, org.id, { types: ['api_key.expired'] });
    expect(events.map((e) => e.subjectId).sort()).toEqual(keys.map((k) => k.id).sort());
    for (const event of events) {
      const key = keys.find((k) => k.id === event.subjectId)!;
      expect(event.actorType).toBe('system');
      expect(event.data).toEqual({ previousStatus: 'ACTIVE', status: 'EXPIRED', reason: 'expired', kind: 'PERMANENT', expiresAt: key.expiresAt });
    }
    const expired = changes.filter((change) => change.type === 'api_key.expired');
    expect(expired.map((change) => change.subjectId).sort()).toEqual(keys.map((k) => k.id).sort());
    expect(expired.every((change) => change.subjectType === 'api_key' && change.organizationId === org.id)).toBe(true);
    for (const key of keys.slice(0, 6)) expect(await verifyCode(t, key.secret)).toBe('EXPIRED');
    expect((await t.server.services.lifecycleJobs.runOnce(t.clock.now())).expiredKeys).toBe(0);
  });
});
