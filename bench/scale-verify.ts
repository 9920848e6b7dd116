/**
 * The verify-side figures of issue 19, on the database bench/scale.ts loaded (keys with the
 * derivable secrets of scaleSecret): Keyward runs as `keyward serve` (the build in dist/, as in
 * production) in a child process, the bare
 * node:http + mysql2 floor (bench/bare-lookup-server.js) in another, and this process is the load
 * generator (autocannon). On Linux with taskset this process keeps core 0 and the servers get core 1,
 * as in bench/run.js. MariaDB is not pinned. Each figure is printed with the load average.
 *
 *   (b) cache-miss throughput vs the bare floor: back-to-back rounds, each side verifying keys
 *       nobody has verified yet (Keyward from the first key up, the floor from the last key down);
 *   (c) RSS with every key cached: the rest of the keys verified once each;
 *   (a) verify p99 on cached keys at a fixed rate, idle vs while the dashboard query runs back to back;
 *   (d) the hit ratio of a working set within capacity (all the keys) over time, from /metrics.
 */
import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { scaleKeyIsActive, scaleSecret } from './scale-seed';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (options: Record<string, unknown>, done: (error: Error | null, result: Cannon) => void) => unknown;

interface Cannon {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; p999?: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}

export interface VerifyOptions {
  readonly env: Record<string, string>;
  readonly keys: number;
  readonly serviceToken: string;
  readonly sessionToken: string;
  readonly organizationId: string;
  readonly dataDir: string;
}

const ROOT = join(__dirname, '..');
const SECONDS = Number(process.env.SCALE_VERIFY_SECONDS ?? 5);
const ROUNDS = Number(process.env.SCALE_VERIFY_ROUNDS ?? 3);
const FILL_SECONDS = Number(process.env.SCALE_FILL_SECONDS ?? 420);
const HIT_SECONDS = Number(process.env.SCALE_HIT_SECONDS ?? 120);
const CONNECTIONS = 50;
/** Which verify figures (b, c, a, d; all by default): `SCALE_VERIFY_PARTS=a` measures only the p99 during dashboard queries. */
const VERIFY_PARTS = new Set((process.env.SCALE_VERIFY_PARTS ?? 'a,b,c,d').split(',').map((part) => part.trim()));
/** Verify on the credentials thread (KEYWARD_CREDENTIALS_PORT, the default here) or, with SCALE_CREDENTIALS_THREAD=0, on the main port beside GraphQL. */
const THREAD = process.env.SCALE_CREDENTIALS_THREAD !== '0';
/** SCALE_SERVER_LOG=/tmp/x keeps the servers' output (e.g. with SCALE_SERVER_NODE_ARGS=--trace-gc) in /tmp/x.keyward and /tmp/x.bare. */
const SERVER_LOG = process.env.SCALE_SERVER_LOG;
const DASHBOARD = 'query($o: ID!) { organization(id: $o) { applications(limit: 50) { totalItems items { id name apiKeys(limit: 20) { id name status keyPrefix lastUsedAt secrets { id keyPrefix status } } } } } }';

const load = (): string => `load ${loadavg()[0]!.toFixed(2)}`;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const PINNING = process.platform === 'linux' && spawnSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' }).status === 0;

function start(label: string, args: string[], env: Record<string, string>, ready: RegExp, children: ChildProcess[]): Promise<{ child: ChildProcess; url: string; credentialsUrl?: string }> {
  return new Promise((resolve, reject) => {
    const fullEnv = { ...process.env, ...env };
    // SCALE_SERVER_NODE_ARGS: node flags for the servers (V8 flags such as --trace-gc are refused in NODE_OPTIONS).
    args = [...(process.env.SCALE_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean), ...args];
    const child = PINNING ? spawn('taskset', ['-c', '1', process.execPath, ...args], { cwd: ROOT, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] }) : spawn(process.execPath, args, { cwd: ROOT, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${label} did not start in 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      if (SERVER_LOG) appendFileSync(`${SERVER_LOG}.${label.split(' ')[0]}`, chunk);
      output += chunk.toString();
      if (output.length > 100_000) output = output.slice(-50_000);
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!.startsWith('http') ? match[1]! : `http://127.0.0.1:${match[1]}`, credentialsUrl: match[2] });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited with ${code}:\n${output}`));
    });
  });
}

/** The process's own pid under taskset (taskset execs the command, so the pid is the same). */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.split(/\s+/)[1]) / 1024;
}

function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function metrics(url: string): Promise<{ hits: number; misses: number; entries: number; analytics: string; heapMb: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name: string): number => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  const analytics = `analytics pending ${value('keyward_analytics_pending_entries')} folded ${value('keyward_analytics_folded_total')} unattributed ${value('keyward_analytics_unattributed_total')}`;
  return { hits: value('keyward_verify_cache_hits_total'), misses: value('keyward_verify_cache_misses_total'), entries: value('keyward_verify_cache_entries'), analytics, heapMb: value('keyward_nodejs_heap_size_used_bytes') / 1048576 };
}

export async function verifyFigures(options: VerifyOptions): Promise<void> {
  const children: ChildProcess[] = [];
  try {
    const env = { ...options.env, KEYWARD_DATA_DIR: options.dataDir, LOG_LEVEL: 'warn', REDIS_URL: '', KEYWARD_VERIFY_CACHE_ENTRIES: String(Math.max(options.keys + 100_000, 500_000)) };
    const threadEnv: Record<string, string> = THREAD ? { KEYWARD_CREDENTIALS_PORT: '0' } : {};
    const server = await start('keyward', ['dist/server/cli.js', 'serve'], { ...env, ...threadEnv }, THREAD ? /Keyward is listening on (http:\/\/[^\s,]+)[^]*Credentials thread is listening on (http:\/\/[^\s,]+)/ : /listening on (http:\/\/[^\s,]+)/, children);
    // Management (the dashboard query) goes to the main port; verify and /metrics to the credentials thread's.
    const keyward = { child: server.child, url: server.credentialsUrl ?? server.url };
    const management = server.url;
    const bare = await start('bare node:http + mysql2', ['bench/bare-lookup-server.js'], env, /LISTENING (\d+)/, children);
    const kPid = keyward.child.pid!;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${options.serviceToken}` };
    const body = (i: number): string => JSON.stringify({ key: scaleSecret(i), requiredScopes: ['payments:write'] });
    for (const [i, expected] of [[0, 'VALID'], [1, 'VALID'], [85, 'REVOKED']] as const) {
      for (const url of [keyward.url, bare.url]) {
        const answer = (await (await fetch(`${url}/v1/keys/verify`, { method: 'POST', headers, body: body(i) })).json()) as { code: string };
        if (answer.code !== expected) throw new Error(`verify of key ${i} at ${url} answered ${JSON.stringify(answer)}, expected ${expected}`);
      }
    }
    const rssStart = rssMb(kPid);
    console.log(`\nVerify at ${options.keys.toLocaleString('en-US')} keys: Keyward (keyward serve, KEYWARD_VERIFY_CACHE_ENTRIES=${env.KEYWARD_VERIFY_CACHE_ENTRIES}, no Redis, verify ${THREAD ? 'on the credentials thread (KEYWARD_CREDENTIALS_PORT), dashboards on the main port' : 'and dashboards on the main port (SCALE_CREDENTIALS_THREAD=0)'}) vs bare node:http + mysql2 (bench/bare-lookup-server.js)${PINNING ? '; load generator on core 0, servers on core 1, MariaDB unpinned' : ''}. RSS after start ${rssStart.toFixed(0)} MB. ${load()}`);

    let current: { stop(): void } | undefined;
    const cannon = (url: string, extra: Record<string, unknown>, next: () => number): Promise<Cannon> =>
      new Promise((resolve, reject) => {
        current = autocannon({ url: `${url}/v1/keys/verify`, method: 'POST', headers, connections: CONNECTIONS, pipelining: 1, ...extra, requests: [{ setupRequest: (request: Record<string, unknown>) => ({ ...request, body: body(next()) }) }] }, (error, result) => (error ? reject(error) : resolve(result))) as { stop(): void };
      });

    // (b) cache misses: every request a key neither side has verified yet.
    let up = 3; // keys 0..2 were probes
    let down = options.keys - 1;
    const missSides = [
      { label: 'bare node:http + mysql2', url: bare.url, pid: bare.child.pid!, next: () => down-- },
      { label: 'keyward verify, misses', url: keyward.url, pid: kPid, next: () => up++ },
    ];
    let fillStart = Date.now();
    if (VERIFY_PARTS.has('b')) {
      for (const side of missSides) await cannon(side.url, { duration: 2 }, side.next);
      const rounds: Array<Record<string, { rps: number; p99: number; cpuUs: number }>> = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const figures: Record<string, { rps: number; p99: number; cpuUs: number }> = {};
        for (const side of round % 2 === 0 ? missSides : [...missSides].reverse()) {
          const cpu = cpuMs(side.pid);
          const result = await cannon(side.url, { duration: SECONDS }, side.next);
          const cpuUs = ((cpuMs(side.pid) - cpu) * 1000) / result.requests.total;
          figures[side.label] = { rps: result.requests.average, p99: result.latency.p99, cpuUs };
          console.log(`  ${side.label.padEnd(26)} ${result.requests.average.toFixed(0).padStart(6)} req/s  p99 ${result.latency.p99} ms  ${cpuUs.toFixed(0)} µs server CPU/request  non-2xx ${result.non2xx}  errors ${result.errors + result.timeouts}  ${load()}`);
        }
        rounds.push(figures);
      }
      const ratios = rounds.map((r) => r['keyward verify, misses']!.rps / r['bare node:http + mysql2']!.rps);
      const missRatio = median(ratios);
      console.log(`(b) cache-miss throughput ratio keyward / bare floor: ${missRatio.toFixed(2)} (rounds ${ratios.map((r) => r.toFixed(2)).join(' ')}; goal >= 0.8: ${missRatio >= 0.8 ? 'met' : 'MISSED'}); keys verified so far ${up.toLocaleString('en-US')}`);
    }

    // (c) every key once: the rest of them, then the process's RSS.
    fillStart = Date.now();
    if (VERIFY_PARTS.has('c')) {
      const first = up;
      // Bounded (SCALE_FILL_SECONDS, default 420): on a busy machine the figure is then per entry.
      const fill = await cannon(keyward.url, { duration: FILL_SECONDS, timeout: 30 }, () => {
        if (up >= options.keys) {
          current?.stop();
          return options.keys - 1;
        }
        return up++;
      });
      const remaining = up - first;
      const fillSeconds = (Date.now() - fillStart) / 1000;
      const afterFill = await metrics(keyward.url);
      const rssFull = rssMb(kPid);
      console.log(`(c) verified ${up >= options.keys ? 'the other' : `only (time bound) ${up.toLocaleString('en-US')} keys in all:`} ${remaining.toLocaleString('en-US')} keys once each in ${fillSeconds.toFixed(0)} s (${(remaining / fillSeconds).toFixed(0)} req/s, p99 ${fill.latency.p99} ms, non-2xx ${fill.non2xx}, errors ${fill.errors + fill.timeouts}); cache entries ${afterFill.entries.toLocaleString('en-US')}; RSS ${rssFull.toFixed(0)} MB (goal <= 1,229 MB: ${rssFull <= 1.2 * 1024 ? 'met' : 'MISSED'}), ${(((rssFull - rssStart) * 1024 * 1024) / Math.max(afterFill.entries, 1)).toFixed(0)} bytes per entry over the RSS after start${afterFill.entries < options.keys ? `, so about ${(rssStart + ((rssFull - rssStart) * options.keys) / Math.max(afterFill.entries, 1)).toFixed(0)} MB at ${options.keys.toLocaleString('en-US')} entries (projected, not measured)` : ''}. ${load()}`);
    }

    // (a) cached keys at a fixed rate, idle vs while the dashboard query runs back to back.
    if (VERIFY_PARTS.has('a')) {
      // After a fill, the lastUsedAt and usage-count writes it caused settle first: otherwise the
      // first idle round measures MariaDB catching up, not verify.
      if (VERIFY_PARTS.has('c')) await sleep(30_000);
      const hot = 1000;
      let h = 0;
      const hotNext = (): number => (h++ * 7919) % hot;
      const saturated = await cannon(keyward.url, { duration: SECONDS }, hotNext);
      const rate = Math.floor(saturated.requests.average / 2);
      console.log(`(a) cached verify saturated: ${saturated.requests.average.toFixed(0)} req/s, p99 ${saturated.latency.p99} ms; measuring at a fixed ${rate} req/s (half of that), 10 connections. ${load()}`);
      const idle: number[] = [];
      const busy: number[] = [];
      const dashboardTimes: number[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const quiet = await cannon(keyward.url, { duration: SECONDS * 2, connections: 10, overallRate: rate }, hotNext);
        idle.push(quiet.latency.p99);
        let running = true;
        const loop = (async () => {
          while (running) {
            const startedAt = Date.now();
            const response = await fetch(`${management}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${options.sessionToken}` }, body: JSON.stringify({ query: DASHBOARD, variables: { o: options.organizationId } }) });
            const answer = (await response.json()) as { errors?: unknown[] };
            if (answer.errors) throw new Error(`dashboard: ${JSON.stringify(answer.errors)}`);
            dashboardTimes.push(Date.now() - startedAt);
          }
        })();
        const during = await cannon(keyward.url, { duration: SECONDS * 2, connections: 10, overallRate: rate }, hotNext);
        running = false;
        await loop;
        busy.push(during.latency.p99);
        console.log(`  round ${round + 1}: idle p99 ${quiet.latency.p99} ms (max ${quiet.latency.max} ms, ${quiet.requests.average.toFixed(0)} req/s); during dashboard queries p99 ${during.latency.p99} ms (max ${during.latency.max} ms, ${during.requests.average.toFixed(0)} req/s). ${load()}`);
      }
      const p99Ratio = median(busy.map((b, i) => Math.max(b, 1) / Math.max(idle[i]!, 1)));
      console.log(`(a) p99 during / idle: ${p99Ratio.toFixed(2)} (goal <= 2: ${p99Ratio <= 2 ? 'met' : 'MISSED'}); ${dashboardTimes.length} dashboard queries, median ${median(dashboardTimes)} ms, max ${Math.max(...dashboardTimes)} ms; RSS ${rssMb(kPid).toFixed(0)} MB`);
    }
    if (!VERIFY_PARTS.has('d')) return;

    // (d) hit ratio over time: the active keys verified so far (all of them when the fill
    // finished; within capacity either way), drawn at random.
    const workingSet = Math.min(up, options.keys);
    const activeKey = (): number => {
      for (;;) {
        const i = Math.floor(Math.random() * workingSet);
        if (scaleKeyIsActive(i)) return i;
      }
    };
    console.log(`(d) hit ratio of a working set of the ${Math.round(workingSet * 0.85).toLocaleString('en-US')} active keys among the ${workingSet.toLocaleString('en-US')} verified so far (capacity ${env.KEYWARD_VERIFY_CACHE_ENTRIES}), random keys for ${HIT_SECONDS} s, from /metrics every 10 s (per interval); the first keys were cached ${((Date.now() - fillStart) / 1000).toFixed(0)} s + the miss rounds ago (max age ${Number(process.env.KEYWARD_VERIFY_CACHE_MAX_AGE_SECONDS ?? 600)} s)`);
    let before = await metrics(keyward.url);
    let stop = false;
    const sampler = (async () => {
      const ratios: number[] = [];
      for (let t = 10; !stop; t += 10) {
        await sleep(10_000);
        const now = await metrics(keyward.url);
        const hits = now.hits - before.hits;
        const misses = now.misses - before.misses;
        ratios.push(hits / Math.max(hits + misses, 1));
        console.log(`  t=${String(t).padStart(3)} s  hits ${hits}  misses ${misses}  ratio ${(hits / Math.max(hits + misses, 1)).toFixed(4)}  entries ${now.entries}  RSS ${rssMb(kPid).toFixed(0)} MB  heap ${now.heapMb.toFixed(0)} MB  ${now.analytics}  ${load()}`);
        before = now;
      }
      return ratios;
    })();
    const random = await cannon(keyward.url, { duration: HIT_SECONDS }, activeKey);
    stop = true;
    const intervals = await sampler;
    const lowest = Math.min(...intervals);
    console.log(`(d) ${random.requests.total.toLocaleString('en-US')} verifies, ${random.requests.average.toFixed(0)} req/s, p99 ${random.latency.p99} ms; lowest 10 s hit ratio ${lowest.toFixed(4)} (goal >= 0.99: ${lowest >= 0.99 ? 'met' : 'MISSED'} over ${HIT_SECONDS} s${HIT_SECONDS < 600 ? ", not the goal's 10 minutes" : ""}); RSS ${rssMb(kPid).toFixed(0)} MB. ${load()}`);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await sleep(500);
  }
}
