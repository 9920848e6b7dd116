import { mkdtempSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { loadConfig } from '../../server/config';
import { startServer } from '../../server/main';
import { createApiKey, createApplication, createOrganization } from '../helpers/fixtures';
import { SERVICE_TOKEN, startTestServer, TestServer } from '../helpers/server';

/**
 * Start-up as an operator meets it: every failure names the setting and the fix, and instances of
 * one deployment (one KEYWARD_ISSUER, any ports) accept each other's sessions and tokens.
 */

const freePort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
};

const devEnv = (dir: string, extra: Record<string, string> = {}): Record<string, string> => ({
  NODE_ENV: 'test',
  HOST: '127.0.0.1',
  PORT: '0',
  KEYWARD_DATA_DIR: dir,
  DATABASE_URL: `sqlite:${join(dir, 'k.sqlite')}`,
  KEYWARD_SERVICE_TOKENS: SERVICE_TOKEN,
  ...extra,
});

describe('start-up errors name the setting and the fix', () => {
  it('a KEYWARD_SECRET that does not match the database names KEYWARD_SECRET, not a cipher error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-startup-'));
    const first = await startServer({ config: loadConfig(devEnv(dir, { KEYWARD_SECRET: 'first-secret-0123456789-0123456789-abcdef' })), jobIntervalMs: 0, eventPollMs: 0 });
    await first.close();
    const failure = await startServer({ config: loadConfig(devEnv(dir, { KEYWARD_SECRET: 'other-secret-0123456789-0123456789-abcdef' })), jobIntervalMs: 0, eventPollMs: 0 }).then(
      () => null,
      (error: Error) => error,
    );
    expect(failure?.message).toMatch(/^KEYWARD_SECRET: does not match/);
    expect(failure?.message).toMatch(/keyward-secret/);
    expect(failure?.message).not.toMatch(/Unsupported state/);
  });

  it('Redis unreachable at start names REDIS_URL and the address', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-startup-'));
    const port = await freePort();
    const failure = await startServer({ config: loadConfig(devEnv(dir, { REDIS_URL: `redis://:pw-not-shown@127.0.0.1:${port}` })) }).catch((error: Error) => error);
    expect((failure as Error).message).toMatch(new RegExp(`^REDIS_URL: cannot reach Redis at 127\\.0\\.0\\.1:${port} \\(.*ECONNREFUSED`));
    expect((failure as Error).message).not.toMatch(/pw-not-shown/);
  });

  it('an unreachable MySQL or bad credentials name DATABASE_URL, never the password', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-startup-'));
    const port = await freePort();
    const refused = await startServer({ config: loadConfig(devEnv(dir, { DATABASE_URL: `mysql://keyward:s3cret-pass@127.0.0.1:${port}/keyward` })) }).catch((error: Error) => error);
    expect((refused as Error).message).toMatch(new RegExp(`^DATABASE_URL: cannot connect to MySQL at 127\\.0\\.0\\.1:${port} as "keyward"`));
    expect((refused as Error).message).not.toMatch(/s3cret-pass/);
    if (process.env.MYSQL_URL !== 'off') {
      const mysql = new URL(process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306');
      const denied = await startServer({ config: loadConfig(devEnv(dir, { DATABASE_URL: `mysql://no_such_user_kw:s3cret-pass@${mysql.host}/keyward` })) }).catch((error: Error) => error);
      expect((denied as Error).message).toMatch(/^DATABASE_URL: cannot connect to MySQL at .* as "no_such_user_kw" \((ER_ACCESS_DENIED|ECONNREFUSED)/);
      expect((denied as Error).message).not.toMatch(/s3cret-pass/);
    }
  });

  it('a PORT in use stops the start before the first admin is created, so no password is printed for an admin nobody can use', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-startup-'));
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const printed: string[] = [];
    try {
      const failure = await startServer({ config: loadConfig(devEnv(dir, { PORT: String(port) })), announce: (line) => printed.push(line), jobIntervalMs: 0, eventPollMs: 0 }).catch((error: Error) => error);
      expect((failure as Error).message).toBe(`PORT: 127.0.0.1:${port} is already in use (another Keyward?): stop that process or choose another PORT (or HOST)`);
      expect(printed.join('\n')).not.toMatch(/password/);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
    // The next start on a free port creates the admin and prints its password, once.
    const next = await startServer({ config: loadConfig(devEnv(dir)), announce: (line) => printed.push(line), jobIntervalMs: 0, eventPollMs: 0 });
    await next.close();
    expect(printed.filter((line) => /Created platform admin admin@localhost with password /.test(line))).toHaveLength(1);
  });
});

describe.each([
  ['one KEYWARD_ISSUER', { KEYWARD_ISSUER: 'https://keys.example.test' }],
  ['no KEYWARD_ISSUER (development)', {}],
])('two instances on different ports with %s share sessions and tokens', (_label, issuerEnv: Record<string, string>) => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-two-'));
    const databaseUrl = `sqlite:${join(dir, 'shared.sqlite')}`;
    a = await startTestServer('sqlite', { PORT: String(await freePort()), ...issuerEnv }, { databaseUrl });
    b = await startTestServer('sqlite', { PORT: String(await freePort()), ...issuerEnv }, { databaseUrl });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('a session from one instance works on the other over HTTP and graphql-ws (no 4403)', async () => {
    expect(new URL(a.url).port).not.toBe(new URL(b.url).port);
    const token = await a.adminToken();
    expect((await b.ok<{ me: { email: string } }>('{ me { email } }', {}, token)).me.email).toBe('admin@keyward.test');
    const client = createClient({ url: `${b.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0, lazy: true });
    const outcome = await new Promise<unknown>((resolve) => {
      client.on('connected', () => resolve('connected'));
      client.on('closed', (event) => resolve((event as { code?: number }).code));
      client.subscribe({ query: 'subscription($o: ID!) { apiKeyStatusChanged(organizationId: $o) { status } }', variables: { o: 'org_none' } }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    });
    await client.dispose();
    expect(outcome).toBe('connected');
  });

  // Access tokens carry `iss`, the URL clients reach Keyward at: only one KEYWARD_ISSUER makes it shared.
  (issuerEnv.KEYWARD_ISSUER ? it : it.skip)('introspection on one instance accepts the access tokens of the other', async () => {
    const org = await createOrganization(a);
    const key = await createApiKey(a, (await createApplication(a, org.id)).id, { environment: 'TEST' });
    const issued = await fetch(`${a.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: key.id, client_secret: key.secret }).toString(),
    });
    const { access_token: accessToken } = (await issued.json()) as { access_token: string };
    expect(accessToken).toBeTruthy();
    const introspected = await fetch(`${b.url}/oauth/introspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${SERVICE_TOKEN}` },
      body: new URLSearchParams({ token: accessToken }).toString(),
    });
    expect(((await introspected.json()) as { active: boolean }).active).toBe(true);
  });
});
