import { createApplication, createMember, createOrganization, unique } from './fixtures';
import { errorCode, GraphQLResponse, SERVICE_TOKEN, TestServer } from './server';

/** Fixtures for the key-lifecycle suites (tests/integration/lifecycle-*.test.ts). */

export const KEY_FIELDS = 'id status kind environment keyPrefix expiresAt recoverable exchangedForKeyId secrets { id keyPrefix status createdAt expiresAt }';
export const ACCOUNT_SECRET = 'Correct-Horse-42';

export interface KeyView {
  id: string;
  status: string;
  kind: string;
  environment: string;
  keyPrefix: string;
  expiresAt: string | null;
  recoverable: boolean;
  exchangedForKeyId: string | null;
  secrets: Array<{ id: string; keyPrefix: string; status: string; createdAt: string; expiresAt: string | null }>;
}

/** A member whose token is a personal access token, so it outlives clock jumps (sessions last an hour of the ManualClock). */
export async function createLastingMember(t: TestServer, organizationId: string, role: 'OWNER' | 'ADMIN' | 'DEVELOPER' | 'VIEWER') {
  const member = await createMember(t, organizationId, role);
  const pat = await t.ok<{ createPersonalAccessToken: { token: string } }>('mutation { createPersonalAccessToken(input: { name: "lifecycle tests", expiresInDays: 365 }) { token } }', {}, member.token);
  return { ...member, token: pat.createPersonalAccessToken.token };
}

/** An organization with an OWNER (lasting token) and one application. */
export async function ownedOrganization(t: TestServer, input: Record<string, unknown> = {}) {
  const org = await createOrganization(t, input);
  const owner = await createLastingMember(t, org.id, 'OWNER');
  const app = await createApplication(t, org.id, owner.token);
  return { org, owner, app };
}

export async function setKeyPolicy(t: TestServer, organizationId: string, keyPolicy: Record<string, unknown>): Promise<void> {
  await t.ok('mutation($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { id } }', { id: organizationId, input: { keyPolicy } }, await t.adminToken());
}

export function createKeyRaw(t: TestServer, applicationId: string, input: Record<string, unknown>, token: string): Promise<GraphQLResponse<{ createApiKey: { secret: string; apiKey: KeyView } }>> {
  return t.gql(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { ${KEY_FIELDS} } } }`, {
    input: { applicationId, name: unique('key'), description: 'lifecycle test key', environment: 'TEST', scopes: ['payments:write'], ...input },
  }, token);
}

export function issueTemporaryRaw(t: TestServer, applicationId: string, input: Record<string, unknown>, token: string): Promise<GraphQLResponse<{ issueTemporaryApiKey: { secret: string; apiKey: KeyView } }>> {
  return t.gql(`mutation($input: IssueTemporaryApiKeyInput!) { issueTemporaryApiKey(input: $input) { secret apiKey { ${KEY_FIELDS} } } }`, {
    input: { applicationId, name: unique('perm'), description: 'issued for onboarding', environment: 'TEST', scopes: ['payments:write'], ...input },
  }, token);
}

export async function issueTemporary(t: TestServer, applicationId: string, input: Record<string, unknown>, token: string): Promise<{ secret: string; apiKey: KeyView }> {
  const result = await issueTemporaryRaw(t, applicationId, input, token);
  if (result.errors?.length) throw new Error(`issueTemporaryApiKey: ${JSON.stringify(result.errors)}`);
  return result.data!.issueTemporaryApiKey;
}

export function exchangeRaw(t: TestServer, temporaryKey: string, accountSecret: string): Promise<GraphQLResponse<{ exchangeTemporaryApiKey: { secret: string; apiKey: KeyView } }>> {
  return t.gql(`mutation($k: String!, $s: String!) { exchangeTemporaryApiKey(temporaryKey: $k, accountSecret: $s) { secret apiKey { ${KEY_FIELDS} } } }`, { k: temporaryKey, s: accountSecret });
}

export async function getKey(t: TestServer, id: string, token: string): Promise<KeyView> {
  return (await t.ok<{ apiKey: KeyView }>(`query($id: ID!) { apiKey(id: $id) { ${KEY_FIELDS} } }`, { id }, token)).apiKey;
}

export interface AuditRow {
  id: string;
  type: string;
  subjectType: string;
  subjectId: string;
  actorType: string;
  data: Record<string, unknown>;
  createdAt: string;
}

/** Every audit event of an organization (newest first), optionally of some types. */
export async function auditEvents(t: TestServer, organizationId: string, filter: Record<string, unknown> = {}): Promise<AuditRow[]> {
  const data = await t.ok<{ auditEvents: { edges: Array<{ node: AuditRow }> } }>(
    'query($o: ID!, $f: AuditEventFilter) { auditEvents(organizationId: $o, filter: $f, first: 100) { edges { node { id type subjectType subjectId actorType data createdAt } } } }',
    { o: organizationId, f: filter },
    await t.adminToken(),
  );
  return data.auditEvents.edges.map((e) => e.node);
}

/** Codes of a batch of responses, counted: { ok: 1, TEMPORARY_KEY_USED: 9 }. */
export function tally(results: GraphQLResponse[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const result of results) {
    const code = result.errors?.length ? errorCode(result) ?? 'NO_CODE' : 'ok';
    counts[code] = (counts[code] ?? 0) + 1;
  }
  return counts;
}

/** What POST /v1/keys/verify answers for a secret (the payment API's view of a key). */
export async function verifyCode(t: TestServer, key: string): Promise<string> {
  const response = await fetch(`${t.url}/v1/keys/verify`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${SERVICE_TOKEN}` }, body: JSON.stringify({ key }) });
  return ((await response.json()) as { code: string }).code;
}
