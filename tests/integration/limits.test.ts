import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { GRAPHQL_LIMITS } from '../../server/graphql/limits';
import { createOrganization } from '../helpers/fixtures';
import { errorCode, startTestServer, TestServer } from '../helpers/server';

const deepQuery = (depth: number): string => `{ me { ${'memberships { organization { '.repeat(depth)}id${' } }'.repeat(depth)} } }`;

async function post(t: TestServer, body: string, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const response = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await t.adminToken()}`, ...headers }, body });
  const text = await response.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, json };
}

describe('GraphQL abuse limits', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('sqlite');
  });
  afterAll(async () => t?.close());

  it('refuses a query deeper than the limit with BAD_USER_INPUT and limit maxDepth', async () => {
    const result = await t.gql(deepQuery(6), {}, await t.adminToken());
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.limit).toBe('maxDepth');
    expect(result.data).toBeUndefined();
  });

  it('refuses an alias flood of login before any attempt is made', async () => {
    const aliases = Array.from({ length: 50 }, (_, i) => `a${i}: login(email: "admin@keyward.test", password: "guess-${i}") { token }`).join('\n');
    const result = await t.gql(`mutation { ${aliases} }`);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.limit).toBe('maxAliases');
  });

  it('refuses too many tokens and too many directives', async () => {
    const fields = Array.from({ length: GRAPHQL_LIMITS.maxTokens }, () => 'id').join(' ');
    const tokens = await t.gql(`{ me { ${fields} } }`, {}, await t.adminToken());
    expect(tokens.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'maxTokens' });
    const directives = await t.gql(`{ me { id ${'@include(if: true) '.repeat(GRAPHQL_LIMITS.maxDirectives + 1)} } }`, {}, await t.adminToken());
    expect(directives.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'maxDirectives' });
  });

  it('refuses a page size of 10,000', async () => {
    const org = await createOrganization(t);
    const result = await t.gql('query($o: ID!) { applications(organizationId: $o, limit: 10000) { totalItems } }', { o: org.id }, await t.adminToken());
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.fields).toEqual([{ field: 'limit', message: 'limit must not be greater than 100' }]);
  });

  it('refuses an oversized body with 413, and a batched array with 400', async () => {
    const big = await post(t, JSON.stringify({ query: '{ me { id } }', variables: { pad: 'x'.repeat(GRAPHQL_LIMITS.bodyBytes) } }));
    expect(big.status).toBe(413);
    const batch = await post(t, JSON.stringify([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]));
    expect(batch.status).toBe(400);
    expect(JSON.stringify(batch.json)).toMatch(/batch/i);
  });

  it('refuses a GET or form POST without a preflight header (CSRF prevention)', async () => {
    const response = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ me { id } }')}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/i);
    const form = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=%7B%20me%20%7B%20id%20%7D%20%7D' });
    expect(form.status).toBeGreaterThanOrEqual(400);
    expect(form.status).toBeLessThan(500);
  });

  it('applies the same limits over WebSocket', async () => {
    const client = createClient({ url: `${t.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${await t.adminToken()}` }, retryAttempts: 0 });
    const errors = await new Promise<any>((resolve) => {
      client.subscribe({ query: deepQuery(6) }, { next: (value) => resolve(value.errors), error: resolve, complete: () => resolve('complete') });
    });
    await client.dispose();
    expect(errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'maxDepth' });
  });
});

describe('production mode', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('sqlite', { NODE_ENV: 'production' });
  });
  afterAll(async () => t?.close());

  it('turns off introspection and field suggestions, and shows no stack traces', async () => {
    const introspection = await t.gql('{ __schema { types { name } } }', {}, await t.adminToken());
    expect(errorCode(introspection)).toBe('BAD_USER_INPUT');
    const typo = await t.gql('{ me { emial } }', {}, await t.adminToken());
    expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);
    expect(JSON.stringify(typo)).not.toMatch(/stacktrace/);
  });
});
