import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * KEYWARD_HEAP_GROWING_PERCENT (README, "The credentials port"): `applyHeapGrowing` sets V8's heap
 * growing factor before the credentials thread starts, so a worker holding a large live set (the
 * verify cache) collects the garbage that survives to its old generation instead of letting the
 * heap grow to several times the live size. Measured on the effect, in child processes (a V8 flag
 * holds for the whole process): the same worker, the same allocations, with and without it.
 */
const ROOT = join(__dirname, '..', '..');
const WORKER = `
const v8 = require('node:v8');
const live = [];
for (let i = 0; i < 300000; i += 1) live.push({ a: 'k' + i, b: i, c: [i] });
// Objects that outlive a few scavenges (so they reach the old generation), then die.
const ring = new Array(200000);
let peak = 0;
for (let i = 0; i < 20000000; i += 1) {
  ring[i % ring.length] = { x: 'v' + i, y: [i, i + 1], z: { w: i } };
  if (i % 10000 === 0) peak = Math.max(peak, v8.getHeapStatistics().total_heap_size);
}
require('node:worker_threads').parentPort.postMessage(peak + live.length * 0);
`;
const MAIN = `
const { applyHeapGrowing } = require(${JSON.stringify(join(ROOT, 'server', 'startup.ts'))});
if (process.env.PERCENT) applyHeapGrowing(Number(process.env.PERCENT));
const { Worker } = require('node:worker_threads');
const worker = new Worker(${JSON.stringify(WORKER)}, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 192 } });
worker.on('message', (peak) => { console.log('PEAK ' + Math.round(peak / 1048576)); process.exit(0); });
`;

function peakHeapMb(percent: string): number {
  const child = spawnSync(process.execPath, ['-r', '@swc-node/register', '-e', MAIN], { cwd: ROOT, env: { ...process.env, PERCENT: percent }, encoding: 'utf8', timeout: 60_000 });
  const peak = /PEAK (\d+)/.exec(child.stdout);
  if (peak === null) throw new Error(`the child printed no peak: ${child.stdout} ${child.stderr}`);
  return Number(peak[1]);
}

describe('the heap growing factor', () => {
  it('keeps a worker with a large live set and promoted garbage near its live size', () => {
    const own = peakHeapMb('');
    const bounded = peakHeapMb('20');
    expect(bounded).toBeLessThan(own * 0.8);
  }, 120_000);

  it('0 leaves V8 its own factor', () => {
    const own = peakHeapMb('');
    const zero = peakHeapMb('0');
    expect(zero).toBeGreaterThan(own * 0.8);
  }, 120_000);
});
