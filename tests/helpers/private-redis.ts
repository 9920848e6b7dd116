import { ChildProcess, spawn } from 'node:child_process';
import Redis from 'ioredis';
import { freePort } from './private-mariadb';

/**
 * A Redis server of the test's own (own port, no persistence) so a fault test can kill and
 * restart it without touching the shared one.
 */
export class PrivateRedis {
  private process: ChildProcess | null = null;
  private constructor(readonly port: number) {}

  static async create(): Promise<PrivateRedis> {
    for (let attempt = 1; ; attempt += 1) {
      const redis = new PrivateRedis(await freePort());
      try {
        await redis.start();
        return redis;
      } catch (error) {
        await redis.kill();
        if (attempt === 3) throw error;
      }
    }
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], { stdio: 'ignore' });
    this.process = child;
    const deadline = Date.now() + 20_000;
    for (;;) {
      const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      try {
        await probe.connect();
        await probe.ping();
        return;
      } catch (error) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`redis-server exited (${child.exitCode ?? child.signalCode}) before it answered on port ${this.port}`);
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      } finally {
        probe.disconnect();
      }
    }
  }

  /** SIGKILL: what a crashed or failed-over Redis looks like to its clients. */
  async kill(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.process = null;
  }
}
