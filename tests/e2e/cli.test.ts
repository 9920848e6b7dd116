import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createOrganization } from '../helpers/fixtures';
import { SERVICE_TOKEN, startTestServer, TestServer } from '../helpers/server';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

function keyward(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'server', 'cli.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', ...env },
    timeout: 60_000,
  });
}

describe('keyward CLI', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('sqlite');
  });
  afterAll(async () => t?.close());

  it('gql runs an operation from a file with --var values and a token', async () => {
    const org = await createOrganization(t);
    const dir = mkdtempSync(join(tmpdir(), 'kw-cli-'));
    const file = join(dir, 'create-app.graphql');
    writeFileSync(file, 'mutation($org: ID!, $name: String!) { createApplication(input: { organizationId: $org, name: $name }) { id name } }');
    const { stdout } = await keyward(['gql', file, '--var', `org=${org.id}`, '--var', 'name=From a script', '--url', t.url, '--token', await t.adminToken()]);
    const body = JSON.parse(stdout);
    expect(body.data.createApplication.name).toBe('From a script');
  });

  it('gql exits non-zero and prints the error code when the operation fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-cli-'));
    const file = join(dir, 'me.graphql');
    writeFileSync(file, '{ me { email } }');
    const failure = await keyward(['gql', file], { KEYWARD_URL: t.url }).catch((error: { code: number; stdout: string }) => error);
    expect((failure as { code: number }).code).toBe(2);
    expect(JSON.parse((failure as { stdout: string }).stdout).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('migrate applies migrations to a fresh database and then reports it up to date', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-cli-'));
    const env = { DATABASE_URL: `sqlite:${join(dir, 'k.sqlite')}`, KEYWARD_DATA_DIR: dir };
    expect((await keyward(['migrate'], env)).stdout).toMatch(/applied: Initial/);
    expect((await keyward(['migrate'], env)).stdout).toMatch(/up to date/);
  });

  it('create-admin creates a platform admin who can sign in; a bad setting stops with a one-line message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-cli-'));
    const env = { DATABASE_URL: `sqlite:${join(dir, 'k.sqlite')}`, KEYWARD_DATA_DIR: dir };
    const { stdout } = await keyward(['create-admin', '--email', 'ops@example.test', '--password', 'Ops-password-123'], env);
    expect(stdout).toMatch(/created platform admin ops@example.test/);
    const bad = await keyward(['migrate'], { ...env, PORT: 'eighty' }).catch((error: { code: number; stderr: string }) => error);
    expect((bad as { code: number }).code).toBe(1);
    expect((bad as { stderr: string }).stderr.trim()).toBe('keyward: configuration error: PORT: must be a port number 0-65535, got "eighty"');
  });

  it('gql with no server names the URL and how to set it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-cli-'));
    const file = join(dir, 'me.graphql');
    writeFileSync(file, '{ me { email } }');
    const failure = (await keyward(['gql', file], { KEYWARD_URL: 'http://127.0.0.1:9' }).catch((error: unknown) => error)) as { code: number; stderr: string };
    expect(failure.code).toBe(1);
    expect(failure.stderr).toMatch(/^keyward: cannot reach Keyward at http:\/\/127\.0\.0\.1:9\/graphql \(.+\): start it with "npx keyward serve", or point to it with --url or KEYWARD_URL/);
  });

  it('demo creates an organization, application and TEST key whose printed curl line answers VALID', async () => {
    // The demo writes to the database the running server serves (here: the test server's SQLite file).
    const env = { DATABASE_URL: t.server.services.config.database.type === 'sqlite' ? `sqlite:${(t.server.services.config.database as { path: string }).path}` : '', KEYWARD_DATA_DIR: t.server.services.config.dataDir, KEYWARD_SECRET: t.server.services.config.secret, KEYWARD_SERVICE_TOKENS: SERVICE_TOKEN, PORT: new URL(t.url).port, HOST: '127.0.0.1' };
    const { stdout } = await keyward(['demo'], env);
    expect(stdout).toMatch(/^Demo organization org_\w+, application app_\w+, TEST key key_\w+\.$/m);
    expect(stdout).toMatch(new RegExp(`^Console: ${t.url}/$`, 'm'));
    const curl = /^ {2}(curl .*)$/m.exec(stdout)![1]!;
    const { stdout: answer } = await run('sh', ['-c', curl], { timeout: 20_000 });
    expect(JSON.parse(answer)).toMatchObject({ valid: true, code: 'VALID', environment: 'TEST' });
    // A second run reuses the demo organization and application.
    const again = (await keyward(['demo'], env)).stdout;
    expect(/organization (org_\w+)/.exec(again)![1]).toBe(/organization (org_\w+)/.exec(stdout)![1]);
  });

  it('demo refuses to run in production', async () => {
    const failure = (await keyward(['demo'], { NODE_ENV: 'production' }).catch((error: unknown) => error)) as { code: number; stderr: string };
    expect(failure.code).toBe(1);
    expect(failure.stderr).toMatch(/demo: refuses to run with NODE_ENV=production/);
  });
});
