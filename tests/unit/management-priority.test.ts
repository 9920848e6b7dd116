import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * KEYWARD_MANAGEMENT_PRIORITY (README, "The credentials port"): lowerManagementPriority changes the
 * main thread only — in a child process, so this test's own thread keeps its priority.
 */
const ROOT = join(__dirname, '..', '..');
const script = (priority: string): string => `
  const { lowerManagementPriority } = require('./server/credentials-thread');
  const { getPriority } = require('node:os');
  const { execFileSync } = require('node:child_process');
  const quiet = { warn() {}, info() {}, error() {} };
  lowerManagementPriority('${priority}', quiet).then((applied) => {
    const policy = execFileSync('chrt', ['-p', String(process.pid)]).toString();
    console.log(JSON.stringify({ applied, nice: getPriority(process.pid), idle: /SCHED_IDLE/.test(policy) }));
  });
`;
const run = (priority: string): { applied: string; nice: number; idle: boolean } =>
  JSON.parse(execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', script(priority)], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'test' } }).toString().trim().split('\n').pop()!);

const linuxWithChrt = process.platform === 'linux' && (() => {
  try {
    execFileSync('chrt', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

(linuxWithChrt ? describe : describe.skip)('the main thread gives way to the credentials thread', () => {
  it('idle is SCHED_IDLE, low is nice 19, normal changes nothing', () => {
    expect(run('idle')).toEqual({ applied: 'idle', nice: 0, idle: true });
    expect(run('low')).toEqual({ applied: 'low', nice: 19, idle: false });
    expect(run('normal')).toEqual({ applied: 'normal', nice: 0, idle: false });
  }, 60_000);
});
