import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, getNamedType, GraphQLArgument, GraphQLEnumType, GraphQLInputField, GraphQLInputObjectType, GraphQLInputType, GraphQLList, GraphQLNonNull, GraphQLScalarType, isNonNullType } from 'graphql';
import { describeEachDialect } from '../helpers/databases';
import { createUser, unique } from '../helpers/fixtures';
import { errorCode, startTestServer, TestServer } from '../helpers/server';

/**
 * SPEC 10: "a token limited to one organization and VIEWER can do nothing more anywhere". The
 * table is every mutation of the emitted schema (a new one joins it by itself), called with
 * arguments generated from its signature and aimed at real objects in the token's organization
 * and in another one, by a user who is OWNER of both and a platform admin. The limited token must
 * be refused (FORBIDDEN or NOT_FOUND) and change nothing; the same call with the same user's
 * unlimited token must succeed, which shows the arguments were right.
 */
const schema = buildSchema(readFileSync(join(__dirname, '..', '..', 'schema.graphql'), 'utf8'));
const mutations = Object.values(schema.getMutationType()!.getFields());
/** They authenticate with their own credential, not a session or token. */
const SESSIONLESS = new Set(['login', 'completeLogin', 'exchangeTemporaryApiKey']);
/** The control cannot succeed with generated input: they need a factor enrolment under way, or a factor. */
const NO_CONTROL = new Set(['confirmTotpEnrollment', 'finishPasskeyEnrollment', 'removeSecondFactor']);
const ACCOUNT_SECRET = 'Account-Secret-1234A';
/** Every row makes keys in the home organization: lift its per-minute creation limit. */
const MANY_KEYS = { keyCreationsPerMinutePerUser: 1000, maxKeysPerApplication: 1000 };
const PAT = 'mutation($input: CreatePersonalAccessTokenInput!) { createPersonalAccessToken(input: $input) { token personalAccessToken { id } } }';

interface World {
  readonly organizationId: string;
  readonly applicationId: string;
  readonly apiKeyId: string;
  readonly secretId: string;
  readonly endpointId: string;
  readonly memberId: string;
  readonly spareTokenId: string;
  readonly newcomerEmail: string;
}

describeEachDialect('personal access tokens limited to an organization and a role (SPEC 10)', (dialect) => {
  let t: TestServer;
  let owner: { id: string; email: string; password: string; token: string };
  let full: string;
  let home: string;
  beforeAll(async () => {
    t = await startTestServer(dialect, { KEYWARD_WEBHOOK_ALLOW_PRIVATE: 'true' });
    const admin = await t.adminToken();
    const email = `${unique('owner')}@example.test`.toLowerCase();
    await t.ok('mutation($input: CreateUserInput!) { createUser(input: $input) { id } }', { input: { email, password: 'Owner-password-123', isPlatformAdmin: true } }, admin);
    const session = (await t.ok('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token user { id } } }', { e: email, p: 'Owner-password-123' })).login;
    owner = { id: session.user.id, email, password: 'Owner-password-123', token: session.token };
    full = (await t.ok(PAT, { input: { name: 'full', expiresInDays: 30 } }, owner.token)).createPersonalAccessToken.token;
    home = (await t.ok('mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }', { input: { name: unique('Home'), ownerEmail: owner.email, keyPolicy: MANY_KEYS } }, full)).createOrganization.id;
  }, 120_000);
  afterAll(async () => t?.close());

  /** An organization the owner owns, with one of everything a mutation can aim at. */
  async function world(organizationId?: string): Promise<World> {
    const orgId = organizationId ?? (await t.ok('mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }', { input: { name: unique('Org'), ownerEmail: owner.email, keyPolicy: MANY_KEYS } }, full)).createOrganization.id;
    const app = (await t.ok('mutation($input: CreateApplicationInput!) { createApplication(input: $input) { id } }', { input: { organizationId: orgId, name: unique('App') } }, full)).createApplication.id;
    const hasSecret = (await t.ok('query($id: ID!) { organization(id: $id) { hasAccountSecret } }', { id: orgId }, full)).organization.hasAccountSecret;
    if (!hasSecret) await t.ok('mutation($o: ID!, $s: String!) { setAccountSecret(organizationId: $o, newSecret: $s) { id } }', { o: orgId, s: ACCOUNT_SECRET }, full);
    const key = (
      await t.ok('mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id secrets { id } } } }', { input: { applicationId: app, name: unique('key'), description: 'd', environment: 'TEST', scopes: ['payments:write'], recoverable: true } }, full)
    ).createApiKey.apiKey;
    await t.ok('mutation($id: ID!) { rotateApiKey(id: $id) { apiKey { id } } }', { id: key.id }, full);
    const endpoint = (await t.ok('mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { webhookEndpoint { id } } }', { input: { organizationId: orgId, url: 'https://127.0.0.1:9/hooks' } }, full)).createWebhookEndpoint.webhookEndpoint.id;
    const member = await createUser(t, 'member');
    await t.ok('mutation($o: ID!, $e: String!) { addMember(organizationId: $o, email: $e, role: VIEWER) { id } }', { o: orgId, e: member.email }, full);
    const newcomer = await createUser(t, 'newcomer');
    const spare = (await t.ok(PAT, { input: { name: 'spare', expiresInDays: 30 } }, owner.token)).createPersonalAccessToken.personalAccessToken.id;
    return { organizationId: orgId, applicationId: app, apiKeyId: key.id, secretId: key.secrets[0].id, endpointId: endpoint, memberId: member.id, spareTokenId: spare, newcomerEmail: newcomer.email };
  }

  /** The object an `id` argument names, by the mutation's name. */
  function idFor(mutation: string, w: World): string {
    if (/WebhookEndpoint/.test(mutation)) return w.endpointId;
    if (/ApiKey/.test(mutation)) return w.apiKeyId;
    if (/Application/.test(mutation)) return w.applicationId;
    if (/Organization/.test(mutation)) return w.organizationId;
    if (/PersonalAccessToken/.test(mutation)) return w.spareTokenId;
    if (/SecondFactor/.test(mutation)) return 'mfa_00000000000000000000000000';
    throw new Error(`No id rule for ${mutation}: add one to the table`);
  }

  function valueFor(mutation: string, name: string, type: GraphQLInputType, w: World): unknown {
    const named = getNamedType(type);
    if (type instanceof GraphQLNonNull) return valueFor(mutation, name, type.ofType, w);
    if (type instanceof GraphQLList) return name === 'scopes' ? ['payments:write'] : [];
    if (named instanceof GraphQLEnumType) {
      const preferred: Record<string, string> = { MemberRole: 'OWNER', KybStatus: 'APPROVED', Environment: 'TEST', CreditOperation: 'SET' };
      return preferred[named.name] ?? named.getValues()[0]!.value;
    }
    if (named instanceof GraphQLInputObjectType) return inputFor(mutation, named, w);
    const scalar = named as GraphQLScalarType;
    if (scalar.name === 'ID') {
      const byName: Record<string, string> = { organizationId: w.organizationId, applicationId: w.applicationId, apiKeyId: w.apiKeyId, secretId: w.secretId, userId: w.memberId };
      return byName[name] ?? idFor(mutation, w);
    }
    if (scalar.name === 'Int') return 60;
    if (scalar.name === 'Boolean') return name === 'recoverable' ? false : name === 'isEnabled' ? false : true;
    if (scalar.name === 'JSONObject') return {};
    if (scalar.name === 'DateTimeISO') return new Date(t.clock.now().getTime() + 7 * 86_400_000).toISOString();
    const strings: Record<string, string> = {
      email: w.newcomerEmail,
      password: mutation === 'createUser' ? 'New-user-password-1' : owner.password,
      accountSecret: ACCOUNT_SECRET,
      currentSecret: ACCOUNT_SECRET,
      newSecret: `Rotated-Secret-${Math.floor(Math.random() * 9000) + 1000}A`,
      url: 'https://127.0.0.1:9/other',
      code: '123456',
      description: 'generated by the narrowing table',
      reason: 'narrowing table',
    };
    if (mutation === 'createUser' && name === 'email') return `${unique('created')}@example.test`.toLowerCase();
    return strings[name] ?? unique(name).slice(0, 40);
  }

  function inputFor(mutation: string, input: GraphQLInputObjectType, w: World): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const field of Object.values(input.getFields()) as GraphQLInputField[]) {
      // Required fields, a name to change, and a token's lifetime; everything else keeps its default.
      if (isNonNullType(field.type) || field.name === 'name' || (input.name === 'CreatePersonalAccessTokenInput' && field.name === 'expiresInDays')) out[field.name] = valueFor(mutation, field.name, field.type, w);
    }
    return out;
  }

  function call(mutation: (typeof mutations)[number], w: World): { query: string; variables: Record<string, unknown> } {
    const args = mutation.args as readonly GraphQLArgument[];
    const variables: Record<string, unknown> = {};
    for (const arg of args) variables[arg.name] = valueFor(mutation.name, arg.name, arg.type, w);
    const declared = args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
    const passed = args.map((a) => `${a.name}: $${a.name}`).join(', ');
    const returns = getNamedType(mutation.type);
    const selection = returns instanceof GraphQLScalarType || returns instanceof GraphQLEnumType ? '' : '{ __typename }';
    return { query: `mutation${declared ? `(${declared})` : ''} { ${mutation.name}${passed ? `(${passed})` : ''} ${selection} }`, variables };
  }

  const auditCount = async (): Promise<number> => Number((await t.server.services.db.manager.query('SELECT COUNT(*) AS n FROM audit_events'))[0].n);

  const table = mutations.filter((m) => !SESSIONLESS.has(m.name)).map((m) => [m.name, m] as const);

  it('covers every mutation of the schema that takes a session', () => {
    expect(table.length).toBe(mutations.length - SESSIONLESS.size);
  });

  it.each(table)('%s: refused in its own organization and elsewhere, allowed without the limits', async (name, mutation) => {
    // A fresh pair of organizations per row: rows do not use up each other's limits.
    const inside = await world();
    const elsewhere = await world();
    const limited = (await t.ok(PAT, { input: { name: 'limited', organizationId: inside.organizationId, maxRole: 'VIEWER', expiresInDays: 30 } }, owner.token)).createPersonalAccessToken.token;
    for (const w of [inside, elsewhere]) {
      const { query, variables } = call(mutation, w);
      const before = await auditCount();
      const result = await t.gql(query, variables, limited);
      expect({ name, organization: w === inside ? 'own' : 'other', code: errorCode(result) }).toEqual({ name, organization: w === inside ? 'own' : 'other', code: expect.stringMatching(/^(FORBIDDEN|NOT_FOUND)$/) });
      expect(await auditCount()).toBe(before);
    }
    if (NO_CONTROL.has(name)) return;
    const { query, variables } = call(mutation, elsewhere);
    const control = await t.gql(query, variables, full);
    expect({ name, errors: control.errors ?? [] }).toEqual({ name, errors: [] });
  });

  it('reads: its own organization as a VIEWER, nothing of any other, and only itself among its owner\'s tokens', async () => {
    const other = await world();
    const inside = await world(home);
    const created = (await t.ok(PAT, { input: { name: 'reader', organizationId: home, maxRole: 'VIEWER', expiresInDays: 30 } }, owner.token)).createPersonalAccessToken;
    const limited = created.token;
    const reads: Array<[string, Record<string, unknown>]> = [
      ['query($id: ID!) { organization(id: $id) { id } }', { id: other.organizationId }],
      ['query($id: ID!) { application(id: $id) { id } }', { id: other.applicationId }],
      ['query($id: ID!) { apiKey(id: $id) { id } }', { id: other.apiKeyId }],
      ['query($o: ID!) { applications(organizationId: $o) { totalItems } }', { o: other.organizationId }],
      ['query($o: ID!) { apiKeys(organizationId: $o) { totalItems } }', { o: other.organizationId }],
      ['query($o: ID!) { auditEvents(organizationId: $o) { edges { node { id } } } }', { o: other.organizationId }],
      ['query($o: ID!) { webhookEndpoints(organizationId: $o) { id } }', { o: other.organizationId }],
    ];
    for (const [query, variables] of reads) expect({ query, code: errorCode(await t.gql(query, variables, limited)) }).toEqual({ query, code: 'NOT_FOUND' });
    expect((await t.ok('query($id: ID!) { apiKey(id: $id) { id } }', { id: inside.apiKeyId }, limited)).apiKey.id).toBe(inside.apiKeyId);
    expect((await t.ok('{ organizations { id } }', {}, limited)).organizations).toEqual([{ id: home }]);
    const me = (await t.ok('{ me { isPlatformAdmin memberships { organization { id } } personalAccessTokens { id organizationId maxRole lastUsedAt expiresAt } } }', {}, limited)).me;
    expect(me.isPlatformAdmin).toBe(false);
    expect(me.memberships.map((m: { organization: { id: string } }) => m.organization.id)).toEqual([home]);
    expect(me.personalAccessTokens).toEqual([expect.objectContaining({ id: created.personalAccessToken.id, organizationId: home, maxRole: 'VIEWER', lastUsedAt: expect.any(String) })]);
  });

  it('an expiry is required, at most a year ahead; the organization must be one the owner can see', async () => {
    const user = await createUser(t, 'expiry');
    const create = (input: Record<string, unknown>) => t.gql(PAT, { input: { name: 'x', ...input } }, user.token);
    expect(errorCode(await create({}))).toBe('BAD_USER_INPUT');
    expect(errorCode(await create({ expiresInDays: 366 }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await create({ expiresAt: new Date(t.clock.now().getTime() + 367 * 86_400_000).toISOString() }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await create({ expiresAt: new Date(t.clock.now().getTime() - 1000).toISOString() }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await create({ expiresInDays: 30, expiresAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString() }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await create({ expiresInDays: 30, organizationId: home }))).toBe('NOT_FOUND');
    const made = (await t.ok(PAT, { input: { name: 'year', expiresAt: new Date(t.clock.now().getTime() + 365 * 86_400_000).toISOString() } }, user.token)).createPersonalAccessToken;
    expect(made.token).toMatch(/^pat_/);
  });

  it('acts with the lesser of its maxRole and the owner\'s role, and stops at once when revoked', async () => {
    const developerToken = (await t.ok(PAT, { input: { name: 'dev', organizationId: home, maxRole: 'DEVELOPER', expiresInDays: 30 } }, owner.token)).createPersonalAccessToken;
    const app = (await t.ok('mutation($o: ID!, $n: String!) { createApplication(input: { organizationId: $o, name: $n }) { id } }', { o: home, n: unique('App') }, developerToken.token)).createApplication.id;
    expect(errorCode(await t.gql('mutation($id: ID!) { setApplicationEnabled(id: $id, isEnabled: false) { id } }', { id: app }, developerToken.token))).toBe('FORBIDDEN');
    await t.ok('mutation($id: ID!) { revokePersonalAccessToken(id: $id) { id } }', { id: developerToken.personalAccessToken.id }, owner.token);
    expect(errorCode(await t.gql('{ me { id } }', {}, developerToken.token))).toBe('UNAUTHENTICATED');
  });
});
