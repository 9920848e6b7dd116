import { MemberRole } from '../../server/auth/member-role';
import { TestServer } from './server';

/** Named fixture builders: each makes what a test needs, with unique names, and returns ids. */
let counter = 0;
export const unique = (label: string): string => `${label}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 6)}`;

export async function createOrganization(t: TestServer, input: Record<string, unknown> = {}): Promise<{ id: string; slug: string }> {
  const data = await t.ok<{ createOrganization: { id: string; slug: string } }>(
    'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id slug } }',
    { input: { name: unique('Org'), ...input } },
    await t.adminToken(),
  );
  return data.createOrganization;
}

export async function createUser(t: TestServer, label = 'user'): Promise<{ id: string; email: string; password: string; token: string }> {
  const email = `${unique(label)}@example.test`.toLowerCase();
  const password = 'Correct-horse-battery-1';
  const created = await t.ok<{ createUser: { id: string } }>('mutation($input: CreateUserInput!) { createUser(input: $input) { id } }', { input: { email, password } }, await t.adminToken());
  const token = (await t.ok<{ login: { token: string } }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: email, p: password })).login.token;
  return { id: created.createUser.id, email, password, token };
}

/** A user who is a member of `organizationId` with `role`, signed in. */
export async function createMember(t: TestServer, organizationId: string, role: MemberRole | keyof typeof MemberRole) {
  const user = await createUser(t, role.toLowerCase());
  await t.ok('mutation($o: ID!, $e: String!, $r: MemberRole!) { addMember(organizationId: $o, email: $e, role: $r) { id } }', { o: organizationId, e: user.email, r: role }, await t.adminToken());
  return user;
}

export async function createApplication(t: TestServer, organizationId: string, token?: string, name = unique('App')): Promise<{ id: string; name: string }> {
  const data = await t.ok<{ createApplication: { id: string; name: string } }>(
    'mutation($input: CreateApplicationInput!) { createApplication(input: $input) { id name } }',
    { input: { organizationId, name } },
    token ?? (await t.adminToken()),
  );
  return data.createApplication;
}

export async function createApiKey(t: TestServer, applicationId: string, input: Record<string, unknown> = {}, token?: string): Promise<{ id: string; secret: string; status: string; environment: string }> {
  const data = await t.ok<{ createApiKey: { secret: string; apiKey: { id: string; status: string; environment: string } } }>(
    'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id status environment } } }',
    { input: { applicationId, name: unique('key'), description: 'test key', environment: 'TEST', scopes: ['payments:write'], ...input } },
    token ?? (await t.adminToken()),
  );
  return { id: data.createApiKey.apiKey.id, secret: data.createApiKey.secret, status: data.createApiKey.apiKey.status, environment: data.createApiKey.apiKey.environment };
}
