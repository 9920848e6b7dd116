import { describeEachDialect } from '../helpers/databases';
import { createApiKey, createApplication, createMember, createOrganization, createUser, unique } from '../helpers/fixtures';
import { ADMIN_EMAIL, errorCode, GraphQLResponse, startTestServer, TestServer } from '../helpers/server';
import { METADATA_MAX_DEPTH } from '../../server/shared/validation';

const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';
const CREATE_USER = 'mutation($input: CreateUserInput!) { createUser(input: $input) { id email } }';
const ADD = 'mutation($o: ID!, $e: String!, $r: MemberRole!) { addMember(organizationId: $o, email: $e, role: $r) { id role user { id email isPlatformAdmin } } }';
const CREATE_KEY = 'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }';
const UPDATE_KEY = 'mutation($id: ID!, $input: UpdateApiKeyInput!) { updateApiKey(id: $id, input: $input) { id expiresAt } }';

/** Nested JSON as text: JSON.stringify itself would overflow building 20,000 levels. */
const nestedObject = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const nestedArray = (depth: number): string => '['.repeat(depth) + '1' + ']'.repeat(depth);

describeEachDialect('input limits', (dialect) => {
  let t: TestServer;
  let applicationId: string;
  beforeAll(async () => {
    t = await startTestServer(dialect);
    applicationId = (await createApplication(t, (await createOrganization(t)).id)).id;
  });
  afterAll(async () => t?.close());

  const rawVariables = async (query: string, variablesJson: string): Promise<{ status: number; body: GraphQLResponse }> => {
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await t.adminToken()}` },
      body: `{"query":${JSON.stringify(query)},"variables":${variablesJson}}`,
    });
    return { status: response.status, body: (await response.json()) as GraphQLResponse };
  };

  describe('metadata depth', () => {
    it.each([
      ['20,000 nested objects (40 KB)', nestedObject(20_000)],
      ['20,000 nested arrays inside an object', `{"a":${nestedArray(20_000)}}`],
      [`${METADATA_MAX_DEPTH + 1} levels`, nestedObject(METADATA_MAX_DEPTH + 1)],
    ])('%s in variables: BAD_USER_INPUT, not INTERNAL', async (_label, metadata) => {
      const input = `{"applicationId":"${applicationId}","name":"deep","description":"d","environment":"TEST","metadata":${metadata}}`;
      const created = await rawVariables(CREATE_KEY, `{"input":${input}}`);
      expect(created.status).toBeLessThan(500);
      expect(errorCode(created.body)).toBe('BAD_USER_INPUT');
      const key = await createApiKey(t, applicationId);
      const updated = await rawVariables(UPDATE_KEY, `{"id":"${key.id}","input":{"metadata":${metadata}}}`);
      expect(errorCode(updated.body)).toBe('BAD_USER_INPUT');
    });

    it('in a literal: BAD_USER_INPUT past the bound; the bound itself is accepted', async () => {
      const literal = (depth: number) => '{a:'.repeat(depth) + '1' + '}'.repeat(depth);
      const query = (depth: number) => `mutation { createApiKey(input: {applicationId: "${applicationId}", name: "lit", description: "d", environment: TEST, metadata: ${literal(depth)}}) { secret } }`;
      expect(errorCode(await t.gql(query(METADATA_MAX_DEPTH + 1), {}, await t.adminToken()))).toBe('BAD_USER_INPUT');
      expect((await t.gql(query(900), {}, await t.adminToken())).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect((await t.ok(query(METADATA_MAX_DEPTH), {}, await t.adminToken())).createApiKey.secret).toMatch(/^sk_test_/);
      const variables = await rawVariables(CREATE_KEY, `{"input":{"applicationId":"${applicationId}","name":"ok","description":"d","environment":"TEST","metadata":${nestedObject(METADATA_MAX_DEPTH)}}}`);
      expect(variables.body.errors).toBeUndefined();
    });
  });

  describe('passwords: every byte counts (bcrypt alone reads only 72)', () => {
    it('a long password with another ending does not sign in; the exact one does', async () => {
      for (const password of ['Long-password-' + 'x'.repeat(70), 'Émoji-🔐🔐🔐🔐🔐🔐🔐🔐🔐🔐🔐🔐🔐🔐🔐🔐🔐🔐🔐🔐-1']) {
        expect(Buffer.byteLength(password)).toBeGreaterThan(72);
        const email = `${unique('long')}@example.test`.toLowerCase();
        await t.ok(CREATE_USER, { input: { email, password } }, await t.adminToken());
        const first72 = Buffer.from(password).subarray(0, 72).toString('utf8');
        for (const wrong of [first72, password.slice(0, -1) + 'Z', password + 'suffix']) {
          expect(errorCode(await t.gql(LOGIN, { e: email, p: wrong }))).toBe('UNAUTHENTICATED');
        }
        expect((await t.ok(LOGIN, { e: email, p: password })).login.token).toEqual(expect.any(String));
      }
    });
  });

  describe('temporary keys', () => {
    it('keep their at most 7-day expiry: null or later is IMMUTABLE_FIELD, sooner is allowed', async () => {
      const issued = await t.ok(
        'mutation($input: IssueTemporaryApiKeyInput!) { issueTemporaryApiKey(input: $input) { apiKey { id expiresAt } } }',
        { input: { applicationId, name: unique('tmp'), description: 'tmp', environment: 'TEST', scopes: [] } },
        await t.adminToken(),
      );
      const { id, expiresAt } = issued.issueTemporaryApiKey.apiKey;
      for (const input of [{ expiresAt: null }, { expiresInDays: 30 }, { expiresAt: new Date(Date.parse(expiresAt) + 60_000).toISOString() }]) {
        const result = await t.gql(UPDATE_KEY, { id, input }, await t.adminToken());
        expect([input, errorCode(result)]).toEqual([input, 'IMMUTABLE_FIELD']);
      }
      const sooner = new Date(t.clock.now().getTime() + 86_400_000).toISOString();
      expect((await t.ok(UPDATE_KEY, { id, input: { expiresAt: sooner } }, await t.adminToken())).updateApiKey.expiresAt).toBe(sooner);
    });
  });

  describe('addMember', () => {
    it('two concurrent calls for one user: one adds, the other answers CONFLICT', async () => {
      for (let round = 0; round < 5; round += 1) {
        const org = await createOrganization(t);
        const user = await createUser(t, 'racer');
        const token = await t.adminToken();
        const answers = await Promise.all([0, 1, 2].map(() => t.gql(ADD, { o: org.id, e: user.email, r: 'VIEWER' }, token)));
        const codes = answers.map((a) => (a.errors ? errorCode(a) : 'OK')).sort();
        expect(codes).toEqual(['CONFLICT', 'CONFLICT', 'OK']);
      }
    });

    it('answers an OWNER the same way whether or not the email exists, and never shows isPlatformAdmin', async () => {
      const org = await createOrganization(t);
      const owner = await createMember(t, org.id, 'OWNER');
      const known = await createUser(t, 'known');
      const strangerEmail = `${unique('stranger')}@example.test`.toLowerCase();
      const shape = (value: unknown): unknown => (value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)])) : typeof value);
      const existing = await t.ok(ADD, { o: org.id, e: known.email, r: 'VIEWER' }, owner.token);
      const unknown = await t.ok(ADD, { o: org.id, e: strangerEmail, r: 'VIEWER' }, owner.token);
      const admin = await t.ok(ADD, { o: org.id, e: ADMIN_EMAIL, r: 'VIEWER' }, owner.token);
      expect(shape(unknown)).toEqual(shape(existing));
      for (const answer of [existing, unknown, admin]) expect(answer.addMember.user.isPlatformAdmin).toBe(false);
      expect(errorCode(await t.gql(ADD, { o: org.id, e: strangerEmail, r: 'VIEWER' }, owner.token))).toBe('CONFLICT');
      expect(errorCode(await t.gql(ADD, { o: org.id, e: 'not an email', r: 'VIEWER' }, owner.token))).toBe('BAD_USER_INPUT');
      // A platform admin still sees it; a pending user cannot sign in until createUser completes it.
      expect((await t.ok('query { me { isPlatformAdmin } }', {}, await t.adminToken())).me.isPlatformAdmin).toBe(true);
      expect(errorCode(await t.gql(LOGIN, { e: strangerEmail, p: '' }))).toBe('BAD_USER_INPUT');
      expect(errorCode(await t.gql(LOGIN, { e: strangerEmail, p: 'anything-at-all-1' }))).toBe('UNAUTHENTICATED');
      const completed = await t.ok(CREATE_USER, { input: { email: strangerEmail, password: 'Stranger-password-1' } }, await t.adminToken());
      expect(completed.createUser.id).toBe(unknown.addMember.user.id);
      const token = (await t.ok(LOGIN, { e: strangerEmail, p: 'Stranger-password-1' })).login.token;
      expect((await t.ok('query($id: ID!) { organization(id: $id) { id } }', { id: org.id }, token)).organization.id).toBe(org.id);
      expect(errorCode(await t.gql(CREATE_USER, { input: { email: strangerEmail, password: 'Another-password-1' } }, await t.adminToken()))).toBe('CONFLICT');
      // A non-owner cannot create pending users.
      const viewer = await createMember(t, org.id, 'VIEWER');
      expect(errorCode(await t.gql(ADD, { o: org.id, e: `${unique('nobody')}@example.test`, r: 'VIEWER' }, viewer.token))).toBe('FORBIDDEN');
    });
  });
});
