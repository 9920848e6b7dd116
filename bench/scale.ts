/**
 * npm run bench:scale — management reads at scale, against MySQL/MariaDB.
 *
 * Bulk-loads SCALE_KEYS keys (one secret each) and SCALE_EVENTS audit events into one
 * organization of a scratch database (multi-row INSERTs), then measures warm medians of the
 * issue's management queries through GraphQL, one lifecycle-jobs pass, and prints a table.
 *   SCALE_KEYS=100000 SCALE_EVENTS=1000000 npm run bench:scale
 * Defaults: 100,000 keys and 1,000,000 events (about 3 minutes of loading on 2 cores). 1M keys and
 * 10M events take about ten times as long. MYSQL_URL (default mysql://root@127.0.0.1:3306) names
 * the server; the scratch database is dropped at the end. Not part of `npm test`.
 *
 * SCALE_PARTS (reads,jobs,verify) picks the measurements; verify is bench/scale-verify.ts (child
 * processes, autocannon; SCALE_VERIFY_SECONDS, SCALE_VERIFY_ROUNDS, SCALE_FILL_SECONDS,
 * SCALE_HIT_SECONDS). SCALE_DUE (1000) keys are made due for the jobs pass. SCALE_KEEP=1 keeps the
 * database (its state file, with the admin's TOTP secret, in the temporary directory) and
 * SCALE_DATABASE=<name> measures a kept database again without loading it.
 */
import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/logger';
import { startServer } from '../server/main';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Secret, TOTP } from 'otpauth';
import { graphql } from './graphql-client';
import { seedScale, Seeded } from './scale-seed';
import { verifyFigures } from './scale-verify';

const KEYS = Number(process.env.SCALE_KEYS ?? 100_000);
const EVENTS = Number(process.env.SCALE_EVENTS ?? 1_000_000);
/** Which measurements: reads (management queries), jobs, verify; all by default. */
const PARTS = new Set((process.env.SCALE_PARTS ?? 'reads,jobs,verify').split(',').map((part) => part.trim()));
const RUNS = Number(process.env.SCALE_RUNS ?? 7);
const BASE = (process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306').replace(/\/+$/, '');
const ADMIN = { email: 'bench-admin@localhost', password: 'bench-admin-password' };

const SECRET = 'bench-secret-bench-secret-bench-secret-0123';
const SERVICE_TOKEN = 'svc_bench_token_0123456789abcdef';

/** The server's settings, the same for the in-process server and the child process under load. */
function serverEnv(database: string): Record<string, string> {
  return {
    NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `${BASE}/${database}`,
    KEYWARD_SECRET: SECRET, KEYWARD_SERVICE_TOKENS: SERVICE_TOKEN, KEYWARD_ISSUER: 'http://127.0.0.1',
    KEYWARD_ADMIN_EMAIL: ADMIN.email, KEYWARD_ADMIN_PASSWORD: ADMIN.password,
    KEYWARD_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE: '100000',
  };
}

/** The machine's load average, written next to every figure (the machine is shared). */
const uptime = (): string => `load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}`;

/** Password, then the TOTP code of the enrolled second factor. */
async function signIn(url: string, totpSecret: string): Promise<string> {
  const first = (await graphql<{ login: { token: string | null; challenge: string | null; mfaRequired: boolean } }>(url, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token challenge mfaRequired } }', { e: ADMIN.email, p: ADMIN.password })).login;
  if (!first.mfaRequired) return first.token!;
  const code = new TOTP({ secret: Secret.fromBase32(totpSecret) }).generate();
  return (await graphql<{ completeLogin: { token: string } }>(url, 'mutation($c: String!, $code: String!) { completeLogin(challenge: $c, code: $code) { token } }', { c: first.challenge, code })).completeLogin.token;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

interface State {
  readonly totpSecret: string;
  readonly organizationId: string;
  readonly seeded: Seeded;
  readonly loadSeconds: number;
  readonly keys: number;
  readonly events: number;
}
const statePath = (database: string): string => join(tmpdir(), `${database}.json`);

async function main(): Promise<void> {
  // SCALE_DATABASE names a database loaded by an earlier run with SCALE_KEEP=1 (its state file,
  // with the admin's TOTP secret and the seeded ids, is in the temporary directory); loading
  // 1M keys and 10M events takes long enough that measuring twice should not mean loading twice.
  const reuse = process.env.SCALE_DATABASE;
  const keep = process.env.SCALE_KEEP === '1' || Boolean(reuse);
  const name = reuse ?? `keyward_scale_${process.pid}`;
  if (!reuse) {
    const admin = await createConnection({ uri: BASE });
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
  }
  const dataDirs = [mkdtempSync(join(tmpdir(), 'keyward-scale-')), mkdtempSync(join(tmpdir(), 'keyward-scale-'))];
  const config = loadConfig({ ...serverEnv(name), KEYWARD_DATA_DIR: dataDirs[0]! });
  const dropScratch = async (): Promise<void> => {
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    if (keep) return;
    const drop = await createConnection({ uri: BASE });
    await drop.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await drop.end();
  };
  const server = await startServer({ config, logger: createLogger('silent'), jobIntervalMs: 0, eventPollMs: 0 }).catch(async (error: unknown) => {
    await dropScratch();
    throw error;
  });
  let state!: State;
  let sessionToken = '';
  try {
    const gql = async <T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> => graphql<T>(server.url, query, variables, token);
    let token: string;
    if (reuse) {
      state = JSON.parse(readFileSync(statePath(name), 'utf8')) as State;
      token = await signIn(server.url, state.totpSecret);
    } else {
      const session = (await gql<{ login: { token: string } }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: ADMIN.email, p: ADMIN.password })).login.token;
      // In production a platform admin needs a second factor before platform operations (as bench/run.js).
      const enrolment = (await gql<{ startTotpEnrollment: { secret: string } }>('mutation($p: String!) { startTotpEnrollment(password: $p) { secret } }', { p: ADMIN.password }, session)).startTotpEnrollment;
      await gql('mutation($c: String!) { confirmTotpEnrollment(code: $c) { recoveryCodes } }', { c: new TOTP({ secret: Secret.fromBase32(enrolment.secret) }).generate() }, session);
      token = session;
      const org = (await gql<{ createOrganization: { id: string } }>('mutation { createOrganization(input: { name: "Scale" }) { id } }', {}, token)).createOrganization;
      const loadStart = Date.now();
      const db = server.services.db.dataSource;
      const seeded = await seedScale((sql, params) => db.query(sql, params), {
        organizationId: org.id, applications: 50, keys: KEYS, events: EVENTS, now: new Date(), chunk: 2000,
        hashSecret: (secret) => server.services.keyring.hashSecret(secret),
        onProgress: (table, done) => { if (done % 100_000 === 0) process.stderr.write(`${new Date().toISOString()} ${table} ${done}\n`); },
      });
      await db.query('ANALYZE TABLE api_keys, api_key_secrets, audit_events, applications');
      state = { totpSecret: enrolment.secret, organizationId: org.id, seeded, loadSeconds: (Date.now() - loadStart) / 1000, keys: KEYS, events: EVENTS };
      if (keep) writeFileSync(statePath(name), JSON.stringify(state));
    }
    const org = { id: state.organizationId };
    const { seeded, loadSeconds, keys, events } = state;
    console.log(`\nKeyward bench:scale — database ${name}${keep ? ' (kept)' : ''}; ${uptime()}`);

    const KEYS_Q = 'query($o: ID!, $f: ApiKeyFilter, $page: Int, $limit: Int, $after: String) { apiKeys(organizationId: $o, filter: $f, page: $page, limit: $limit, after: $after) { totalItems totalItemsIsExact items { id name status createdAt } } }';
    const EVENTS_Q = 'query($o: ID!, $f: AuditEventFilter, $after: String) { auditEvents(organizationId: $o, filter: $f, first: 100, after: $after) { totalCount pageInfo { endCursor } edges { node { id type createdAt } } } }';
    const day = Date.now() - 10 * 86_400_000;
    const cases: Array<[string, string, Record<string, unknown>]> = [
      ['apiKeys(page:1, limit:100)', KEYS_Q, { o: org.id, page: 1, limit: 100 }],
      ['apiKeys deepest numbered page (page:100, limit:100)', KEYS_Q, { o: org.id, page: 100, limit: 100 }],
      ['apiKeys after a middle cursor', KEYS_Q, { o: org.id, limit: 100, after: seeded.middleKeyId }],
      ['apiKeys by application + ACTIVE', KEYS_Q, { o: org.id, limit: 100, f: { applicationId: seeded.applicationIds[0], status: 'ACTIVE' } }],
      ['apiKeys EXPIRED', KEYS_Q, { o: org.id, limit: 100, f: { status: 'EXPIRED' } }],
      ['applications(limit:10) { apiKeys { id status } }', 'query($o: ID!) { applications(organizationId: $o, limit: 10) { items { id apiKeys { id status } } } }', { o: org.id }],
      ['auditEvents(first:100)', EVENTS_Q, { o: org.id }],
      ['auditEvents after a middle cursor', EVENTS_Q, { o: org.id, after: seeded.middleEventId }],
      ['auditEvents by a rare type', EVENTS_Q, { o: org.id, f: { types: [seeded.rareType] } }],
      ['auditEvents by subjectId', EVENTS_Q, { o: org.id, f: { subjectId: seeded.subjectId } }],
      ['auditEvents in a 24 h window', EVENTS_Q, { o: org.id, f: { since: new Date(day).toISOString(), until: new Date(day + 86_400_000).toISOString() } }],
      ['dashboard (org → 50 apps → 20 keys → secrets)', 'query($o: ID!) { organization(id: $o) { applications(limit: 50) { totalItems items { id name apiKeys(limit: 20) { id name status keyPrefix lastUsedAt secrets { id keyPrefix status } } } } } }', { o: org.id }],
    ];
    console.log(`\nKeyward bench:scale — ${keys.toLocaleString('en-US')} keys, ${events.toLocaleString('en-US')} audit events in one organization (loaded in ${loadSeconds.toFixed(0)} s); warm medians of ${RUNS} runs\n`);
    console.log('| operation | median ms | load average after |\n|---|---|---|');
    for (const [label, query, variables] of PARTS.has('reads') ? cases : []) {
      await gql(query, variables, token);
      const times: number[] = [];
      for (let i = 0; i < RUNS; i += 1) {
        const start = process.hrtime.bigint();
        await gql(query, variables, token);
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      console.log(`| ${label} | ${median(times).toFixed(1)} | ${loadavg()[0]!.toFixed(2)} |`);
    }
    if (PARTS.has('jobs')) await jobFigures(server, BASE, name, org.id, seeded.middleKeyId);
    sessionToken = token;
  } catch (error) {
    await server.close();
    await dropScratch();
    throw error;
  }
  await server.close();
  try {
    if (PARTS.has('verify')) {
      await verifyFigures({ env: serverEnv(name), keys: state.keys, serviceToken: SERVICE_TOKEN, sessionToken, organizationId: state.organizationId, dataDir: dataDirs[1]! });
    }
  } finally {
    await dropScratch();
  }
}

/**
 * (e) Lifecycle jobs: passes with nothing due, then one pass over DUE keys made due (expiry a
 * minute ago; the pass expires them in batches of 100), while another connection updates single
 * key rows that are not due, one statement after another: how long the pass takes and whether any
 * of those updates waited on it.
 */
async function jobFigures(server: Awaited<ReturnType<typeof startServer>>, base: string, database: string, organizationId: string, otherKeyId: string): Promise<void> {
  const jobs: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = process.hrtime.bigint();
    await server.services.lifecycleJobs.runOnce();
    jobs.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  console.log(`| lifecycle jobs pass (nothing due) | ${median(jobs).toFixed(1)} | ${loadavg()[0]!.toFixed(2)} |`);
  const due = Number(process.env.SCALE_DUE ?? 1000);
  const connection = await createConnection({ uri: `${base}/${database}` });
  try {
    // Keys seeded with an expiry a month away (1 %): DUE of them now expire a minute ago.
    const [candidates] = (await connection.query('SELECT id FROM api_keys WHERE organization_id = ? AND status = ? AND expires_at IS NOT NULL ORDER BY organization_id, status, expires_at LIMIT ?', [organizationId, 'ACTIVE', due])) as unknown as [Array<{ id: string }>];
    const past = new Date(Date.now() - 60_000).toISOString().replace('T', ' ').replace('Z', '');
    for (let i = 0; i < candidates.length; i += 500) {
      await connection.query('UPDATE api_keys SET expires_at = ? WHERE id IN (?)', [past, candidates.slice(i, i + 500).map((row) => row.id)]);
    }
    const mutate = async (): Promise<number> => {
      const start = process.hrtime.bigint();
      await connection.query('UPDATE api_keys SET updated_at = NOW(3) WHERE id = ?', [otherKeyId]);
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const idle: number[] = [];
    for (let i = 0; i < 50; i += 1) idle.push(await mutate());
    let running = true;
    const during: number[] = [];
    const start = process.hrtime.bigint();
    const pass = server.services.lifecycleJobs.runOnce().finally(() => { running = false; });
    while (running) during.push(await mutate());
    const result = await pass;
    const passMs = Number(process.hrtime.bigint() - start) / 1e6;
    console.log(`| lifecycle jobs pass expiring ${result.expiredKeys} due keys (batches of 100) | ${passMs.toFixed(1)} (${(passMs / Math.max(1, Math.ceil(result.expiredKeys / 100))).toFixed(1)} per batch) | ${loadavg()[0]!.toFixed(2)} |`);
    console.log(`| single-row UPDATE of a key that is not due: idle (50) / during that pass (${during.length}) | median ${median(idle).toFixed(1)} / ${during.length ? median(during).toFixed(1) : '-'}, max ${Math.max(...idle).toFixed(1)} / ${during.length ? Math.max(...during).toFixed(1) : '-'} | ${loadavg()[0]!.toFixed(2)} |`);
  } finally {
    await connection.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
