/**
 * The README's examples, run in the order printed against a fresh server, so the README cannot drift.
 *
 * CONVENTION (also in the README's "Contributing" section). Put a marker comment on the line before a
 * fenced block to make it part of this test:
 *
 *     <!-- readme-test -->
 *     ```graphql
 *     mutation { createApplication(input: { organizationId: "org_…", name: "Web" }) { id } }
 *     ```
 *
 * - ```graphql blocks: every operation in the block runs, in order, as the platform admin (a fresh
 *   session). Any error fails the test.
 * - ```sh blocks: run with `sh -c`; `http://127.0.0.1:4000` is replaced by the test server's URL and
 *   `$SERVICE_TOKEN` is set. Each command must exit 0.
 * - ```js blocks: run with `node` as an ES module (imports resolve from the repository);
 *   `ws://127.0.0.1:4000` is replaced, `KEYWARD_TOKEN` (admin session) and `ORG_ID` (an organization
 *   of its own) are set. The block must print a subscription event once a key of ORG_ID is revoked.
 * - Placeholders: write an id or secret as its prefix followed by `…` (`"org_…"`, `"key_…"`,
 *   `"sec_…"`, `"whe_…"`, `"tok_…"`, `"usr_…"`, `sk_live_…`, `sk_test_…`, `tk_live_…`, `pat_…`).
 *   It is replaced by the first value with that prefix in the answer of the most recent
 *   MUTATION that returned one (queries never set placeholders). So select the id you mean first.
 * - Marker options, space-separated, e.g. `<!-- readme-test as=anonymous keep=org_ -->`:
 *   `as=anonymous`   send no Authorization header (e.g. exchangeTemporaryApiKey);
 *   `keep=P1,P2`     answers of this block do not replace these placeholders (e.g. a connected
 *                    account must not become the "org_…" of later examples);
 *   `fill=NAME`      a bare `"…"` is replaced by a named value: ADMIN_PASSWORD;
 *   `vars=v:P,…`     operation variables: `$v` gets the current value of placeholder P (`vars=id:org_`);
 *   `expect=TEXT`    (sh) the output must contain TEXT, e.g. `expect="code":"VALID"` (no spaces).
 * Examples therefore must run top to bottom on a fresh database: an example must not depend on
 * something the README has not done before it, nor leave state that breaks a later one.
 */
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kind, OperationDefinitionNode, parse, print } from 'graphql';
import { GraphQLResponse, SERVICE_TOKEN, startTestServer, TestServer } from '../helpers/server';

const ROOT = join(__dirname, '..', '..');
const README_ADMIN_EMAIL = 'admin@localhost';
const README_ADMIN_PASSWORD = 'Readme-admin-password-1';
const run = promisify(execFile);

export interface ReadmeExample {
  readonly line: number;
  readonly lang: string;
  readonly body: string;
  readonly options: Record<string, string>;
}

/** Fenced blocks preceded by `<!-- readme-test … -->`, in document order. */
export function extractExamples(markdown: string): ReadmeExample[] {
  const lines = markdown.split('\n');
  const examples: ReadmeExample[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const marker = /^<!--\s*readme-test\b(.*?)-->\s*$/.exec(lines[i]!);
    if (!marker) continue;
    const fence = /^```(\w+)\s*$/.exec(lines[i + 1] ?? '');
    if (!fence) throw new Error(`README.md:${i + 1}: a readme-test marker must be followed by a fenced block`);
    const end = lines.findIndex((l, j) => j > i + 1 && l.startsWith('```'));
    if (end < 0) throw new Error(`README.md:${i + 2}: unterminated block`);
    const options = Object.fromEntries(
      marker[1]!
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map((pair) => {
          const eq = pair.indexOf('=');
          return eq < 0 ? [pair, 'true'] : [pair.slice(0, eq), pair.slice(eq + 1)];
        }),
    );
    examples.push({ line: i + 3, lang: fence[1]!, body: lines.slice(i + 2, end).join('\n'), options });
    i = end;
  }
  return examples;
}

const PLACEHOLDER = /\b(sk_live_|sk_test_|tk_live_|tk_test_|whsec_|pat_|org_|app_|key_|sec_|whe_|tok_|usr_|mem_|evt_)…/g;
const VALUE = /^(sk_live_|sk_test_|tk_live_|tk_test_|whsec_|pat_|org_|app_|key_|sec_|whe_|tok_|usr_|mem_|evt_)[0-9A-Za-z_-]+$/;

class Placeholders {
  private readonly values = new Map<string, string>();

  fill(text: string, where: string): string {
    return text.replace(PLACEHOLDER, (_m, prefix: string) => {
      const value = this.values.get(prefix);
      if (value === undefined) throw new Error(`${where}: no earlier example produced a ${prefix}… value`);
      return value;
    });
  }

  get(prefix: string, where: string): string {
    const value = this.values.get(prefix);
    if (value === undefined) throw new Error(`${where}: no earlier example produced a ${prefix}… value`);
    return value;
  }

  /** The first value of each prefix in the answer, in document order. */
  record(answer: unknown, keep: readonly string[]): void {
    const seen = new Set<string>();
    const walk = (value: unknown): void => {
      if (typeof value === 'string') {
        const match = VALUE.exec(value);
        if (match && !seen.has(match[1]!) && !keep.includes(match[1]!)) {
          seen.add(match[1]!);
          this.values.set(match[1]!, value);
        }
      } else if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') Object.values(value).forEach(walk);
    };
    walk(answer);
  }
}

describe('README examples, in order, on a fresh server', () => {
  let t: TestServer;
  let adminSession: string;
  const placeholders = new Placeholders();
  const examples = extractExamples(readFileSync(join(ROOT, 'README.md'), 'utf8'));

  beforeAll(async () => {
    t = await startTestServer('sqlite', { KEYWARD_ADMIN_EMAIL: README_ADMIN_EMAIL, KEYWARD_ADMIN_PASSWORD: README_ADMIN_PASSWORD });
    // The examples name hosts like example.com: webhook deliveries must never leave this machine.
    await t.server.services.events.worker.stop();
    const login = await t.ok<{ login: { token: string } }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: README_ADMIN_EMAIL, p: README_ADMIN_PASSWORD });
    adminSession = login.login.token;
  });
  afterAll(async () => t?.close());

  it('the README has runnable examples of each kind', () => {
    expect(examples.length).toBeGreaterThan(10);
    expect(new Set(examples.map((e) => e.lang))).toEqual(new Set(['graphql', 'sh', 'js']));
  });

  it('every marked example runs, top to bottom', async () => {
    for (const example of examples) {
      const where = `README.md:${example.line} (${example.lang})`;
      const keep = (example.options.keep ?? '').split(',').filter(Boolean);
      let body = example.body;
      if (example.options.fill === 'ADMIN_PASSWORD') body = body.replace(/"…"/g, JSON.stringify(README_ADMIN_PASSWORD));
      // GraphQL placeholders are filled per operation: an operation may use what the one before it made.
      if (example.lang === 'graphql') await runGraphQL(body, example, where, keep);
      else if (example.lang === 'sh') await runShell(placeholders.fill(body, where), example, where);
      else if (example.lang === 'js') await runScript(placeholders.fill(body, where), where);
      else throw new Error(`${where}: readme-test does not run ${example.lang} blocks`);
    }
  });

  async function runGraphQL(body: string, example: ReadmeExample, where: string, keep: string[]): Promise<void> {
    const document = parse(body);
    const variables = Object.fromEntries(
      (example.options.vars ?? '')
        .split(',')
        .filter(Boolean)
        .map((pair) => {
          const [name, prefix] = pair.split(':');
          return [name!, placeholders.get(prefix!, where)];
        }),
    );
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      const operation = placeholders.fill(print(definition), where);
      if (definition.operation === 'subscription') {
        await runSubscription(operation, where);
        continue;
      }
      const token = example.options.as === 'anonymous' ? undefined : adminSession;
      const answer: GraphQLResponse = await t.gql(operation, variables, token);
      if (answer.errors?.length) throw new Error(`${where}: ${firstLine(operation)} answered ${JSON.stringify(answer.errors)}`);
      if ((definition as OperationDefinitionNode).operation === 'mutation') placeholders.record(answer.data, keep);
    }
  }

  /** A subscription example must be accepted: subscribed without an error within a second. */
  async function runSubscription(operation: string, where: string): Promise<void> {
    const { createClient } = await import('graphql-ws');
    const WebSocket = (await import('ws')).default;
    const client = createClient({ url: `${t.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${adminSession}` }, retryAttempts: 0 });
    try {
      const failure = await new Promise<unknown>((resolve) => {
        client.subscribe({ query: operation }, { next: () => resolve(null), error: resolve, complete: () => resolve(null) });
        setTimeout(() => resolve(null), 1000);
      });
      if (failure) throw new Error(`${where}: ${firstLine(operation)} failed: ${JSON.stringify(failure)}`);
    } finally {
      await client.dispose();
    }
  }

  async function runShell(body: string, example: ReadmeExample, where: string): Promise<void> {
    const script = body.replaceAll('http://127.0.0.1:4000', t.url);
    const { stdout } = await run('sh', ['-ec', script], { env: { ...process.env, SERVICE_TOKEN }, timeout: 30_000 }).catch((error: { stderr?: string; message: string }) => {
      throw new Error(`${where}: failed: ${error.stderr || error.message}`);
    });
    if (example.options.expect && !stdout.includes(example.options.expect)) throw new Error(`${where}: output does not contain ${example.options.expect}: ${stdout}`);
  }

  async function runScript(body: string, where: string): Promise<void> {
    const script = body.replaceAll('ws://127.0.0.1:4000', t.url.replace('http', 'ws'));
    // Its own organization, so the check's key neither meets nor changes the README's state.
    const organizationId = (await t.ok<{ createOrganization: { id: string } }>('mutation { createOrganization(input: { name: "Readme subscriber check", keyPolicy: { keyCreationsPerMinutePerUser: 60 } }) { id } }', {}, adminSession)).createOrganization.id;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env: { ...process.env, KEYWARD_TOKEN: adminSession, ORG_ID: organizationId } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      // Revoke a fresh key every second until the script, once subscribed, prints the event.
      const app = await t.ok<{ createApplication: { id: string } }>('mutation($o: ID!) { createApplication(input: { organizationId: $o, name: "Readme subscriber check" }) { id } }', { o: organizationId }, adminSession);
      const deadline = Date.now() + 20_000;
      while (!output.includes('REVOKED') && Date.now() < deadline && child.exitCode === null) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const key = await t.ok<{ createApiKey: { apiKey: { id: string } } }>('mutation($a: ID!) { createApiKey(input: { applicationId: $a, name: "k", description: "k", environment: TEST }) { apiKey { id } } }', { a: app.createApplication.id }, adminSession);
        await t.ok('mutation($k: ID!) { revokeApiKey(id: $k, reason: "readme") { id } }', { k: key.createApiKey.apiKey.id }, adminSession);
      }
      if (!output.includes('REVOKED')) throw new Error(`${where}: the script printed no event: ${output}`);
    } finally {
      child.kill();
    }
  }
});

const firstLine = (operation: string): string => operation.split('\n')[0]!.slice(0, 80);
