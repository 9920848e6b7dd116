'use strict';
/**
 * `npm run bench:instructions`: what verify and token cost per request in CPU instructions, against
 * the same floors as `bench/run.js`, counted by valgrind's callgrind instead of timed.
 *
 * Throughput on a shared two-core machine moves by up to 2x between runs minutes apart (README,
 * "Performance"); an instruction count hardly does: the same build, inputs and request count give
 * the same figure to within a few per cent (V8's optimisation decisions differ a little from run to
 * run: Keyward's verify settled at 116-124k in five runs), whatever else the machine does. It
 * counts work, not time: cache misses and the kernel's share are not in it.
 *
 * Every server runs under callgrind (`--smc-check=all-non-file`, which V8's generated code needs).
 * For each server and request kind: a warm-up (the JIT settles by request count, not by time),
 * then rounds of `REQUESTS` requests (8 at a time, keep-alive), each between a zeroing and a dump of
 * the counters, until three rounds in a row agree within 1 % on the sockets. The figure is the last round's
 * instructions on the sockets (see `lastDump`) divided by its requests: the parsing, the handler,
 * the answer and what they run, in V8, libuv and OpenSSL alike, but not the kernel's share (the
 * loopback socket's writes and wake-ups, 20-27 % of every side's time under `perf`). Token sides
 * are compared in all (every thread, timers included): oidc-provider signs on libuv's thread pool.
 *
 * Needs valgrind (Debian's package), the built server (dist/) and MySQL at MYSQL_URL. Runs two
 * servers at a time (the counts do not depend on it). BENCH_REQUESTS (2000) sets a round's length;
 * BENCH_SERVERS (a comma-separated list of keyward, bare, Fastify, bare ES256, Fastify ES256,
 * oidc-provider; all by default) which servers to count, e.g. only keyward while trying a change;
 * BENCH_DIST (dist) which build of Keyward, e.g. a copy of the build before the change, counted in
 * another run at the same time. BENCH_CACHE=1 also simulates this machine's level-2 cache (its size
 * and ways read from /sys, or given as BENCH_LL=size,ways,line where /sys does not describe it;
 * `--cache-sim` makes callgrind about twice as slow) and reports its misses
 * per request on the sockets, code and data apart: what a request finds evicted by the work before
 * it. A count of work cannot say why time per request differs by more than the count; this points
 * at where. Simulated, a server runs about twice as slowly, so work tied to time weighs twice as much
 * per request: Keyward's own count rises (119k to 147-151k for plain verify on 3 Dec), the floors'
 * do not, so Keyward's simulated misses are likely overstated.
 */
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const http = require('node:http');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { KEYWARD_READY, benchDatabase, benchRequests, createBenchKeys, runBenchmark, startServer, stopServers } = require('./keyward-setup');

const REQUESTS = Number(process.env.BENCH_REQUESTS || 2000);
const WARMUP_ROUNDS = 6;
const MAX_ROUNDS = 10;
/** Rounds in a row that must agree: two agreed while V8 still optimised, 6 % above where it settled. */
const AGREEING = 3;
const CONCURRENCY = 8;
const AGREEMENT = 0.01;
const DIST = process.env.BENCH_DIST || 'dist';
const SERVERS = process.env.BENCH_SERVERS ? process.env.BENCH_SERVERS.split(',').map((name) => name.trim()) : null;
const CACHE = process.env.BENCH_CACHE === '1';
const CACHE_DIR = '/sys/devices/system/cpu/cpu0/cache/index2';

/**
 * callgrind's last-level cache, as this machine's level 2 (size,ways,line): `--LL=1048576,8,64`.
 * Read from /sys, or from BENCH_LL where /sys does not describe the caches (some virtual machines,
 * the ones this project runs on among them): a guessed size would make the misses mean nothing.
 */
function level2() {
  const given = process.env.BENCH_LL;
  if (given !== undefined && given !== '') {
    if (!/^\d+,\d+,\d+$/.test(given)) throw new Error(`BENCH_LL must be size,ways,line, in bytes (e.g. 1048576,8,64), not ${JSON.stringify(given)}`);
    return `--LL=${given}`;
  }
  const read = (name) => readFileSync(`${CACHE_DIR}/${name}`, 'utf8').trim();
  let described;
  try {
    const size = /^(\d+)K$/.exec(read('size'));
    described = read('level') === '2' && size !== null ? `${Number(size[1]) * 1024},${read('ways_of_associativity')},${read('coherency_line_size')}` : null;
  } catch {
    described = null;
  }
  if (described === null) throw new Error(`BENCH_CACHE: ${CACHE_DIR} does not describe a level-2 cache on this machine; give it as BENCH_LL=size,ways,line in bytes (e.g. BENCH_LL=1048576,8,64: 1 MiB, 8 ways, 64-byte lines)`);
  return `--LL=${described}`;
}
const LEVEL2 = CACHE ? level2() : null;
const OUT = mkdtempSync(join(tmpdir(), 'keyward-callgrind-'));
const SIMULATION = CACHE ? ['--cache-sim=yes', LEVEL2] : [];

/** Starts `node args`, plain or under callgrind (slow to start: five minutes allowed). */
function start(label, args, env, ready, callgrind) {
  const argv = callgrind ? ['--tool=callgrind', '--smc-check=all-non-file', ...SIMULATION, `--callgrind-out-file=${join(OUT, label.replace(/\W+/g, '-'))}.%p`, process.execPath, ...args] : args;
  return startServer(label, callgrind ? 'valgrind' : process.execPath, argv, env, ready, 300_000);
}

/** Sends `count` requests, `CONCURRENCY` at a time over keep-alive connections; every answer must be 200. */
function drive(server, request, count) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const url = `${server.url}${request.path}`;
  const headers = { ...request.headers, 'content-length': Buffer.byteLength(request.body) };
  return new Promise((resolve, reject) => {
    let sent = 0;
    let done = 0;
    const next = () => {
      if (sent === count) return;
      sent += 1;
      http
        .request(url, { method: request.method, agent, headers }, (response) => {
          response.resume();
          response.on('end', () => {
            if (response.statusCode !== 200) return reject(new Error(`${server.label} ${request.path} answered ${response.statusCode}`));
            done += 1;
            if (done === count) {
              agent.destroy();
              resolve();
            } else next();
          });
        })
        .on('error', reject)
        .end(request.body);
    };
    for (let i = 0; i < Math.min(CONCURRENCY, count); i += 1) next();
  });
}

/**
 * callgrind_control talks to the process through files named after USER and HOST as the process
 * saw them: give it the server's environment.
 */
function control(server, flag) {
  const result = spawnSync('callgrind_control', [flag, String(server.child.pid)], { env: server.env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`callgrind_control ${flag} failed: ${result.stderr || result.stdout}`);
}

/**
 * The newest dump of `server`: all its instructions, and those spent on its sockets' input and
 * output (libuv's `uv__stream_io`, inclusive: parsing, the handler, the answer's write, and the
 * ticks and promises they run), which leave out timers and background work such as analytics flushes.
 * Under callgrind a second lasts 50-100 times fewer requests than at full speed, so work done once a
 * second weighs that much more in the total than it does in production.
 */
function lastDump(server) {
  const prefix = `${server.label.replace(/\W+/g, '-')}.${server.child.pid}.`;
  const dumps = readdirSync(OUT)
    .filter((name) => name.startsWith(prefix))
    .sort((a, b) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)));
  const file = join(OUT, dumps[dumps.length - 1]);
  const total = Number(/^totals: (\d+)/m.exec(readFileSync(file, 'utf8'))[1]);
  // One column per event (Ir, and with BENCH_CACHE the simulated misses), in the order shown.
  const shown = CACHE ? ['Ir', 'ILmr', 'DLmr', 'DLmw'] : ['Ir'];
  const annotated = spawnSync('callgrind_annotate', ['--inclusive=yes', '--threshold=100', `--show=${shown.join(',')}`, file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).stdout;
  const line = annotated.split('\n').find((text) => /\S*:uv__stream_io /.test(text));
  if (line === undefined) throw new Error(`no uv__stream_io in ${file}: is node built with symbols?`);
  const columns = [...line.matchAll(/([\d,]+) \(\s*[\d.]+%\)/g)].map((match) => Number(match[1].replace(/,/g, '')));
  const [io, codeMisses = 0, readMisses = 0, writeMisses = 0] = columns;
  return { total, io, codeMisses, dataMisses: readMisses + writeMisses };
}

/** Instructions per request of `request` on `server`, once the count has settled. */
async function measure(server, label, request, requests = REQUESTS) {
  await drive(server, request, requests * WARMUP_ROUNDS);
  const rounds = [];
  for (let i = 0; i < MAX_ROUNDS; i += 1) {
    control(server, '--zero');
    await drive(server, request, requests);
    control(server, '--dump');
    const { total, io, codeMisses, dataMisses } = lastDump(server);
    rounds.push({ total: total / requests, io: io / requests, codeMisses: codeMisses / requests, dataMisses: dataMisses / requests });
    const recent = rounds.slice(-AGREEING).map((round) => round.io);
    if (recent.length === AGREEING && (Math.max(...recent) - Math.min(...recent)) / Math.min(...recent) <= AGREEMENT) break;
  }
  // In all: the mean of the later half of the rounds (at least three). Background work and garbage
  // collection land in some rounds and not others (oidc-provider's count swung 1.09-2.06 M per token
  // between rounds of 500): a mean charges them to every request, as production does.
  const later = rounds.slice(-Math.max(AGREEING, Math.ceil(rounds.length / 2))).map((round) => round.total);
  const { io, codeMisses, dataMisses } = rounds[rounds.length - 1];
  const last = { io, codeMisses, dataMisses, total: later.reduce((sum, x) => sum + x, 0) / later.length };
  const k = (x) => Math.round(x / 100) / 10;
  console.log(`  ${label.padEnd(22)} ${Math.round(last.io).toLocaleString('en').padStart(9)} on the sockets, ${Math.round(last.total).toLocaleString('en').padStart(9)} in all   rounds ${rounds.map((round) => k(round.io)).join(' ')} k (in all ${rounds.map((round) => k(round.total)).join(' ')} k)${CACHE ? `; level-2 misses on the sockets: ${Math.round(codeMisses)} code, ${Math.round(dataMisses)} data` : ''}`);
  return last;
}

async function main() {
  if (spawnSync('valgrind', ['--version']).status !== 0) throw new Error('valgrind is not installed (Debian: apt-get install valgrind)');
  const { env, serviceToken, drop } = await benchDatabase();
  try {
    // The keys are made by a plain Keyward, which then makes way for one under callgrind.
    const setup = await start('keyward setup', [`${DIST}/server/cli.js`, 'serve'], env, KEYWARD_READY, false);
    const keys = await createBenchKeys(setup.url);
    setup.child.removeAllListeners('exit');
    await new Promise((resolve) => setup.child.once('exit', resolve).kill('SIGTERM'));
    const client = { id: 'bench-client', secret: `oidc-bench-secret-${Math.random().toString(36).slice(2)}` };
    const requests = benchRequests(keys, serviceToken, client);
    const figures = {};
    const take = async (label, args, serverEnv, ready, kinds) => {
      if (SERVERS !== null && !SERVERS.includes(label)) return;
      const server = await start(label, args, serverEnv, ready, true);
      for (const [kind, request, requestCount] of kinds) figures[`${label} ${kind}`] = await measure(server, `${label} ${kind}`, request, requestCount);
      server.child.removeAllListeners('exit');
      server.child.kill('SIGKILL');
    };
    const LISTENING = /LISTENING (\d+)/;
    const clientArgs = [client.id, client.secret];
    console.log(`Instructions per request under callgrind (on the sockets: what input and output ran; in all: with timers and background work): rounds of ${REQUESTS} requests (${CONCURRENCY} at a time) after ${WARMUP_ROUNDS} rounds of warm-up, until ${AGREEING} in a row agree within ${AGREEMENT * 100} %.\n`);
    // Two servers at a time: one core each.
    await Promise.all([
      take('keyward', [`${DIST}/server/cli.js`, 'serve'], env, KEYWARD_READY, [
        ['verify', requests.verify],
        ['governed', requests.governed],
        ['token', requests.token, REQUESTS / 2],
      ]).then(() => take('Fastify ES256', ['bench/fastify-token-server.js', ...clientArgs], {}, LISTENING, [['token', requests.floorToken, REQUESTS / 2]])),
      (async () => {
        await take('bare', ['bench/bare-server.js'], {}, LISTENING, [
          ['verify', requests.verify],
          ['governed', requests.governed],
        ]);
        await take('Fastify', ['bench/fastify-verify-server.js'], {}, LISTENING, [
          ['verify', requests.verify],
          ['governed', requests.governed],
        ]);
        await take('bare ES256', ['bench/bare-token-server.js', ...clientArgs], {}, LISTENING, [['token', requests.floorToken, REQUESTS / 2]]);
        await take('oidc-provider', ['bench/oidc-server.mjs', ...clientArgs], { NODE_ENV: 'production' }, LISTENING, [['token', requests.floorToken, REQUESTS / 4]]);
      })(),
    ]);
    // Verify: every side answers within its socket callbacks, so the sockets' share is the request's
    // work. Token: oidc-provider signs on libuv's thread pool and answers when that completes, outside
    // its socket callbacks, so every side is counted in all (Keyward's background work included).
    const ratio = (side, floor, measure) => (figures[floor] === undefined || figures[side] === undefined ? '?' : (figures[floor][measure] / figures[side][measure]).toFixed(2));
    console.log('\nResults: the floor\'s instructions / the side\'s (like a throughput ratio: higher is better; the kernel\'s share not counted)');
    console.log(`  verify (on the sockets)            ${ratio('keyward verify', 'bare verify', 'io')} of bare node:http, ${ratio('keyward verify', 'Fastify verify', 'io')} of Fastify`);
    console.log(`  governed verify (on the sockets)   ${ratio('keyward governed', 'bare governed', 'io')} of bare node:http answering the same bytes, ${ratio('keyward governed', 'Fastify governed', 'io')} of Fastify; governance costs ${figures['keyward governed'] === undefined ? '?' : Math.round(figures['keyward governed'].io - figures['keyward verify'].io).toLocaleString('en')} instructions`);
    console.log(`  token (in all)                     ${ratio('keyward token', 'oidc-provider token', 'total')}x oidc-provider; ${ratio('keyward token', 'bare ES256 token', 'total')} of the bare ES256 floor, ${ratio('keyward token', 'Fastify ES256 token', 'total')} of the Fastify one (floors: ${ratio('bare ES256 token', 'oidc-provider token', 'total')}x and ${ratio('Fastify ES256 token', 'oidc-provider token', 'total')}x oidc-provider)`);
    if (CACHE) {
      const misses = (side) => (figures[side] === undefined ? '?' : Math.round(figures[side].codeMisses + figures[side].dataMisses).toLocaleString('en'));
      console.log(`  level-2 misses per request, simulated (${LEVEL2.slice(5)}): verify ${misses('keyward verify')} against bare ${misses('bare verify')} and Fastify ${misses('Fastify verify')}; governed ${misses('keyward governed')} against ${misses('bare governed')} and ${misses('Fastify governed')}; token ${misses('keyward token')} against ${misses('bare ES256 token')} and ${misses('Fastify ES256 token')}`);
    }
    console.log(JSON.stringify({ date: new Date().toISOString(), requests: REQUESTS, instructionsPerRequest: Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, { sockets: Math.round(v.io), all: Math.round(v.total), ...(CACHE ? { level2Misses: { code: Math.round(v.codeMisses), data: Math.round(v.dataMisses) } } : {}) }])) }));
  } finally {
    stopServers('SIGKILL');
    rmSync(OUT, { recursive: true, force: true });
    await drop();
  }
}

runBenchmark(main, 'SIGKILL');
