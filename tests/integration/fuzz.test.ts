import fc from 'fast-check';
import { ErrorCode } from '../../server/errors';
import { createApplication, createOrganization } from '../helpers/fixtures';
import { startTestServer, TestServer } from '../helpers/server';

const CLOSED_SET = new Set<string>(Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL));

/** Operations whose inputs the fuzzer fills with arbitrary JSON. */
const OPERATIONS = [
  'mutation($input: CreateApplicationInput!) { createApplication(input: $input) { id } }',
  'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }',
  'mutation($id: ID!, $input: UpdateApiKeyInput!) { updateApiKey(id: $id, input: $input) { id } }',
  'mutation($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { id } }',
  'query($o: ID!, $f: ApiKeyFilter, $page: Int, $limit: Int) { apiKeys(organizationId: $o, filter: $f, page: $page, limit: $limit) { totalItems } }',
  'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
  'mutation($id: ID!, $reason: String) { revokeApiKey(id: $id, reason: $reason) { id } }',
];

describe('GraphQL inputs (property-based)', () => {
  let t: TestServer;
  let known: { organizationId: string; applicationId: string };
  beforeAll(async () => {
    t = await startTestServer('sqlite');
    const org = await createOrganization(t);
    known = { organizationId: org.id, applicationId: (await createApplication(t, org.id)).id };
  });
  afterAll(async () => t?.close());

  it('never answers 500 or INTERNAL, whatever the variables', async () => {
    const token = await t.adminToken();
    const value = fc.oneof(fc.anything({ maxDepth: 3 }), fc.constantFrom(known.organizationId, known.applicationId, 'TEST', 'LIVE', ''), fc.string({ maxLength: 300 }));
    const input = fc.dictionary(fc.constantFrom('applicationId', 'organizationId', 'name', 'description', 'environment', 'scopes', 'expiresAt', 'expiresInDays', 'webhookUrl', 'destination', 'metadata', 'keyPolicy', 'status', 'kind'), value);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...OPERATIONS), input, value, value, async (query, inputValue, id, extra) => {
        const variables = { input: inputValue, id, o: id, f: inputValue, page: extra, limit: extra, email: id, password: extra, reason: extra };
        const response = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
        expect(response.status).toBeLessThan(500);
        const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
        for (const error of body.errors ?? []) expect(CLOSED_SET.has(String(error.extensions?.code))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
