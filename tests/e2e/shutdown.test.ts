import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';

const ROOT = join(__dirname, '..', '..');

function waitFor(child: ChildProcess, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; output so far:\n${seen}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  });
}

describe('keyward serve', () => {
  it('on SIGTERM closes WebSockets with 1001, finishes, and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-serve-'));
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'server', 'cli.ts'), 'serve'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', PORT: '0', KEYWARD_DATA_DIR: dir, DATABASE_URL: `sqlite:${join(dir, 'k.sqlite')}`, KEYWARD_ADMIN_PASSWORD: 'Serve-test-password-1', KEYWARD_ADMIN_EMAIL: 'admin@serve.test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const line = await waitFor(child, /listening on (http:\/\/\S+) /);
      const url = /http:\/\/\S+/.exec(line)![0];
      const login = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'mutation { login(email: "admin@serve.test", password: "Serve-test-password-1") { token } }' }) });
      const token = ((await login.json()) as any).data.login.token;
      const socket = new WebSocket(`${url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
      await new Promise((resolve) => socket.once('open', resolve));
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
      await new Promise((resolve) => socket.once('message', resolve));
      const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await closed).toBe(1001);
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
