'use strict';
/**
 * What every credential benchmark needs of Keyward (bench/run.js, bench/instructions.js): a MySQL
 * database of its own, the environment of the built server, and an organization, application and
 * two TEST keys made through GraphQL — one plain, one with two rate limits, credits and an IP
 * allowlist (SPEC 7, never exhausted in a run).
 */
const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { createConnection } = require('mysql2/promise');

const MYSQL_URL = (process.env.MYSQL_URL || 'mysql://root@127.0.0.1:3306').replace(/\/+$/, '');
const ADMIN_EMAIL = 'bench@keyward.test';
const ADMIN_PASSWORD = 'Bench-password-0123456789';

/** The built server's environment: production, on loopback, no Redis, warnings only. */
function keywardEnv(databaseUrl, dataDir, serviceToken) {
  return {
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    KEYWARD_SECRET: `bench-secret-${'x'.repeat(40)}`,
    KEYWARD_SERVICE_TOKENS: serviceToken,
    KEYWARD_ADMIN_EMAIL: ADMIN_EMAIL,
    KEYWARD_ADMIN_PASSWORD: ADMIN_PASSWORD,
    KEYWARD_DATA_DIR: dataDir,
    // Production requires the public URL (README, "Running on MySQL and Redis").
    KEYWARD_ISSUER: 'http://127.0.0.1',
    LOG_LEVEL: 'warn',
    REDIS_URL: '',
  };
}

/** A fresh database and data directory; `drop()` removes both. */
async function benchDatabase() {
  const database = `keyward_bench_${process.pid}`;
  const admin = await createConnection({ uri: MYSQL_URL });
  await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const dataDir = mkdtempSync(join(tmpdir(), 'keyward-bench-'));
  const serviceToken = `svc_bench_${Math.random().toString(36).slice(2)}_0123456789abcdef`;
  const env = keywardEnv(`${MYSQL_URL}/${database}`, dataDir, serviceToken);
  const drop = async () => {
    rmSync(dataDir, { recursive: true, force: true });
    const cleanup = await createConnection({ uri: MYSQL_URL });
    await cleanup.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await cleanup.end();
  };
  return { env, serviceToken, drop };
}

const ROOT = join(__dirname, '..');
/** Every process a benchmark started, stopped with it however it ends (`stopServers`). */
const servers = [];

/**
 * Starts `command args` from the repository's root and resolves, once its output matches `ready`,
 * with `{ label, child, env, url }` (`ready`'s first group: a URL, or a port on 127.0.0.1).
 */
function startServer(label, command, args, env, ready, timeoutMs = 30_000) {
  const fullEnv = { ...process.env, ...env };
  const child = spawn(command, args, { cwd: ROOT, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  servers.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${label} did not start in ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
    const onData = (chunk) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ label, child, env: fullEnv, url: match[1].startsWith('http') ? match[1] : `http://127.0.0.1:${match[1]}` });
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

function stopServers(signal = 'SIGTERM') {
  for (const child of servers) child.kill(signal);
}

/** Runs a benchmark's `main`, stopping its servers and exiting 1 if it fails. */
function runBenchmark(main, signal = 'SIGTERM') {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      stopServers(signal);
      process.exit(1);
    },
  );
}

/** Where the built server says it listens. */
const KEYWARD_READY = /listening on (http:\/\/[^\s,]+)/;

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

/** The platform admin's session, with the second factor production asks of it (SPEC 10). */
async function adminSession(url) {
  const session = (await graphql(url, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: ADMIN_EMAIL, p: ADMIN_PASSWORD })).login.token;
  const { TOTP, Secret } = require('otpauth');
  const enrolment = (await graphql(url, 'mutation($p: String!) { startTotpEnrollment(password: $p) { secret } }', { p: ADMIN_PASSWORD }, session)).startTotpEnrollment;
  await graphql(url, 'mutation($c: String!) { confirmTotpEnrollment(code: $c) { recoveryCodes } }', { c: new TOTP({ secret: Secret.fromBase32(enrolment.secret) }).generate() }, session);
  return session;
}

/** The keys the benchmarks verify: `{ plain, governed }`, each `{ secret, apiKey: { id } }`. */
async function createBenchKeys(url) {
  const session = await adminSession(url);
  const org = (await graphql(url, 'mutation { createOrganization(input: { name: "Bench" }) { id } }', {}, session)).createOrganization.id;
  const app = (await graphql(url, 'mutation($o: ID!) { createApplication(input: { organizationId: $o, name: "Bench" }) { id } }', { o: org }, session)).createApplication.id;
  const plain = (await graphql(url, 'mutation($a: ID!) { createApiKey(input: { applicationId: $a, name: "bench", description: "bench", environment: TEST, scopes: ["payments:write", "refunds"] }) { secret apiKey { id } } }', { a: app }, session)).createApiKey;
  const governed = (await graphql(url, 'mutation($a: ID!) { createApiKey(input: { applicationId: $a, name: "bench-governed", description: "bench", environment: TEST, scopes: ["payments:write", "refunds"], rateLimits: [{ name: "per-second", limit: 1000000000, windowSeconds: 1 }, { name: "daily", limit: 1000000000, windowSeconds: 86400 }], credits: 1000000000, allowedIps: ["127.0.0.0/8", "10.0.0.0/8"] }) { secret apiKey { id } } }', { a: app }, session)).createApiKey;
  return { plain, governed };
}

/** The request bodies and headers of each benchmarked call. */
function benchRequests(keys, serviceToken, oauthClient) {
  const json = { 'content-type': 'application/json', authorization: `Bearer ${serviceToken}` };
  const basic = (id, secret) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  return {
    verify: { method: 'POST', path: '/v1/keys/verify', headers: json, body: JSON.stringify({ key: keys.plain.secret, requiredScopes: ['payments:write'] }) },
    governed: { method: 'POST', path: '/v1/keys/verify', headers: json, body: JSON.stringify({ key: keys.governed.secret, requiredScopes: ['payments:write'], ip: '127.0.0.1' }) },
    token: { method: 'POST', path: '/oauth/token', headers: { ...form, authorization: basic(keys.plain.apiKey.id, keys.plain.secret) }, body: 'grant_type=client_credentials&scope=payments%3Awrite' },
    floorToken: { method: 'POST', path: '/token', headers: { ...form, authorization: basic(oauthClient.id, oauthClient.secret) }, body: 'grant_type=client_credentials&scope=payments%3Awrite' },
  };
}

module.exports = { MYSQL_URL, KEYWARD_READY, keywardEnv, benchDatabase, adminSession, createBenchKeys, benchRequests, graphql, startServer, stopServers, runBenchmark };
