import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `url` until it answers 200 (or throws after `timeoutMs`). */
export async function waitForOk(url: string, timeoutMs: number, isAlive: () => boolean = () => true): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (!isAlive()) throw new Error(`${url}: the process exited before it answered`);
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await sleep(200);
  }
}

/** One `keyward serve` process (the real command, as an operator runs it), logging to a file. */
export class KeywardProcess {
  private child: ChildProcess | null = null;
  exit: string | null = null;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
    readonly logFile: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get alive(): boolean {
    return this.child !== null && this.exit === null;
  }

  async start(timeoutMs = 120_000): Promise<void> {
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'server', 'cli.ts'), 'serve'], {
      cwd: ROOT,
      env: { ...process.env, ...this.env, PORT: String(this.port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    child.once('exit', (code, signal) => (this.exit = signal ?? `exit ${code}`));
    this.child = child;
    await waitForOk(`${this.url}/readyz`, timeoutMs, () => this.exit === null);
  }

  /** Resident memory in bytes, from /proc (Linux). */
  rss(): number {
    if (!this.alive || !this.pid) return 0;
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  }

  /** SIGKILL: a lost host or an OOM kill, no shutdown at all. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || this.exit !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM: the graceful shutdown (cut off after 20 s by the server itself). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || this.exit !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(25_000)]);
    if (this.exit === null) await this.kill();
  }
}

/**
 * The HAProxy configuration the README recommends, for servers on `ports`: health checks on
 * /readyz for the API; the verify and token paths, which keep answering from their caches while
 * the database is away, are checked on /healthz (liveness) so that an outage does not take them
 * out of rotation. Read-only paths are retried on another server when a connection fails or dies
 * without an answer; GraphQL only when the request could not be sent (mutations are retried by
 * the client, with idempotency keys).
 */
export function haproxyConfig(listenPort: number, ports: number[]): string {
  const servers = ports.map((port, i) => `  server keyward${i + 1} 127.0.0.1:${port} check`).join('\n');
  return `global
  maxconn 4096

defaults
  mode http
  option http-server-close
  timeout connect 1s
  timeout client 60s
  timeout server 30s
  timeout tunnel 1h
  timeout http-request 10s
  retries 3
  option redispatch 1
  # A loaded host answers slowly: a server is out after 3 failed checks (a dead one refuses at
  # once, and conn-failure retries redispatch meanwhile), back after 2 good ones.
  timeout check 3s
  default-server inter 1s fall 3 rise 2

frontend keyward
  bind 127.0.0.1:${listenPort}
  acl credentials path /v1/keys/verify /oauth/token /v1/auth/token /oauth/introspect
  use_backend keyward_credentials if credentials
  default_backend keyward_api

backend keyward_api
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  retry-on conn-failure
${servers}

backend keyward_credentials
  balance roundrobin
  option httpchk GET /healthz
  http-check expect status 200
  retry-on conn-failure empty-response
${servers}
`;
}

export class HaproxyProcess {
  private child: ChildProcess | null = null;
  exit: string | null = null;

  constructor(
    readonly port: number,
    private readonly configFile: string,
    readonly logFile: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(config: string): Promise<void> {
    writeFileSync(this.configFile, config);
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn('/usr/sbin/haproxy', ['-db', '-f', this.configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    child.once('exit', (code, signal) => (this.exit = signal ?? `exit ${code}`));
    this.child = child;
    await waitForOk(`${this.url}/readyz`, 30_000, () => this.exit === null);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || this.exit !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(5000)]);
    if (this.exit === null) child.kill('SIGKILL');
  }
}
