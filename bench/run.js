'use strict';
/**
 * `npm run bench` (SPEC 6): the credential hot paths against their baselines, same machine, same run.
 *
 *   verify: Keyward's POST /v1/keys/verify (MySQL store) vs a bare node:http server reading the same
 *           JSON body — throughput ratio (goal >= 0.6) and p99 ratio (goal <= 2) at 50 connections;
 *           in the same rounds, verify of a key with two rate limits, credits and an IP allowlist
 *           (SPEC 7, goal >= 0.6 too), so the cost of usage governance is the gap between the two.
 *   token:  Keyward's POST /oauth/token vs oidc-provider's client credentials grant with ES256 JWT
 *           access tokens — throughput ratio (goal >= 3) — in the same rounds as the floor, a bare
 *           node:http server that only parses, checks Basic credentials and signs (bare-token-server.js),
 *           and the same work on Fastify (fastify-token-server.js), which tells the framework's share.
 *
 * Every server runs in its own process and autocannon drives it from this one, so the load
 * generator and the server under test each get a core. Each comparison is a series of back-to-back
 * rounds; the median of the per-round ratios is the result (only ratios from one run mean anything on
 * a shared machine). Needs the built server (dist/) and MySQL at MYSQL_URL (default
 * mysql://root@127.0.0.1:3306). BENCH_SECONDS (3) and BENCH_PAIRS (5: the number of rounds) set the length of a run.
 */
const autocannon = require('autocannon');
const { spawn, spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { createConnection } = require('mysql2/promise');

const ROOT = join(__dirname, '..');
const MYSQL_URL = (process.env.MYSQL_URL || 'mysql://root@127.0.0.1:3306').replace(/\/+$/, '');
const SECONDS = Number(process.env.BENCH_SECONDS || 3);
const PAIRS = Number(process.env.BENCH_PAIRS || 5);
const WARMUP_SECONDS = 2;
const CONNECTIONS = 50;
const SERVICE_TOKEN = `svc_bench_${Math.random().toString(36).slice(2)}_0123456789abcdef`;
const ADMIN_EMAIL = 'bench@keyward.test';
const ADMIN_PASSWORD = 'Bench-password-0123456789';
const children = [];

/**
 * On Linux with taskset, the load generator (this process) keeps core 0 and every server under test
 * gets core 1: the same placement for both sides of a comparison, run after run, instead of
 * whatever the scheduler picks on a machine other work shares.
 */
const PINNING = process.platform === 'linux' && spawnSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' }).status === 0;

function start(label, command, args, env, ready) {
  return new Promise((resolve, reject) => {
    const child = PINNING ? spawn('taskset', ['-c', '1', command, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }) : spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${label} did not start in 30 s:\n${output}`)), 30_000);
    const onData = (chunk) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1].startsWith('http') ? match[1] : `http://127.0.0.1:${match[1]}` });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited with ${code}:\n${output}`));
    });
  });
}

function load({ pid: _pid, ...options }, seconds) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, pipelining: 1, duration: seconds, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** CPU milliseconds a process has used (Linux /proc; null elsewhere). */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

async function measure(label, options, seconds = SECONDS) {
  const cpuBefore = cpuMs(options.pid);
  const started = Date.now();
  const result = await load(options, seconds);
  const cpuAfter = cpuMs(options.pid);
  const figures = { label, requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total, non2xx: result.non2xx, errors: result.errors + result.timeouts };
  // How busy the server was: near 100 % means it, not the load generator, set the pace.
  figures.serverCpu = cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / (Date.now() - started);
  figures.cpuMicrosPerRequest = cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) * 1000) / result.requests.total;
  if (figures.non2xx || figures.errors) console.warn(`  ! ${label}: ${figures.non2xx} non-2xx answers, ${figures.errors} errors/timeouts`);
  const cpu = figures.serverCpu === null ? '' : `   server CPU ${(figures.serverCpu * 100).toFixed(0).padStart(3)} %, ${figures.cpuMicrosPerRequest.toFixed(0).padStart(3)} µs/request`;
  console.log(`  ${label.padEnd(16)} ${figures.requestsPerSecond.toFixed(0).padStart(7)} req/s   p50 ${String(figures.p50).padStart(3)} ms   p99 ${String(figures.p99).padStart(3)} ms${cpu}`);
  return figures;
}

const median = (values) => {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * Back-to-back rounds: each round runs every side once, the order reversed every other round
 * (A B C, C B A, …), so that every side of a round sees nearly the same machine. Each round gives
 * one ratio per side against the baseline (the first side); the median of those ratios is the
 * result (other work on a shared machine swings raw figures by 2x between runs seconds apart).
 */
async function compare(baseline, ...others) {
  const sides = [baseline, ...others];
  for (const side of sides) await load(side.options, WARMUP_SECONDS);
  const rounds = [];
  for (let i = 0; i < PAIRS; i += 1) {
    const order = i % 2 === 0 ? sides : [...sides].reverse();
    const figures = {};
    for (const side of order) figures[side.label] = await measure(side.label, side.options);
    rounds.push(figures);
  }
  const mean = (label, field) => rounds.reduce((sum, round) => sum + round[label][field], 0) / rounds.length;
  const result = { sides: {}, ratios: {} };
  for (const { label } of sides) {
    result.sides[label] = { requestsPerSecond: mean(label, 'requestsPerSecond'), p50: mean(label, 'p50'), p99: mean(label, 'p99'), cpuMicrosPerRequest: rounds[0][label].cpuMicrosPerRequest === null ? null : mean(label, 'cpuMicrosPerRequest') };
  }
  for (const { label } of others) {
    const throughput = rounds.map((round) => round[label].requestsPerSecond / round[baseline.label].requestsPerSecond);
    const p99 = rounds.map((round) => Math.max(round[label].p99, 1) / Math.max(round[baseline.label].p99, 1));
    result.ratios[label] = { throughput: median(throughput), p99: median(p99), rounds: throughput.map((ratio) => Number(ratio.toFixed(2))) };
  }
  return result;
}

async function graphql(url, query, variables, token) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(`GraphQL: ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function main() {
  const database = `keyward_bench_${process.pid}`;
  const admin = await createConnection({ uri: MYSQL_URL });
  await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const dataDir = mkdtempSync(join(tmpdir(), 'keyward-bench-'));
  try {
    console.log(`Keyward benchmarks: ${CONNECTIONS} connections, ${PAIRS} back-to-back rounds of ${SECONDS} s runs (order reversed every other round) after ${WARMUP_SECONDS} s of warm-up each${PINNING ? '; load generator on core 0, servers on core 1' : ''}.\n`);
    const keyward = await start(
      'keyward',
      process.execPath,
      ['dist/server/cli.js', 'serve'],
      {
        NODE_ENV: 'production',
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: `${MYSQL_URL}/${database}`,
        KEYWARD_SECRET: `bench-secret-${'x'.repeat(40)}`,
        KEYWARD_SERVICE_TOKENS: SERVICE_TOKEN,
        KEYWARD_ADMIN_EMAIL: ADMIN_EMAIL,
        KEYWARD_ADMIN_PASSWORD: ADMIN_PASSWORD,
        KEYWARD_DATA_DIR: dataDir,
        KEYWARD_ISSUER: 'http://127.0.0.1',
        LOG_LEVEL: 'warn',
        REDIS_URL: '',
      },
      /listening on (http:\/\/[^\s,]+)/,
    );
    const session = (await graphql(keyward.url, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: ADMIN_EMAIL, p: ADMIN_PASSWORD })).login.token;
    // In production a platform admin needs a second factor before platform operations (SPEC 10).
    const { TOTP, Secret } = require('otpauth');
    const enrolment = (await graphql(keyward.url, 'mutation($p: String!) { startTotpEnrollment(password: $p) { secret } }', { p: ADMIN_PASSWORD }, session)).startTotpEnrollment;
    await graphql(keyward.url, 'mutation($c: String!) { confirmTotpEnrollment(code: $c) { recoveryCodes } }', { c: new TOTP({ secret: Secret.fromBase32(enrolment.secret) }).generate() }, session);
    const org = (await graphql(keyward.url, 'mutation { createOrganization(input: { name: "Bench" }) { id } }', {}, session)).createOrganization.id;
    const app = (await graphql(keyward.url, 'mutation($o: ID!) { createApplication(input: { organizationId: $o, name: "Bench" }) { id } }', { o: org }, session)).createApplication.id;
    const created = (await graphql(keyward.url, 'mutation($a: ID!) { createApiKey(input: { applicationId: $a, name: "bench", description: "bench", environment: TEST, scopes: ["payments:write", "refunds"] }) { secret apiKey { id } } }', { a: app }, session)).createApiKey;
    // SPEC 7: the same key shape with two rate limits, credits and an allowlist (never exhausted in a run).
    const governed = (await graphql(keyward.url, 'mutation($a: ID!) { createApiKey(input: { applicationId: $a, name: "bench-governed", description: "bench", environment: TEST, scopes: ["payments:write", "refunds"], rateLimits: [{ name: "per-second", limit: 1000000000, windowSeconds: 1 }, { name: "daily", limit: 1000000000, windowSeconds: 86400 }], credits: 1000000000, allowedIps: ["127.0.0.0/8", "10.0.0.0/8"] }) { secret apiKey { id } } }', { a: app }, session)).createApiKey;
    const bare = await start('bare node:http', process.execPath, ['bench/bare-server.js'], {}, /LISTENING (\d+)/);
    const oidcSecret = `oidc-bench-secret-${Math.random().toString(36).slice(2)}`;
    const oidc = await start('oidc-provider', process.execPath, ['bench/oidc-server.mjs', 'bench-client', oidcSecret], { NODE_ENV: 'production' }, /LISTENING (\d+)/);
    const floor = await start('bare ES256', process.execPath, ['bench/bare-token-server.js', 'bench-client', oidcSecret], {}, /LISTENING (\d+)/);
    const fastifyFloor = await start('Fastify ES256', process.execPath, ['bench/fastify-token-server.js', 'bench-client', oidcSecret], {}, /LISTENING (\d+)/);

    const verifyBody = JSON.stringify({ key: created.secret, requiredScopes: ['payments:write'] });
    const probe = await fetch(`${keyward.url}/v1/keys/verify`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${SERVICE_TOKEN}` }, body: verifyBody });
    const probeBody = await probe.json();
    if (probeBody.code !== 'VALID') throw new Error(`verify probe answered ${JSON.stringify(probeBody)}`);

    const governedBody = JSON.stringify({ key: governed.secret, requiredScopes: ['payments:write'], ip: '127.0.0.1' });
    const governedProbe = await (await fetch(`${keyward.url}/v1/keys/verify`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${SERVICE_TOKEN}` }, body: governedBody })).json();
    if (governedProbe.code !== 'VALID' || governedProbe.rateLimits.length !== 2 || governedProbe.credits === null) throw new Error(`governed verify probe answered ${JSON.stringify(governedProbe)}`);

    console.log('verify (POST /v1/keys/verify, MySQL store) vs bare node:http reading the same JSON body');
    const verify = await compare(
      { label: 'bare node:http', options: { pid: bare.child.pid, url: `${bare.url}/v1/keys/verify`, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${SERVICE_TOKEN}` }, body: verifyBody } },
      { label: 'keyward verify', options: { pid: keyward.child.pid, url: `${keyward.url}/v1/keys/verify`, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${SERVICE_TOKEN}` }, body: verifyBody } },
      { label: 'keyward verify governed', options: { pid: keyward.child.pid, url: `${keyward.url}/v1/keys/verify`, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${SERVICE_TOKEN}` }, body: governedBody } },
    );

    const basic = (id, secret) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
    const tokenBody = 'grant_type=client_credentials&scope=payments%3Awrite';
    const form = 'application/x-www-form-urlencoded';
    for (const [label, url, auth] of [['keyward', `${keyward.url}/oauth/token`, basic(created.apiKey.id, created.secret)], ['oidc-provider', `${oidc.url}/token`, basic('bench-client', oidcSecret)], ['bare ES256', `${floor.url}/token`, basic('bench-client', oidcSecret)], ['Fastify ES256', `${fastifyFloor.url}/token`, basic('bench-client', oidcSecret)]]) {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': form, authorization: auth }, body: tokenBody });
      const body = await response.json();
      if (!body.access_token || JSON.parse(Buffer.from(body.access_token.split('.')[0], 'base64url')).alg !== 'ES256') throw new Error(`${label} token probe answered ${JSON.stringify(body)}`);
    }
    console.log('\ntoken (client credentials, ES256 JWT access tokens): Keyward vs oidc-provider, and the bare ES256 floor');
    const token = await compare(
      { label: 'oidc-provider', options: { pid: oidc.child.pid, url: `${oidc.url}/token`, method: 'POST', headers: { 'content-type': form, authorization: basic('bench-client', oidcSecret) }, body: tokenBody } },
      { label: 'keyward token', options: { pid: keyward.child.pid, url: `${keyward.url}/oauth/token`, method: 'POST', headers: { 'content-type': form, authorization: basic(created.apiKey.id, created.secret) }, body: tokenBody } },
      { label: 'bare ES256', options: { pid: floor.child.pid, url: `${floor.url}/token`, method: 'POST', headers: { 'content-type': form, authorization: basic('bench-client', oidcSecret) }, body: tokenBody } },
      { label: 'Fastify ES256', options: { pid: fastifyFloor.child.pid, url: `${fastifyFloor.url}/token`, method: 'POST', headers: { 'content-type': form, authorization: basic('bench-client', oidcSecret) }, body: tokenBody } },
    );

    const verifyRatios = verify.ratios['keyward verify'];
    const governedRatios = verify.ratios['keyward verify governed'];
    const tokenRatios = token.ratios['keyward token'];
    const floorRatios = token.ratios['bare ES256'];
    const fastifyRatios = token.ratios['Fastify ES256'];
    const figures = (result, label) => `${label} ${result.sides[label].requestsPerSecond.toFixed(0)} req/s (${result.sides[label].cpuMicrosPerRequest === null ? '?' : result.sides[label].cpuMicrosPerRequest.toFixed(0)} µs CPU/request)`;
    const verdict = (ok) => (ok ? 'meets the goal' : 'MISSES the goal');
    console.log('\nResults (medians of the per-round ratios; raw figures are means over the rounds)');
    console.log(`  verify throughput ratio  ${verifyRatios.throughput.toFixed(2)}  (goal >= 0.6: ${verdict(verifyRatios.throughput >= 0.6)})   rounds ${verifyRatios.rounds.join(' ')}   ${figures(verify, 'keyward verify')}, ${figures(verify, 'bare node:http')}`);
    console.log(`  verify p99 ratio         ${verifyRatios.p99.toFixed(2)}  (goal <= 2:   ${verdict(verifyRatios.p99 <= 2)})   keyward ${verify.sides['keyward verify'].p99.toFixed(1)} ms, bare ${verify.sides['bare node:http'].p99.toFixed(1)} ms (1 ms floor: autocannon reports whole milliseconds)`);
    console.log(`  governed verify ratio    ${governedRatios.throughput.toFixed(2)}  (goal >= 0.6: ${verdict(governedRatios.throughput >= 0.6)})   rounds ${governedRatios.rounds.join(' ')}   ${figures(verify, 'keyward verify governed')}; without limits, credits and allowlist ${verifyRatios.throughput.toFixed(2)}`);
    console.log(`  token throughput ratio   ${tokenRatios.throughput.toFixed(2)}  (goal >= 3:   ${verdict(tokenRatios.throughput >= 3)})   rounds ${tokenRatios.rounds.join(' ')}   ${figures(token, 'keyward token')}, ${figures(token, 'oidc-provider')}`);
    console.log(`  bare ES256 floor ratio   ${floorRatios.throughput.toFixed(2)}  (a Node server that only parses, checks Basic credentials and signs)   rounds ${floorRatios.rounds.join(' ')}   ${figures(token, 'bare ES256')}`);
    console.log(`  Fastify ES256 ratio      ${fastifyRatios.throughput.toFixed(2)}  (the same work on Fastify + @fastify/formbody, Keyward's framework)   rounds ${fastifyRatios.rounds.join(' ')}   ${figures(token, 'Fastify ES256')}`);
    console.log(`  keyward / floor          ${(tokenRatios.throughput / floorRatios.throughput).toFixed(2)}; keyward / Fastify floor ${(tokenRatios.throughput / fastifyRatios.throughput).toFixed(2)}`);
    console.log(JSON.stringify({ date: new Date().toISOString(), connections: CONNECTIONS, seconds: SECONDS, verify, token, ratios: { verifyThroughput: verifyRatios.throughput, verifyP99: verifyRatios.p99, governedVerifyThroughput: governedRatios.throughput, tokenThroughput: tokenRatios.throughput, floorThroughput: floorRatios.throughput, fastifyFloorThroughput: fastifyRatios.throughput } }));
  } finally {
    for (const child of children) child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
    const cleanup = await createConnection({ uri: MYSQL_URL });
    await cleanup.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await cleanup.end();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    for (const child of children) child.kill('SIGTERM');
    process.exit(1);
  },
);
