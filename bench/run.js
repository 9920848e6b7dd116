'use strict';
/**
 * `npm run bench` (SPEC 6): the credential hot paths against their baselines, same machine, same run.
 *
 *   verify: Keyward's POST /v1/keys/verify (MySQL store) vs a bare node:http server reading the same
 *           JSON body and answering as many bytes (bench/verify-answers.js) — throughput ratio (goal
 *           >= 0.6) and p99 ratio (goal <= 2) at 50 connections; in the same rounds, verify of a key
 *           with two rate limits, credits and an IP allowlist (SPEC 7, goal >= 0.6 too), against the
 *           bare server answering the plain and the governed bytes, and both on Fastify
 *           (fastify-verify-server.js), which tells the framework's share.
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
const { spawnSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { KEYWARD_READY, benchDatabase, benchRequests, createBenchKeys, runBenchmark, startServer, stopServers } = require('./keyward-setup');

const SECONDS = Number(process.env.BENCH_SECONDS || 3);
const PAIRS = Number(process.env.BENCH_PAIRS || 5);
const WARMUP_SECONDS = 2;
const CONNECTIONS = 50;

/**
 * On Linux with taskset, the load generator (this process) keeps core 0 and every server under test
 * gets core 1: the same placement for both sides of a comparison, run after run, instead of
 * whatever the scheduler picks on a machine other work shares.
 */
const PINNING = process.platform === 'linux' && spawnSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' }).status === 0;

/** A server of the comparison, pinned to core 1 where taskset works. */
const start = (label, command, args, env, ready) => (PINNING ? startServer(label, 'taskset', ['-c', '1', command, ...args], env, ready) : startServer(label, command, args, env, ready));

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
  const result = { sides: {}, ratios: {}, rounds };
  for (const { label } of sides) {
    result.sides[label] = { requestsPerSecond: mean(label, 'requestsPerSecond'), p50: mean(label, 'p50'), p99: mean(label, 'p99'), cpuMicrosPerRequest: rounds[0][label].cpuMicrosPerRequest === null ? null : mean(label, 'cpuMicrosPerRequest') };
  }
  for (const { label } of others) result.ratios[label] = ratiosOf(result, label, baseline.label);
  return result;
}

/**
 * One side against another of the same rounds: the medians of the per-round ratios. `cpu` is the
 * ratio of CPU time per request (the baseline's over the side's; null without /proc): it does not
 * depend on whether the load generator saturated each server, and the host's noise moves it far
 * less than throughput.
 */
function ratiosOf({ rounds }, label, baseline) {
  const throughput = rounds.map((round) => round[label].requestsPerSecond / round[baseline].requestsPerSecond);
  const p99 = rounds.map((round) => Math.max(round[label].p99, 1) / Math.max(round[baseline].p99, 1));
  const cpu = rounds[0][label].cpuMicrosPerRequest === null ? null : median(rounds.map((round) => round[baseline].cpuMicrosPerRequest / round[label].cpuMicrosPerRequest));
  return { throughput: median(throughput), p99: median(p99), cpu, rounds: throughput.map((ratio) => Number(ratio.toFixed(2))) };
}

/** The CPU-time ratio, as printed. */
const cpuText = (ratios) => (ratios.cpu === null ? '' : `   by CPU time per request ${ratios.cpu.toFixed(2)}`);

async function main() {
  const { env, serviceToken: SERVICE_TOKEN, drop } = await benchDatabase();
  try {
    console.log(`Keyward benchmarks: ${CONNECTIONS} connections, ${PAIRS} back-to-back rounds of ${SECONDS} s runs (order reversed every other round) after ${WARMUP_SECONDS} s of warm-up each${PINNING ? '; load generator on core 0, servers on core 1' : ''}.\n`);
    const keyward = await start('keyward', process.execPath, ['dist/server/cli.js', 'serve'], env, KEYWARD_READY);
    const keys = await createBenchKeys(keyward.url);
    const bare = await start('bare node:http', process.execPath, ['bench/bare-server.js'], {}, /LISTENING (\d+)/);
    const oidcSecret = `oidc-bench-secret-${Math.random().toString(36).slice(2)}`;
    const oidc = await start('oidc-provider', process.execPath, ['bench/oidc-server.mjs', 'bench-client', oidcSecret], { NODE_ENV: 'production' }, /LISTENING (\d+)/);
    const floor = await start('bare ES256', process.execPath, ['bench/bare-token-server.js', 'bench-client', oidcSecret], {}, /LISTENING (\d+)/);
    const fastifyVerify = await start('Fastify verify', process.execPath, ['bench/fastify-verify-server.js'], {}, /LISTENING (\d+)/);
    const fastifyFloor = await start('Fastify ES256', process.execPath, ['bench/fastify-token-server.js', 'bench-client', oidcSecret], {}, /LISTENING (\d+)/);

    const requests = benchRequests(keys, SERVICE_TOKEN, { id: 'bench-client', secret: oidcSecret });
    const probe = async (request) => (await fetch(`${keyward.url}${request.path}`, request)).json();
    const probeBody = await probe(requests.verify);
    if (probeBody.code !== 'VALID') throw new Error(`verify probe answered ${JSON.stringify(probeBody)}`);
    const governedProbe = await probe(requests.governed);
    if (governedProbe.code !== 'VALID' || governedProbe.rateLimits.length !== 2 || governedProbe.credits === null) throw new Error(`governed verify probe answered ${JSON.stringify(governedProbe)}`);
    // The baselines answer as many bytes as Keyward does, give or take an id's or a date's length.
    const { PLAIN, GOVERNED } = require('./verify-answers');
    for (const [label, answer, floorAnswer] of [['plain', probeBody, PLAIN], ['governed', governedProbe, GOVERNED]]) {
      const [ours, theirs] = [JSON.stringify(answer).length, JSON.stringify(floorAnswer).length];
      if (Math.abs(ours - theirs) > 16) throw new Error(`the ${label} baseline answers ${theirs} bytes, Keyward ${ours}: bench/verify-answers.js is out of date: ${JSON.stringify(answer)}`);
    }

    console.log('verify (POST /v1/keys/verify, MySQL store) vs bare node:http reading the same JSON body');
    const side = (label, server, request) => ({ label, options: { pid: server.child.pid, url: `${server.url}${request.path}`, method: request.method, headers: request.headers, body: request.body } });
    const verify = await compare(
      side('bare node:http', bare, requests.verify),
      side('keyward verify', keyward, requests.verify),
      side('keyward verify governed', keyward, requests.governed),
      side('bare governed', bare, requests.governed),
      side('Fastify verify', fastifyVerify, requests.verify),
      side('Fastify governed', fastifyVerify, requests.governed),
    );

    const tokenSides = [side('oidc-provider', oidc, requests.floorToken), side('keyward token', keyward, requests.token), side('bare ES256', floor, requests.floorToken), side('Fastify ES256', fastifyFloor, requests.floorToken)];
    for (const { label, options } of tokenSides) {
      const body = await (await fetch(options.url, options)).json();
      if (!body.access_token || JSON.parse(Buffer.from(body.access_token.split('.')[0], 'base64url')).alg !== 'ES256') throw new Error(`${label} token probe answered ${JSON.stringify(body)}`);
    }
    console.log('\ntoken (client credentials, ES256 JWT access tokens): Keyward vs oidc-provider, and the bare ES256 floor');
    const token = await compare(...tokenSides);

    const verifyRatios = verify.ratios['keyward verify'];
    const governedRatios = verify.ratios['keyward verify governed'];
    // The same bytes both ways: governed verify against a baseline answering a governed answer.
    const governedSameBytes = ratiosOf(verify, 'keyward verify governed', 'bare governed');
    const fastifyVerifyRatios = verify.ratios['Fastify verify'];
    const fastifyGovernedRatios = ratiosOf(verify, 'Fastify governed', 'bare governed');
    const tokenRatios = token.ratios['keyward token'];
    const floorRatios = token.ratios['bare ES256'];
    const fastifyRatios = token.ratios['Fastify ES256'];
    const figures = (result, label) => `${label} ${result.sides[label].requestsPerSecond.toFixed(0)} req/s (${result.sides[label].cpuMicrosPerRequest === null ? '?' : result.sides[label].cpuMicrosPerRequest.toFixed(0)} µs CPU/request)`;
    const verdict = (ok) => (ok ? 'meets the goal' : 'MISSES the goal');
    console.log('\nResults (medians of the per-round ratios; raw figures are means over the rounds)');
    console.log(`  verify throughput ratio  ${verifyRatios.throughput.toFixed(2)}  (goal >= 0.6: ${verdict(verifyRatios.throughput >= 0.6)})   rounds ${verifyRatios.rounds.join(' ')}   ${figures(verify, 'keyward verify')}, ${figures(verify, 'bare node:http')}${cpuText(verifyRatios)}`);
    console.log(`  verify p99 ratio         ${verifyRatios.p99.toFixed(2)}  (goal <= 2:   ${verdict(verifyRatios.p99 <= 2)})   keyward ${verify.sides['keyward verify'].p99.toFixed(1)} ms, bare ${verify.sides['bare node:http'].p99.toFixed(1)} ms (1 ms floor: autocannon reports whole milliseconds)`);
    console.log(`  governed verify ratio    ${governedRatios.throughput.toFixed(2)}  (goal >= 0.6: ${verdict(governedRatios.throughput >= 0.6)})   rounds ${governedRatios.rounds.join(' ')}   ${figures(verify, 'keyward verify governed')}; without limits, credits and allowlist ${verifyRatios.throughput.toFixed(2)}${cpuText(governedRatios)}`);
    console.log(`    against a baseline answering the same bytes (bare governed) ${governedSameBytes.throughput.toFixed(2)}   rounds ${governedSameBytes.rounds.join(' ')}   ${figures(verify, 'bare governed')}${cpuText(governedSameBytes)}`);
    console.log(`  Fastify verify ratio     ${fastifyVerifyRatios.throughput.toFixed(2)}, governed ${fastifyGovernedRatios.throughput.toFixed(2)}  (the bare server's work on Fastify, Keyward's framework)   ${figures(verify, 'Fastify verify')}, ${figures(verify, 'Fastify governed')}`);
    console.log(`  keyward / Fastify floor  verify ${(verifyRatios.throughput / fastifyVerifyRatios.throughput).toFixed(2)}, governed ${(governedSameBytes.throughput / fastifyGovernedRatios.throughput).toFixed(2)}`);
    console.log(`  token throughput ratio   ${tokenRatios.throughput.toFixed(2)}  (goal >= 3:   ${verdict(tokenRatios.throughput >= 3)})   rounds ${tokenRatios.rounds.join(' ')}   ${figures(token, 'keyward token')}, ${figures(token, 'oidc-provider')}${cpuText(tokenRatios)}`);
    console.log(`  bare ES256 floor ratio   ${floorRatios.throughput.toFixed(2)}  (a Node server that only parses, checks Basic credentials and signs)   rounds ${floorRatios.rounds.join(' ')}   ${figures(token, 'bare ES256')}${cpuText(floorRatios)}`);
    console.log(`  Fastify ES256 ratio      ${fastifyRatios.throughput.toFixed(2)}  (the same work on Fastify + @fastify/formbody, Keyward's framework)   rounds ${fastifyRatios.rounds.join(' ')}   ${figures(token, 'Fastify ES256')}${cpuText(fastifyRatios)}`);
    console.log(`  keyward / floor          ${(tokenRatios.throughput / floorRatios.throughput).toFixed(2)}; keyward / Fastify floor ${(tokenRatios.throughput / fastifyRatios.throughput).toFixed(2)}`);
    console.log(JSON.stringify({ date: new Date().toISOString(), connections: CONNECTIONS, seconds: SECONDS, verify, token, ratios: { verifyThroughput: verifyRatios.throughput, verifyP99: verifyRatios.p99, governedVerifyThroughput: governedRatios.throughput, governedSameBytesThroughput: governedSameBytes.throughput, fastifyVerifyThroughput: fastifyVerifyRatios.throughput, fastifyGovernedThroughput: fastifyGovernedRatios.throughput, tokenThroughput: tokenRatios.throughput, floorThroughput: floorRatios.throughput, fastifyFloorThroughput: fastifyRatios.throughput, verifyCpu: verifyRatios.cpu, governedVerifyCpu: governedRatios.cpu, tokenCpu: tokenRatios.cpu, floorCpu: floorRatios.cpu, fastifyFloorCpu: fastifyRatios.cpu } }));
  } finally {
    stopServers();
    await drop();
  }
}

runBenchmark(main);
