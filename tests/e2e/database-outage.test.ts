import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { loadConfig } from '../../server/config';
import { RunningServer, startServer } from '../../server/main';
import { PrivateMariaDb } from '../helpers/private-mariadb';
import { ADMIN_EMAIL, ADMIN_PASSWORD, SERVICE_TOKEN, TEST_SECRET } from '../helpers/server';

jest.setTimeout(120_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a MySQL outage', () => {
  let db: PrivateMariaDb;
  let server: RunningServer;
  let token: string;

  async function gql(query: string, variables: Record<string, unknown> = {}): Promise<{ status: number; body: any; ms: number }> {
    const started = Date.now();
    const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    return { status: response.status, body: await response.json(), ms: Date.now() - started };
  }

  beforeAll(async () => {
    db = await PrivateMariaDb.create();
    const admin = await createConnection({ uri: db.url });
    await admin.query('CREATE DATABASE keyward');
    await admin.end();
    const config = loadConfig({ NODE_ENV: 'test', PORT: '0', DATABASE_URL: `${db.url}/keyward`, KEYWARD_SECRET: TEST_SECRET, KEYWARD_DATA_DIR: mkdtempSync(join(tmpdir(), 'kw-outage-')), KEYWARD_ADMIN_EMAIL: ADMIN_EMAIL, KEYWARD_ADMIN_PASSWORD: ADMIN_PASSWORD, KEYWARD_SERVICE_TOKENS: SERVICE_TOKEN, LOG_LEVEL: 'error' }); // an INTERNAL answer is logged with its cause
    server = await startServer({ config });
    const login = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', variables: { e: ADMIN_EMAIL, p: ADMIN_PASSWORD } }) });
    token = ((await login.json()) as any).data.login.token;
  }, 150_000);

  afterAll(async () => {
    await server?.close().catch(() => undefined);
    await db?.destroy();
  });

  it('turns readyz 503 and fails requests fast with UNAVAILABLE, without crashing, then recovers by itself and loses nothing', async () => {
    const org = (await gql('mutation { createOrganization(input: { name: "Outage Co" }) { id } }')).body.data.createOrganization.id;
    const app = (await gql('mutation($o: ID!) { createApplication(input: { organizationId: $o, name: "Checkout" }) { id } }', { o: org })).body.data.createApplication.id;
    const newKey = async () => (await gql('mutation($a: ID!) { createApiKey(input: { applicationId: $a, name: "k", description: "d", environment: TEST }) { secret } }', { a: app })).body.data.createApiKey.secret as string;
    const seen = await newKey();
    const unseen = await newKey();
    const verify = async (key: string) => {
      const response = await fetch(`${server.url}/v1/keys/verify`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${SERVICE_TOKEN}` }, body: JSON.stringify({ key }) });
      return { status: response.status, body: (await response.json()) as { code?: string } };
    };
    expect((await verify(seen)).body.code).toBe('VALID');

    // Load: a steady stream of writes before, during and after the outage.
    const outcomes: Array<{ name: string; ok: boolean; code?: string; outcome?: string; message?: string; status: number }> = [];
    let running = true;
    let n = 0;
    const load = (async () => {
      while (running) {
        const batch = Array.from({ length: 5 }, () => `App ${++n}`);
        await Promise.all(
          batch.map(async (name) => {
            const result = await gql('mutation($o: ID!, $n: String!) { createApplication(input: { organizationId: $o, name: $n }) { id } }', { o: org, n: name });
            const extensions = result.body.errors?.[0]?.extensions;
            outcomes.push({ name, ok: Boolean(result.body.data?.createApplication), code: extensions?.code, outcome: extensions?.outcome, message: result.body.errors?.[0]?.message, status: result.status });
          }),
        );
        await sleep(50);
      }
    })();

    await sleep(500);
    await db.kill();
    await sleep(300);

    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    // Verify keeps answering from its cache for keys it has seen; an unseen key gets a clean 503.
    expect(await verify(seen)).toEqual({ status: 200, body: expect.objectContaining({ code: 'VALID' }) });
    expect((await verify(unseen)).status).toBe(503);
    const during = await gql('query($o: ID!) { applications(organizationId: $o) { totalItems } }', { o: org });
    expect(during.body.errors[0].extensions.code).toBe('UNAVAILABLE');
    expect(during.ms).toBeLessThan(3000);
    await sleep(1000);

    await db.start();
    const recovered = Date.now();
    let readyAgain = false;
    while (Date.now() - recovered < 15_000) {
      if ((await fetch(`${server.url}/readyz`)).status === 200 && !(await gql('{ me { id } }')).body.errors) {
        readyAgain = true;
        break;
      }
      await sleep(250);
    }
    expect(readyAgain).toBe(true);
    expect((await verify(unseen)).body.code).toBe('VALID');
    await sleep(500);
    running = false;
    await load;

    // Every answer was a success or a clean UNAVAILABLE; never a 500 or INTERNAL.
    expect(outcomes.filter((o) => o.status >= 500 || (!o.ok && o.code !== 'UNAVAILABLE'))).toEqual([]);
    expect(outcomes.some((o) => !o.ok)).toBe(true);
    expect(outcomes.some((o) => o.ok)).toBe(true);

    // Nothing lost, nothing half-done: every successful write exists, every write answered NOT_APPLIED
    // does not; one whose COMMIT was cut off (outcome UNKNOWN) may exist, but then whole; every
    // application that exists has its audit event.
    expect(outcomes.filter((o) => !o.ok).every((o) => o.outcome === 'NOT_APPLIED' || o.outcome === 'UNKNOWN')).toBe(true);
    const succeeded = ['Checkout', ...outcomes.filter((o) => o.ok).map((o) => o.name)].sort();
    const unknown = new Set(outcomes.filter((o) => o.outcome === 'UNKNOWN').map((o) => o.name));
    const connection = await createConnection({ uri: `${db.url}/keyward` });
    const [apps] = (await connection.query('SELECT id, name FROM applications WHERE organization_id = ?', [org])) as any;
    const [events] = (await connection.query("SELECT subject_id FROM audit_events WHERE type = 'application.created' AND organization_id = ?", [org])) as any;
    await connection.end();
    expect(apps.map((a: { name: string }) => a.name).filter((name: string) => !unknown.has(name)).sort()).toEqual(succeeded);
    const appliedUnknown = apps.filter((a: { name: string }) => unknown.has(a.name)).length;
    console.log(`outage: ${outcomes.filter((o) => o.ok).length} writes succeeded, ${outcomes.filter((o) => o.outcome === 'NOT_APPLIED').length} not applied, ${unknown.size} with an unknown outcome (${appliedUnknown} of them applied)`);
    expect(events.map((e: { subject_id: string }) => e.subject_id).sort()).toEqual(apps.map((a: { id: string }) => a.id).sort());
  }, 150_000);
});
