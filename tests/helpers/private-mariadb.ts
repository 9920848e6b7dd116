import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { createConnection } from 'mysql2/promise';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A port the OS says is free right now (a fixed random range could hit another test's ephemeral port). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * A MariaDB server of the test's own (own data directory, own port) so a fault test can kill
 * and restart it without touching the shared server.
 */
export class PrivateMariaDb {
  private process: ChildProcess | null = null;
  private constructor(
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<PrivateMariaDb> {
    const dir = mkdtempSync(join(tmpdir(), 'keyward-mariadb-'));
    await run('mariadb-install-db', ['--no-defaults', `--datadir=${join(dir, 'data')}`, '--user=root', '--auth-root-authentication-method=normal', '--skip-test-db'], { timeout: 60_000 });
    // A port taken between the probe and the server's bind makes mariadbd exit at once: try another.
    for (let attempt = 1; ; attempt += 1) {
      const db = new PrivateMariaDb(dir, await freePort());
      try {
        await db.start();
        return db;
      } catch (error) {
        await db.kill();
        if (attempt === 3) throw error;
      }
    }
  }

  get url(): string {
    return `mysql://root@127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn('/usr/sbin/mariadbd', ['--no-defaults', `--datadir=${join(this.dir, 'data')}`, `--port=${this.port}`, '--bind-address=127.0.0.1', `--socket=${join(this.dir, 'sock')}`, '--user=root', `--pid-file=${join(this.dir, 'pid')}`, '--skip-log-bin', '--innodb-buffer-pool-size=32M'], { stdio: 'ignore' });
    this.process = child;
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const connection = await createConnection({ uri: this.url, connectTimeout: 1000 });
        await connection.end();
        return;
      } catch (error) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`mariadbd exited (${child.exitCode ?? child.signalCode}) before it answered on port ${this.port}`);
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  /** SIGKILL: the way a crash or a lost host looks to clients. */
  async kill(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.process = null;
  }

  async destroy(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
