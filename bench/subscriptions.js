'use strict';
/**
 * Subscriptions benchmark (SPEC 6): N graphql-ws subscribers (default 1,000) on one organization's
 * apiKeyStatusChanged, one revocation, every subscriber must receive it. Reports the delay from
 * sending the revokeApiKey mutation to each subscriber's receipt (p50/p99/max), next to a bare `ws`
 * server broadcasting the same payload bytes to as many sockets, measured in the same run from the
 * moment the broadcast is requested. Rounds alternate (A B B A …).
 *
 *   npm run build:server && node bench/subscriptions.js
 *
 * Env: BENCH_SUBSCRIBERS (1000), BENCH_ROUNDS (4 per side), BENCH_DATABASE=sqlite to skip MySQL
 * (MYSQL_URL, default mysql://root@127.0.0.1:3306). Keyward runs in its own process, with the
 * in-process pub/sub (REDIS_URL unset); the clients all run in this one.
 */
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { createClient } = require('graphql-ws');
const WebSocket = require('ws');
const { createConnection } = require('mysql2/promise');
const { KEYWARD_READY, MYSQL_URL, adminSession, graphql, keywardEnv, runBenchmark, startServer, stopServers } = require('./keyward-setup');

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS || 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 4);
const USE_SQLITE = process.env.BENCH_DATABASE === 'sqlite';
const SUBSCRIPTION = 'subscription($o: ID!) { apiKeyStatusChanged(organizationId: $o) { apiKey { id name status keyPrefix } previousStatus status reason occurredAt } }';

const start = async (label, args, env, ready) => (await startServer(label, process.execPath, args, env, ready)).url;

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

function summarize(delays) {
  const sorted = [...delays].sort((a, b) => a - b);
  return { received: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] };
}

/** Resolves when every one of `n` listeners has been called once (their receipt times, in ms). */
function expectAll(n, timeoutMs = 30_000) {
  const times = [];
  let resolve;
  let reject;
  const done = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const timer = setTimeout(() => reject(new Error(`only ${times.length} of ${n} subscribers received the event within ${timeoutMs} ms`)), timeoutMs);
  return {
    hit() {
      times.push(performance.now());
      if (times.length === n) {
        clearTimeout(timer);
        resolve(times);
      }
    },
    done,
  };
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'keyward-bench-subs-'));
  const database = `keyward_bench_subs_${process.pid}`;
  if (!USE_SQLITE) {
    const admin = await createConnection({ uri: MYSQL_URL });
    await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
  }
  const sockets = [];
  try {
    const databaseUrl = USE_SQLITE ? `sqlite:${join(dataDir, 'bench.sqlite')}` : `${MYSQL_URL}/${database}`;
    const keyward = await start('keyward', ['dist/server/cli.js', 'serve'], keywardEnv(databaseUrl, dataDir, 'svc_bench_subscriptions_0123456789abcdef'), KEYWARD_READY);
    const bare = await start('bare ws', ['bench/ws-broadcast-server.js'], {}, /LISTENING (\d+)/);

    const session = await adminSession(keyward);
    const org = (await graphql(keyward, 'mutation { createOrganization(input: { name: "Bench subscriptions", keyPolicy: { keyCreationsPerMinutePerUser: 1000 } }) { id } }', {}, session)).createOrganization.id;
    const app = (await graphql(keyward, 'mutation($o: ID!) { createApplication(input: { organizationId: $o, name: "Bench" }) { id } }', { o: org }, session)).createApplication.id;
    const keys = [];
    const WARMUPS = 8;
    for (let i = 0; i < ROUNDS + WARMUPS; i += 1) {
      keys.push((await graphql(keyward, 'mutation($a: ID!, $n: String!) { createApiKey(input: { applicationId: $a, name: $n, description: "bench", environment: TEST, scopes: ["payments:write"] }) { apiKey { id } } }', { a: app, n: `bench-${i}` }, session)).createApiKey.apiKey.id);
    }

    console.log(`Subscriptions benchmark: ${SUBSCRIBERS} graphql-ws subscribers on one organization (${USE_SQLITE ? 'SQLite' : 'MySQL'}), ${ROUNDS} revocations, against a bare ws broadcast of the same payload to ${SUBSCRIBERS} sockets.\n`);

    // Keyward's subscribers: one socket each, all on apiKeyStatusChanged(org).
    let round = null;
    let payload = null;
    const wsUrl = `${keyward.replace(/^http/, 'ws')}/graphql`;
    const connectStarted = performance.now();
    const clients = [];
    const connected = [];
    /** Which subscribers saw which revoked key: a warm-up counts only once all have seen one key. */
    const seen = new Map();
    for (let i = 0; i < SUBSCRIBERS; i += 1) {
      let onConnected;
      connected.push(new Promise((resolve) => (onConnected = resolve)));
      const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${session}` }, retryAttempts: 0, lazy: true, on: { connected: () => onConnected() } });
      clients.push(client);
      client.subscribe({ query: SUBSCRIPTION, variables: { o: org } }, {
        next: (value) => {
          payload ??= JSON.stringify({ id: '1', type: 'next', payload: value });
          const keyId = value.data.apiKeyStatusChanged.apiKey.id;
          seen.set(keyId, (seen.get(keyId) ?? 0) + 1);
          round?.hit();
        },
        error: (error) => console.error('subscription error', error),
        complete: () => undefined,
      });
    }
    await Promise.all(connected);
    // Warm-up revocations until one reaches every subscriber: then every subscription is live.
    let live = false;
    for (let w = 0; w < WARMUPS && !live; w += 1) {
      const keyId = keys.shift();
      await graphql(keyward, 'mutation($id: ID!) { revokeApiKey(id: $id, reason: "warm-up") { id } }', { id: keyId }, session);
      await new Promise((r) => setTimeout(r, 2000));
      live = seen.get(keyId) === SUBSCRIBERS;
    }
    if (!live) throw new Error(`not every subscriber was live after ${WARMUPS} warm-up revocations`);
    console.log(`  ${SUBSCRIBERS} graphql-ws subscribers connected and live in ${((performance.now() - connectStarted) / 1000).toFixed(1)} s`);

    // Bare ws clients: same count, same process.
    const bareUrl = bare.replace(/^http/, 'ws');
    await Promise.all(Array.from({ length: SUBSCRIBERS }, () => new Promise((resolve, reject) => {
      const socket = new WebSocket(bareUrl);
      sockets.push(socket);
      socket.on('open', resolve);
      socket.on('error', reject);
      socket.on('message', () => round?.hit());
    })));

    const results = { keyward: [], bare: [] };
    const runKeyward = async (i) => {
      round = expectAll(SUBSCRIBERS);
      const started = performance.now();
      await graphql(keyward, 'mutation($id: ID!) { revokeApiKey(id: $id, reason: "bench") { id } }', { id: keys[i - 1] }, session);
      const mutationMs = performance.now() - started;
      const times = await round.done;
      results.keyward.push({ ...summarize(times.map((t) => t - started)), mutationMs });
    };
    const runBare = async () => {
      round = expectAll(SUBSCRIBERS);
      const started = performance.now();
      await fetch(`${bare}/broadcast`, { method: 'POST', body: payload });
      const times = await round.done;
      results.bare.push(summarize(times.map((t) => t - started)));
    };
    for (let i = 1; i <= ROUNDS; i += 1) {
      if (i % 2) {
        await runKeyward(i);
        await runBare();
      } else {
        await runBare();
        await runKeyward(i);
      }
      await new Promise((r) => setTimeout(r, 300));
    }

    const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
    const row = (label, runs) => {
      const p50 = median(runs.map((r) => r.p50));
      const p99 = median(runs.map((r) => r.p99));
      const max = Math.max(...runs.map((r) => r.max));
      const all = runs.every((r) => r.received === SUBSCRIBERS);
      console.log(`  ${label.padEnd(34)} p50 ${p50.toFixed(1).padStart(7)} ms   p99 ${p99.toFixed(1).padStart(7)} ms   max ${max.toFixed(1).padStart(7)} ms   ${all ? `all ${SUBSCRIBERS} received, every round` : 'SOME SUBSCRIBERS MISSED IT'}`);
      return { p50, p99, max, all };
    };
    console.log('\nDelivery delay (median over rounds of each round\'s percentile)');
    const k = row('keyward apiKeyStatusChanged', results.keyward);
    const b = row('bare ws broadcast', results.bare);
    console.log(`  revokeApiKey round trip (HTTP)     median ${median(results.keyward.map((r) => r.mutationMs)).toFixed(1)} ms`);
    console.log(`  p99 ratio keyward / bare ws        ${(k.p99 / Math.max(b.p99, 0.1)).toFixed(1)}x`);
    console.log(JSON.stringify({ date: new Date().toISOString(), subscribers: SUBSCRIBERS, rounds: ROUNDS, database: USE_SQLITE ? 'sqlite' : 'mysql', keyward: results.keyward, bare: results.bare }));
    await Promise.all(clients.map((c) => c.dispose()));
    if (!k.all) process.exitCode = 1;
  } finally {
    for (const socket of sockets) socket.terminate();
    stopServers();
    rmSync(dataDir, { recursive: true, force: true });
    if (!USE_SQLITE) {
      const cleanup = await createConnection({ uri: MYSQL_URL });
      await cleanup.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await cleanup.end();
    }
  }
}

runBenchmark(main);
