/**
 * npm run bench:analytics — usage analytics at scale (SPEC 8, issue #14), against MySQL/MariaDB.
 *
 * A faithful equivalent of "100k keys each verified once a minute for 10 minutes", on the
 * injectable clock instead of the wall clock:
 *  1. Bulk-loads ANALYTICS_KEYS keys (one real secret each; 85 % active, 10 % revoked, 4 % inactive)
 *     in 50 applications of one organization, into a scratch database, and warms the credential
 *     cache (as on a server that has been answering these keys; those lookups are not counted).
 *  2. For ANALYTICS_MINUTES simulated minutes, verifies every key once a minute through the
 *     server's own Verifier (the path POST /v1/keys/verify takes after parsing, and the counting it
 *     does), spread over the minute in six 10-second slices, and flushes the counter after each
 *     slice as the default KEYWARD_ANALYTICS_FLUSH_MS (10 s) does — to the real database. Reports
 *     the heap the counters hold (after a full GC), the rows and statements each minute writes,
 *     and the time the flushes take; then once more with every key counted in a single interval.
 *  3. Adds 30 days of rollups for the same keys at their shape under the default retention: a day
 *     row per key per day for the 30 days before, an hour row per key per hour for the 24 hours
 *     before (minute rows only from step 2: see RESULTS.md), and measures warm medians of
 *     verificationStats over 30 days (DAY) and 24 h (HOUR) for one key, one application and the
 *     organization, and of topApiKeys, through GraphQL over HTTP; then topApiKeys once more after
 *     adding noise to every hour total (the ranking's hard case: no key stands out).
 *
 *   npm run bench:analytics        (node --expose-gc -r @swc-node/register bench/analytics-scale.ts)
 *   ANALYTICS_KEYS=10000 ANALYTICS_MINUTES=3 npm run bench:analytics   (a quick run)
 * MYSQL_URL (default mysql://root@127.0.0.1:3306) names the server; the scratch database (a unique
 * name) is dropped at the end, also on failure. About 10 minutes on 2 shared cores. Not part of `npm test`.
 */
import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { Secret, TOTP } from 'otpauth';
import { ManualClock } from '../server/clock';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/logger';
import { startServer } from '../server/main';
import { graphql } from './graphql-client';
import { scaleSecret, seedScale } from './scale-seed';

const KEYS = Number(process.env.ANALYTICS_KEYS ?? 100_000);
const MINUTES = Number(process.env.ANALYTICS_MINUTES ?? 10);
const DAYS = Number(process.env.ANALYTICS_DAYS ?? 30);
const HOURS = Number(process.env.ANALYTICS_HOURS ?? 24);
const RUNS = Number(process.env.ANALYTICS_RUNS ?? 7);
/** Then measure topApiKeys again with noisy hour totals (ANALYTICS_NOISY=0 skips it). */
const NOISY = process.env.ANALYTICS_NOISY !== '0';
const SLICES = 6; // flushes per minute: KEYWARD_ANALYTICS_FLUSH_MS = 10 s
const APPLICATIONS = 50;
const BASE = (process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306').replace(/\/+$/, '');
const ADMIN = { email: 'bench-admin@localhost', password: 'bench-admin-password' };
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const sqlTime = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;
const log = (line: string): void => void process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench:analytics does)');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/**
 * The outcome seedScale's key `i` gets from verify: its status (85 % ACTIVE, 10 % REVOKED,
 * 4 % INACTIVE, 1 % ACTIVE with an expiry) and, for one active key in 25, a scope it lacks.
 */
function askedScopes(i: number): string[] {
  return i % 25 === 7 ? ['refunds'] : ['payments:write'];
}
function expectedCode(i: number): string {
  const r = i % 100;
  if (r >= 85 && r < 95) return 'REVOKED';
  if (r >= 95 && r < 99) return 'INACTIVE';
  return i % 25 === 7 ? 'INSUFFICIENT_SCOPE' : 'VALID';
}

async function main(): Promise<void> {
  const name = `keyward_analytics_${process.pid}_${Date.now().toString(36)}`;
  const admin = await createConnection({ uri: BASE });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  // Interrupted (Ctrl-C, a timeout): the scratch database goes too.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void createConnection({ uri: BASE }).then(async (c) => {
        await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await c.end();
      }).finally(() => process.exit(130));
    });
  }
  const clock = new ManualClock(new Date());
  const config = loadConfig({
    NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `${BASE}/${name}`, REDIS_URL: '',
    KEYWARD_SECRET: 'bench-secret-bench-secret-bench-secret-0123', KEYWARD_SERVICE_TOKENS: 'svc_bench_token_0123456789abcdef',
    KEYWARD_DATA_DIR: mkdtempSync(join(tmpdir(), 'keyward-analytics-')), KEYWARD_ADMIN_EMAIL: ADMIN.email, KEYWARD_ADMIN_PASSWORD: ADMIN.password,
    KEYWARD_ISSUER: 'http://127.0.0.1', KEYWARD_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE: '100000',
    // The bench flushes itself, every 10 simulated seconds; the timer (in wall time) never fires.
    KEYWARD_ANALYTICS_FLUSH_MS: '9999999',
  });
  const server = await startServer({ config, clock, logger: createLogger('silent'), jobIntervalMs: 0, eventPollMs: 0 });
  try {
    const gql = <T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> => graphql<T>(server.url, query, variables, token);
    const token = (await gql<{ login: { token: string } }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: ADMIN.email, p: ADMIN.password })).login.token;
    // In production a platform admin needs a second factor before platform operations (SPEC 10).
    const enrolment = (await gql<{ startTotpEnrollment: { secret: string } }>('mutation($p: String!) { startTotpEnrollment(password: $p) { secret } }', { p: ADMIN.password }, token)).startTotpEnrollment;
    await gql('mutation($c: String!) { confirmTotpEnrollment(code: $c) { recoveryCodes } }', { c: new TOTP({ secret: Secret.fromBase32(enrolment.secret) }).generate() }, token);
    const org = (await gql<{ createOrganization: { id: string } }>('mutation { createOrganization(input: { name: "Analytics scale" }) { id } }', {}, token)).createOrganization;

    // 1. Keys with real secrets, and a warm credential cache.
    const { verifier, usageCounter, keyring, db } = server.services;
    const loadStart = Date.now();
    const secrets = Array.from({ length: KEYS }, (_, i) => scaleSecret(i));
    const seeded = await seedScale((sql, params) => db.dataSource.query(sql, params), {
      organizationId: org.id, applications: APPLICATIONS, keys: KEYS, events: 0, now: clock.now(), chunk: 2000,
      hashSecret: (secret) => keyring.hashSecret(secret),
      onProgress: (table, done) => { if (done % 20_000 === 0) log(`${table} ${done}`); },
    });
    const keyRows = (await db.dataSource.query('SELECT id, application_id FROM api_keys WHERE organization_id = ? ORDER BY id', [org.id])) as Array<{ id: string; application_id: string }>;
    const outcomes = verifier.outcomes;
    verifier.outcomes = null;
    for (let i = 0; i < KEYS; i += 200) {
      await Promise.all(secrets.slice(i, i + 200).map((secret) => verifier.verify(secret, ['payments:write'])));
    }
    verifier.outcomes = outcomes;
    log(`${fmt(KEYS)} keys loaded and cached in ${((Date.now() - loadStart) / 1000).toFixed(0)} s`);

    // Count what each flush writes, at the one place the counter sends rows to the database.
    const counter = usageCounter as unknown as { upsert(rows: unknown[]): Promise<unknown> };
    const upsert = counter.upsert.bind(usageCounter);
    let rowsWritten = 0;
    let statements = 0;
    counter.upsert = (rows) => {
      rowsWritten += rows.length;
      statements += 1;
      return upsert(rows);
    };

    // 2. Every key once a minute, flushed every 10 simulated seconds.
    const t0 = Math.ceil(clock.now().getTime() / MINUTE_MS) * MINUTE_MS;
    const slice = Math.ceil(KEYS / SLICES);
    const perMinute: Array<{ rows: number; statements: number; flushMs: number; maxFlushMs: number; verifyMs: number }> = [];
    let mismatches = 0;
    let counterHeap = 0;
    for (let minute = 0; minute < MINUTES; minute += 1) {
      const before = { rows: rowsWritten, statements };
      let flushMs = 0;
      let maxFlushMs = 0;
      let verifyMs = 0;
      for (let s = 0; s < SLICES; s += 1) {
        clock.set(new Date(t0 + minute * MINUTE_MS + s * (MINUTE_MS / SLICES)));
        const start = process.hrtime.bigint();
        const pending: Array<Promise<unknown>> = [];
        for (let i = s * slice; i < Math.min(KEYS, (s + 1) * slice); i += 1) {
          const result = verifier.verify(secrets[i]!, askedScopes(i));
          if (result instanceof Promise) pending.push(result);
          else if (result.code !== expectedCode(i)) mismatches += 1;
        }
        await Promise.all(pending);
        verifyMs += ms(start);
        // What the counter holds is what its flush releases (measured in the last minute: GCs are slow).
        const held = minute === MINUTES - 1 ? heapAfterGc() : 0;
        const flushStart = process.hrtime.bigint();
        await usageCounter.flush();
        const took = ms(flushStart);
        if (minute === MINUTES - 1) counterHeap = Math.max(counterHeap, held - heapAfterGc());
        flushMs += took;
        maxFlushMs = Math.max(maxFlushMs, took);
      }
      perMinute.push({ rows: rowsWritten - before.rows, statements: statements - before.statements, flushMs, maxFlushMs, verifyMs });
      log(`minute ${minute + 1}/${MINUTES}: ${fmt(rowsWritten - before.rows)} rows in ${statements - before.statements} statements, flushes ${flushMs.toFixed(0)} ms`);
    }
    if (mismatches > 0) throw new Error(`${mismatches} verifies answered another code than the seed's status and scopes give`);

    // The worst case: every key counted within one flush interval (or the database away for it).
    clock.set(new Date(t0 + MINUTES * MINUTE_MS));
    for (let i = 0; i < KEYS; i += 1) {
      const result = verifier.verify(secrets[i]!, askedScopes(i));
      if (result instanceof Promise) await result;
    }
    const allKeysHeld = heapAfterGc();
    const rowsBefore = rowsWritten;
    const bigFlushStart = process.hrtime.bigint();
    await usageCounter.flush();
    const bigFlushMs = ms(bigFlushStart);
    const allKeysHeap = allKeysHeld - heapAfterGc();
    const bigFlushRows = rowsWritten - rowsBefore;
    const stored = (await db.dataSource.query('SELECT granularity, COUNT(*) AS n, SUM(count) AS requests FROM verification_rollups GROUP BY granularity ORDER BY granularity')) as Array<{ granularity: string; n: string; requests: string }>;
    const requests = stored.find((r) => r.granularity === 'd')?.requests;
    if (Number(requests) !== KEYS * (MINUTES + 1)) throw new Error(`the day rows hold ${requests} requests, not ${KEYS * (MINUTES + 1)}`);

    // 3. 30 days of history at the default retention's shape, then the readers' latency.
    const historyStart = Date.now();
    const today = Math.floor(t0 / DAY_MS) * DAY_MS;
    const thisHour = Math.floor(t0 / HOUR_MS) * HOUR_MS;
    // Each key's code (the one verify answers it) in a table of its own, then one INSERT … SELECT per bucket.
    // Ids are time-ordered and seedScale creates key i at a distinct, increasing time: keyRows[i] is key i.
    await db.dataSource.query('CREATE TABLE bench_key_codes (api_key_id varchar(32) PRIMARY KEY, application_id varchar(32) NOT NULL, code varchar(24) NOT NULL)');
    for (let i = 0; i < keyRows.length; i += 2000) {
      const chunk = keyRows.slice(i, i + 2000);
      await db.dataSource.query(`INSERT INTO bench_key_codes VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')}`, chunk.flatMap((row, j) => [row.id, row.application_id, expectedCode(i + j)]));
    }
    const insertHistory = async (granularity: 'd' | 'h', starts: number[], count: number): Promise<number> => {
      let rows = 0;
      for (const start of starts) {
        const result = (await db.dataSource.query(
          'INSERT INTO verification_rollups (api_key_id, granularity, bucket_start, code, organization_id, application_id, count) SELECT api_key_id, ?, ?, code, ?, application_id, ? FROM bench_key_codes ORDER BY api_key_id',
          [granularity, sqlTime(start), org.id, count],
        )) as { affectedRows: number };
        rows += result.affectedRows;
        // The same counts summed per application and for the organization, as the flush writes them.
        await db.dataSource.query(
          "INSERT INTO verification_totals (scope, scope_id, granularity, bucket_start, code, organization_id, count) SELECT 'a', application_id, ?, ?, code, ?, COUNT(*) * ? FROM bench_key_codes GROUP BY application_id, code",
          [granularity, sqlTime(start), org.id, count],
        );
        await db.dataSource.query(
          "INSERT INTO verification_totals (scope, scope_id, granularity, bucket_start, code, organization_id, count) SELECT 'o', ?, ?, ?, code, ?, COUNT(*) * ? FROM bench_key_codes GROUP BY code",
          [org.id, granularity, sqlTime(start), org.id, count],
        );
        // And each key's total over all codes, which topApiKeys ranks.
        await db.dataSource.query(
          "INSERT INTO verification_key_totals (api_key_id, granularity, bucket_start, organization_id, total, valid) SELECT api_key_id, ?, ?, ?, ?, CASE WHEN code = 'VALID' THEN ? ELSE 0 END FROM bench_key_codes ORDER BY api_key_id",
          [granularity, sqlTime(start), org.id, count, count],
        );
      }
      log(`${granularity}: ${fmt(rows)} rows`);
      return rows;
    };
    const dayRows = await insertHistory('d', Array.from({ length: DAYS }, (_, d) => today - (d + 1) * DAY_MS), 1440);
    const hourRows = await insertHistory('h', Array.from({ length: HOURS }, (_, h) => thisHour - (h + 1) * HOUR_MS), 60);
    await db.dataSource.query('ANALYZE TABLE verification_rollups, verification_totals, verification_key_totals');
    const historySeconds = (Date.now() - historyStart) / 1000;
    const explain = (await db.dataSource.query(
      "EXPLAIN SELECT bucket_start, code, SUM(count) AS n FROM verification_totals WHERE scope = 'o' AND scope_id = ? AND granularity = ? AND bucket_start >= ? AND bucket_start < ? GROUP BY bucket_start, code",
      [org.id, 'd', sqlTime(today - 30 * DAY_MS), sqlTime(today + DAY_MS)],
    )) as Array<{ key: string | null; rows: number; Extra: string }>;
    const total = (await db.dataSource.query('SELECT COUNT(*) AS n FROM verification_rollups')) as Array<{ n: string }>;

    const key = keyRows[Math.floor(KEYS / 2)]!;
    const application = seeded.applicationIds[0]!;
    const now = clock.now().getTime();
    const since30 = new Date(now - 30 * DAY_MS).toISOString();
    const since24 = new Date(now - DAY_MS).toISOString();
    const STATS = 'query($o: ID!, $g: StatsGranularity!, $f: VerificationStatsFilter) { verificationStats(organizationId: $o, granularity: $g, filter: $f) { start total valid byCode { code count } } }';
    const TOP = 'query($o: ID!, $from: DateTimeISO) { topApiKeys(organizationId: $o, from: $from, limit: 5) { apiKey { id name } total valid } }';
    const cases: Array<[string, string, Record<string, unknown>]> = [
      ['one key, 30 days by DAY', STATS, { o: org.id, g: 'DAY', f: { apiKeyId: key.id, from: since30 } }],
      [`one application (${fmt(KEYS / APPLICATIONS)} keys), 30 days by DAY`, STATS, { o: org.id, g: 'DAY', f: { applicationId: application, from: since30 } }],
      [`the organization (${fmt(KEYS)} keys), 30 days by DAY`, STATS, { o: org.id, g: 'DAY', f: { from: since30 } }],
      ['one key, 24 h by HOUR', STATS, { o: org.id, g: 'HOUR', f: { apiKeyId: key.id, from: since24 } }],
      ['one application, 24 h by HOUR', STATS, { o: org.id, g: 'HOUR', f: { applicationId: application, from: since24 } }],
      ['the organization, 24 h by HOUR', STATS, { o: org.id, g: 'HOUR', f: { from: since24 } }],
      ['ApiKey.verificationStats, 30 days by DAY', 'query($id: ID!, $from: DateTimeISO) { apiKey(id: $id) { verificationStats(granularity: DAY, from: $from) { start total valid } } }', { id: key.id, from: since30 }],
      [`topApiKeys, last 24 h (whole hours: ${HOURS} of history and the simulated minutes)`, TOP, { o: org.id, from: since24 }],
      [`topApiKeys, last 30 days (whole days)`, TOP, { o: org.id, from: since30 }],
    ];
    const latencies: Array<[string, number, number | string]> = [];
    const measure = async (label: string, query: string, variables: Record<string, unknown>): Promise<void> => {
      const coldStart = process.hrtime.bigint();
      let answer: Record<string, unknown>;
      try {
        answer = await gql<Record<string, unknown>>(query, variables, token);
      } catch (error) {
        // Past GraphQL's execution limit (10 s) is an answer too: the one a console user would get.
        latencies.push([label, ms(coldStart), `failed: ${String(error).slice(0, 120)}`]);
        log(`${label}: failed after ${ms(coldStart).toFixed(0)} ms`);
        return;
      }
      const cold = ms(coldStart);
      if (label.startsWith('the organization (')) {
        const buckets = (answer as { verificationStats: Array<{ total: number }> }).verificationStats;
        const sum = buckets.reduce((n, b) => n + b.total, 0);
        const expected = KEYS * (Math.min(DAYS, 30) * 1440 + MINUTES + 1);
        if (sum !== expected) throw new Error(`the organization's 30 days hold ${sum} requests, not ${expected}`);
      }
      const times: number[] = [];
      // At least 3 runs; no more than about 30 s of them.
      for (let i = 0; i < RUNS && (i < 3 || times.reduce((a, b) => a + b, 0) < 30_000); i += 1) {
        const start = process.hrtime.bigint();
        await gql(query, variables, token);
        times.push(ms(start));
      }
      latencies.push([label, cold, median(times)]);
      log(`${label}: ${median(times).toFixed(1)} ms`);
    };
    for (const [label, query, variables] of cases) await measure(label, query, variables);
    if (NOISY && HOURS > 0) {
      // The ranking's hard case: every key's hourly total varies (a fixed pseudo-random 0–59 added
      // per key and hour), so no key stands out over the day and each hour's busiest keys differ.
      const noiseStart = Date.now();
      await db.dataSource.query("UPDATE verification_key_totals SET total = total + MOD(CRC32(CONCAT(api_key_id, bucket_start)), 60) WHERE organization_id = ? AND granularity = 'h'", [org.id]);
      log(`noise added to the hour totals in ${((Date.now() - noiseStart) / 1000).toFixed(0)} s`);
      await measure('topApiKeys, last 24 h, hour totals with noise (no key stands out)', TOP, { o: org.id, from: since24 });
    }

    const steady = perMinute.length > 1 ? perMinute.slice(1) : perMinute; // the first minute warms up, when there is more than one
    const load = loadavg().map((n) => n.toFixed(2)).join(' ');
    console.log(`\nKeyward bench:analytics — ${fmt(KEYS)} keys in ${APPLICATIONS} applications of one organization, each verified once a simulated minute for ${MINUTES} minutes, flushed every 10 simulated seconds; MariaDB; load average ${load}\n`);
    console.log('| counting and writing | figure |\n|---|---|');
    console.log(`| verifies per minute (in process, through Verifier.verify) | ${fmt(KEYS)}, in ${median(steady.map((m) => m.verifyMs)).toFixed(0)} ms of CPU-bound work (median minute) |`);
    console.log(`| heap held by the counters between two flushes (${fmt(slice)} keys per 10 s), after a full GC | ${mb(counterHeap)} |`);
    console.log(`| heap held with all ${fmt(KEYS)} keys counted in one interval | ${mb(allKeysHeap)} (${(allKeysHeap / KEYS).toFixed(0)} bytes per key) |`);
    console.log(`| rows written per minute (upserted: minute + hour + day) | ${fmt(median(steady.map((m) => m.rows)))} in ${fmt(median(steady.map((m) => m.statements)))} statements |`);
    console.log(`| flush time per minute (six flushes), median minute | ${median(steady.map((m) => m.flushMs)).toFixed(0)} ms (longest single flush ${Math.max(...steady.map((m) => m.maxFlushMs)).toFixed(0)} ms) |`);
    console.log(`| one flush of all ${fmt(KEYS)} keys at once | ${fmt(bigFlushRows)} rows in ${bigFlushMs.toFixed(0)} ms |`);
    console.log(`| rows stored after the ${MINUTES + 1} minutes | ${stored.map((r) => `${r.granularity}: ${fmt(Number(r.n))}`).join(', ')} |`);
    console.log(`\n${DAYS} days of history added: ${fmt(dayRows)} day rows, ${fmt(hourRows)} hour rows (${historySeconds.toFixed(0)} s); ${fmt(Number(total[0]!.n))} rollup rows in all. Latency through GraphQL over HTTP, warm median of ${RUNS} (3 when they are slow; first call in brackets):\n`);
    console.log('| verificationStats | median ms (first) |\n|---|---|');
    for (const [label, cold, warm] of latencies) console.log(`| ${label} | ${typeof warm === 'number' ? warm.toFixed(1) : warm} (${cold.toFixed(0)}) |`);
    console.log(`\nEXPLAIN of the organization's 30-day statement: ${explain.map((e) => `key ${e.key}, ~${fmt(Number(e.rows))} rows, ${e.Extra}`).join('; ')}`);
  } finally {
    await server.close();
    const drop = await createConnection({ uri: BASE });
    await drop.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await drop.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
