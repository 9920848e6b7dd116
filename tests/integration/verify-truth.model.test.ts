import fc from 'fast-check';
import { parseSecret } from '../../server/api-keys/key-format';
import { Credential, MALFORMED_RESULT, NOT_FOUND_RESULT, resultFor, VerifyCode } from '../../server/credentials/credential';
import { CredentialStore } from '../../server/credentials/credential-store';
import { decide } from '../../server/credentials/verify-rules';
import { describeEachDialect } from '../helpers/databases';
import { SERVICE_TOKEN, startTestServer, TestServer } from '../helpers/server';
import { form, FORM, post, token, verify } from './credentials-fixtures';

const SERVICE_TOKEN_HEADER = { authorization: `Bearer ${SERVICE_TOKEN}` };

/**
 * SPEC 5a, model-based: random sequences of every operation that can change what verify, the
 * token endpoint or introspection answer, and after each step the answers through instance A's
 * cache (at once), through the cache of A's credentials thread (KEYWARD_CREDENTIALS_PORT, at once:
 * the thread link is exact) and through instance B's cache (within 1 s, through Redis) equal the
 * answers computed from a fresh read of the database. Nothing here names which cache entry an operation should
 * drop: an operation whose change does not reach the caches — today's or one added tomorrow to
 * OPERATIONS — shows up as a stale answer on whichever key the sequence happens to hold.
 */

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SCOPES = ['payments:write', 'refunds', 'disputes:read'] as const;
const ACCOUNT_SECRETS = ['Account-Secret-One-1', 'Account-Secret-Two-2', 'Account-Secret-Three-3'];
const WITHIN_MS = 1000;

interface HeldKey {
  id: string;
  secrets: string[];
  temporary: boolean;
}

interface World {
  organizationId: string;
  applications: string[];
  keys: HeldKey[];
  /** Tokens issued along the way, with the secret they were issued for. */
  tokens: Array<{ token: string; secret: string }>;
  accountSecret: string | null;
  accountSecretIndex: number;
}

const OPERATIONS = [
  'createKey', 'createLiveKey', 'updateScopes', 'updateMetadata', 'updateWebhookUrl', 'updateDestination', 'updateExpiryEarlier', 'updateExpiryLater', 'updateName',
  'rotate', 'rotateWithGrace', 'expireOldSecret', 'revoke', 'renameApplication', 'disableApplication', 'enableApplication',
  'kybApprove', 'kybReject', 'policyTokenTtl', 'policyLiveDowngrade', 'renameOrganization', 'issueAndExchange', 'changeAccountSecret',
  'advanceClock', 'runJobs', 'issueToken',
] as const;
type Operation = (typeof OPERATIONS)[number];

interface Step {
  readonly op: Operation;
  readonly a: number;
  readonly b: number;
}

const step = fc.record({ op: fc.constantFrom(...OPERATIONS), a: fc.nat(1000), b: fc.nat(1000) });

/** What verify answers for `secret` by a fresh database read: the cache-bypassing path, for this test only. */
async function freshCredential(t: TestServer, secret: string): Promise<Credential | null> {
  if (parseSecret(secret) === null) return null;
  return new CredentialStore(t.server.services.db).findBySecretHash(t.server.services.keyring.hashSecret(secret));
}

async function freshVerify(t: TestServer, secret: string, requiredScopes: string[]): Promise<unknown> {
  if (parseSecret(secret) === null) return JSON.parse(JSON.stringify(MALFORMED_RESULT));
  const credential = await freshCredential(t, secret);
  if (!credential) return JSON.parse(JSON.stringify(NOT_FOUND_RESULT));
  return JSON.parse(JSON.stringify(resultFor(credential, decide(credential, t.clock.now(), requiredScopes))));
}

/** The parts of a token answer that follow from the key: whether it is issued, its scope and lifetime. */
async function freshTokenAnswer(t: TestServer, secret: string): Promise<unknown> {
  const credential = await freshCredential(t, secret);
  if (!credential || decide(credential, t.clock.now(), undefined) !== VerifyCode.VALID) return { status: 401 };
  return { status: 200, scope: credential.scopes.join(' '), expires_in: credential.tokenTtlSeconds };
}

async function observedTokenAnswer(t: TestServer, keyId: string, secret: string): Promise<unknown> {
  const answer = await token(t, keyId, secret);
  return answer.status === 200 ? { status: 200, scope: answer.body.scope, expires_in: answer.body.expires_in } : { status: answer.status };
}

async function freshIntrospection(t: TestServer, held: { token: string; secret: string }): Promise<boolean> {
  const credential = await freshCredential(t, held.secret);
  const claims = JSON.parse(Buffer.from(held.token.split('.')[1]!, 'base64url').toString()) as { exp: number; scope: string };
  if (!credential || claims.exp * 1000 <= t.clock.now().getTime()) return false;
  const status = decide({ ...credential, secretStatus: 'ACTIVE' as never, secretExpiresAt: null }, t.clock.now(), claims.scope ? claims.scope.split(' ') : []);
  return status === VerifyCode.VALID;
}

async function observedIntrospection(t: TestServer, held: { token: string }): Promise<boolean> {
  const answer = await post(t, '/oauth/introspect', form({ token: held.token }), { ...FORM, ...SERVICE_TOKEN_HEADER });
  if (answer.status !== 200) throw new Error(`introspection answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body.active === true;
}

/** Everything the three endpoints answer about the world's keys, as seen by `t` or read fresh. */
async function answers(t: TestServer, world: World, fresh: boolean): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const key of world.keys.slice(-6)) {
    for (const secret of key.secrets.slice(-2)) {
      for (const required of [[], ['refunds']]) {
        out.push(fresh ? await freshVerify(t, secret, required) : (await verify(t, secret, required)).body);
      }
      out.push(fresh ? await freshTokenAnswer(t, secret) : await observedTokenAnswer(t, key.id, secret));
    }
  }
  for (const held of world.tokens.slice(-3)) out.push(fresh ? await freshIntrospection(t, held) : await observedIntrospection(t, held));
  return out;
}

describeEachDialect('verify, token and introspection answer from the committed truth (model-based, two instances)', (dialect) => {
  let a: TestServer;
  /** A's credentials thread: its own cache, in the same process, fed by the thread link. */
  let thread: TestServer;
  let b: TestServer;
  let admin: string;

  beforeAll(async () => {
    a = await startTestServer(dialect, { REDIS_URL, KEYWARD_WEBHOOK_ALLOW_PRIVATE: 'true', KEYWARD_CREDENTIALS_PORT: '0', KEYWARD_MANAGEMENT_PRIORITY: 'normal' });
    thread = { ...a, url: a.server.credentialsUrl! };
    const database = a.server.services.config.database;
    const databaseUrl = database.type === 'mysql' ? database.url : `sqlite:${database.path}`;
    b = await startTestServer(dialect, { REDIS_URL, KEYWARD_WEBHOOK_ALLOW_PRIVATE: 'true' }, { databaseUrl });
    b.clock.set(a.clock.now());
    admin = await a.adminToken();
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const gql = async (query: string, variables: Record<string, unknown>): Promise<Record<string, any> | null> => {
    const answer = await a.gql(query, variables, admin);
    const internal = answer.errors?.find((e) => e.extensions?.code === 'INTERNAL' || e.extensions?.code === 'UNAVAILABLE');
    if (internal) throw new Error(`${internal.extensions?.code}: ${internal.message} for ${query}`);
    return answer.errors?.length ? null : (answer.data ?? null);
  };

  const pick = <T>(items: readonly T[], n: number): T | undefined => (items.length ? items[n % items.length] : undefined);
  const permanentKeys = (world: World) => world.keys.filter((k) => !k.temporary);

  async function newKey(world: World, applicationId: string, environment: 'TEST' | 'LIVE', scopes: readonly string[]): Promise<void> {
    const data = await gql('mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }', {
      input: { applicationId, name: `key-${world.keys.length}`, description: 'model', environment, scopes },
    });
    if (data) world.keys.push({ id: data.createApiKey.apiKey.id, secrets: [data.createApiKey.secret], temporary: false });
  }

  async function apply(world: World, { op, a: n, b: m }: Step): Promise<void> {
    const key = pick(permanentKeys(world), n);
    const application = pick(world.applications, m)!;
    const scopes = SCOPES.filter((_, i) => ((n + 1) >> i) & 1);
    const update = (input: Record<string, unknown>) => key && gql('mutation($id: ID!, $input: UpdateApiKeyInput!) { updateApiKey(id: $id, input: $input) { id } }', { id: key.id, input });
    switch (op) {
      case 'createKey':
        return newKey(world, application, 'TEST', scopes);
      case 'createLiveKey':
        return newKey(world, application, 'LIVE', scopes);
      case 'updateScopes':
        await update({ scopes: scopes.length ? scopes : ['payments:write'] });
        return;
      case 'updateMetadata':
        await update({ metadata: { plan: `p${m}` } });
        return;
      case 'updateWebhookUrl':
        await update({ webhookUrl: m % 3 === 0 ? null : `https://hooks.example.test/${m}` });
        return;
      case 'updateDestination':
        await update({ destination: `acct_${m}` });
        return;
      case 'updateExpiryEarlier':
        await update({ expiresAt: new Date(a.clock.now().getTime() + 1000 + (m % 5) * 1000).toISOString() });
        return;
      case 'updateExpiryLater':
        await update({ expiresInDays: 1 + (m % 30) });
        return;
      case 'updateName':
        await update({ name: `renamed-${m}` });
        return;
      case 'rotate':
      case 'rotateWithGrace': {
        if (!key) return;
        const data = await gql('mutation($id: ID!, $g: Int) { rotateApiKey(id: $id, gracePeriodSeconds: $g) { secret } }', { id: key.id, g: op === 'rotate' ? 0 : 5 });
        if (data) key.secrets.push(data.rotateApiKey.secret);
        return;
      }
      case 'expireOldSecret': {
        if (!key) return;
        const data = await gql('query($id: ID!) { apiKey(id: $id) { secrets { id status } } }', { id: key.id });
        const secret = data?.apiKey.secrets.find((s: { status: string }) => s.status === 'ACTIVE');
        if (secret) await gql('mutation($k: ID!, $s: ID!) { expireApiKeySecret(apiKeyId: $k, secretId: $s) { id } }', { k: key.id, s: secret.id });
        return;
      }
      case 'revoke':
        if (key) await gql('mutation($id: ID!) { revokeApiKey(id: $id, reason: "model") { id } }', { id: key.id });
        return;
      case 'renameApplication':
        await gql('mutation($id: ID!, $input: UpdateApplicationInput!) { updateApplication(id: $id, input: $input) { id } }', { id: application, input: { name: `app-${m}-${n}` } });
        return;
      case 'disableApplication':
      case 'enableApplication':
        await gql('mutation($id: ID!, $e: Boolean!) { setApplicationEnabled(id: $id, isEnabled: $e) { id } }', { id: application, e: op === 'enableApplication' });
        return;
      case 'kybApprove':
      case 'kybReject':
        await gql('mutation($id: ID!, $s: KybStatus!) { setKybStatus(organizationId: $id, status: $s) { id } }', { id: world.organizationId, s: op === 'kybApprove' ? 'APPROVED' : 'REJECTED' });
        return;
      case 'policyTokenTtl':
        await gql('mutation($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { id } }', { id: world.organizationId, input: { keyPolicy: { tokenTtlSeconds: 60 + m * 7 } } });
        return;
      case 'policyLiveDowngrade':
        await gql('mutation($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { id } }', { id: world.organizationId, input: { keyPolicy: { liveKeysBeforeKyb: m % 2 ? 'DOWNGRADE_TO_TEST' : 'INACTIVE' } } });
        return;
      case 'renameOrganization':
        await gql('mutation($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { id } }', { id: world.organizationId, input: { name: `Org ${m}-${n}` } });
        return;
      case 'issueAndExchange': {
        const issued = await gql('mutation($input: IssueTemporaryApiKeyInput!) { issueTemporaryApiKey(input: $input) { secret apiKey { id } } }', {
          input: { applicationId: application, name: `tmp-${world.keys.length}`, description: 'model', environment: m % 2 ? 'LIVE' : 'TEST', scopes },
        });
        if (!issued) return;
        const temporary: HeldKey = { id: issued.issueTemporaryApiKey.apiKey.id, secrets: [issued.issueTemporaryApiKey.secret], temporary: true };
        world.keys.push(temporary);
        if (n % 3 === 0) return; // left pending: verify answers TEMPORARY_KEY
        const secret = world.accountSecret ?? ACCOUNT_SECRETS[0]!;
        const exchanged = await a.gql('mutation($t: String!, $s: String!) { exchangeTemporaryApiKey(temporaryKey: $t, accountSecret: $s) { secret apiKey { id } } }', { t: temporary.secrets[0], s: secret });
        if (exchanged.data?.exchangeTemporaryApiKey) {
          world.accountSecret = secret;
          world.keys.push({ id: exchanged.data.exchangeTemporaryApiKey.apiKey.id, secrets: [exchanged.data.exchangeTemporaryApiKey.secret], temporary: false });
        }
        return;
      }
      case 'changeAccountSecret': {
        if (!world.accountSecret) return;
        world.accountSecretIndex = (world.accountSecretIndex + 1) % ACCOUNT_SECRETS.length;
        const next = `${ACCOUNT_SECRETS[world.accountSecretIndex]}${world.organizationId.slice(-4)}`;
        const data = await gql('mutation($o: ID!, $c: String, $n: String!) { setAccountSecret(organizationId: $o, currentSecret: $c, newSecret: $n) { id } }', { o: world.organizationId, c: world.accountSecret, n: next });
        if (data) world.accountSecret = next;
        return;
      }
      case 'advanceClock': {
        const ms = [500, 2_000, 6_000, 61_000][m % 4]!;
        a.clock.advance(ms);
        b.clock.set(a.clock.now());
        return;
      }
      case 'runJobs':
        await a.server.services.lifecycleJobs.runOnce(a.clock.now());
        return;
      case 'issueToken': {
        const holder = pick(permanentKeys(world), m);
        const secret = holder?.secrets.at(-1);
        if (!holder || !secret) return;
        const answer = await token(a, holder.id, secret);
        if (answer.status === 200) world.tokens.push({ token: answer.body.access_token, secret });
        return;
      }
      default: {
        const unknown: never = op;
        throw new Error(`unknown operation ${String(unknown)}`);
      }
    }
  }

  async function setUp(): Promise<World> {
    const org = await gql('mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }', { input: { name: `Model ${Math.random().toString(36).slice(2, 8)}` } });
    const world: World = { organizationId: org!.createOrganization.id, applications: [], keys: [], tokens: [], accountSecret: null, accountSecretIndex: 0 };
    for (const name of ['one', 'two']) {
      const app = await gql('mutation($input: CreateApplicationInput!) { createApplication(input: $input) { id } }', { input: { organizationId: world.organizationId, name } });
      world.applications.push(app!.createApplication.id);
    }
    await newKey(world, world.applications[0]!, 'TEST', ['payments:write', 'refunds']);
    await newKey(world, world.applications[1]!, 'LIVE', ['refunds']);
    return world;
  }

  it("after every step, A and A's credentials thread answer like a fresh read at once, and B within 1 s", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: 12 }), async (steps) => {
        const world = await setUp();
        // Warm both caches: every later check is against what they hold.
        await answers(a, world, false);
        await answers(thread, world, false);
        await answers(b, world, false);
        for (const [index, s] of steps.entries()) {
          await apply(world, s);
          const expected = await answers(a, world, true);
          const seenByA = await answers(a, world, false);
          if (JSON.stringify(seenByA) !== JSON.stringify(expected)) {
            throw new Error(`instance A is stale after step ${index} ${JSON.stringify(s)}:\n${diff(expected, seenByA)}`);
          }
          const seenByThread = await answers(thread, world, false);
          if (JSON.stringify(seenByThread) !== JSON.stringify(expected)) {
            throw new Error(`A's credentials thread is stale after step ${index} ${JSON.stringify(s)}:\n${diff(expected, seenByThread)}`);
          }
          const started = Date.now();
          for (;;) {
            const seenByB = await answers(b, world, false);
            if (JSON.stringify(seenByB) === JSON.stringify(expected)) break;
            if (Date.now() - started > WITHIN_MS) throw new Error(`instance B is stale ${WITHIN_MS} ms after step ${index} ${JSON.stringify(s)}:\n${diff(expected, seenByB)}`);
            await new Promise((resolve) => setTimeout(resolve, 25));
          }
        }
      }),
      { numRuns: Number(process.env.MODEL_RUNS ?? 8), endOnFailure: true },
    );
    // Every change described itself: nothing fell back to dropping the whole cache.
    expect(a.server.services.metrics.unattributedChanges).toBe(0);
  }, 300_000);
});

function diff(expected: unknown[], seen: unknown[]): string {
  return expected
    .map((e, i) => (JSON.stringify(e) === JSON.stringify(seen[i]) ? null : `  #${i} expected ${JSON.stringify(e)}\n      seen ${JSON.stringify(seen[i])}`))
    .filter((line) => line !== null)
    .join('\n');
}
