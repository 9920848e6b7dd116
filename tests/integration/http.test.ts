import fc from 'fast-check';
import { Writable } from 'node:stream';
import { isConsoleRoute } from '../../server/http/console.plugin';
import { request as httpRequest } from 'node:http';
import { generateSecret } from '../../server/api-keys/key-format';
import { createLogger, requestScope } from '../../server/logger';
import { ADMIN_EMAIL, SERVICE_TOKEN, startTestServer, TestServer } from '../helpers/server';

describe('HTTP basics', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('sqlite');
  });
  afterAll(async () => t?.close());

  it('healthz and readyz answer', async () => {
    expect(await (await fetch(`${t.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', database: 'up' });
  });

  it('serves the console at / with security headers and a CSP without inline scripts', async () => {
    const response = await fetch(`${t.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it('gives every response a request id, keeping a sane one the caller sent', async () => {
    const generated = await fetch(`${t.url}/healthz`);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const given = await fetch(`${t.url}/healthz`, { headers: { 'x-request-id': 'trace-abc.123' } });
    expect(given.headers.get('x-request-id')).toBe('trace-abc.123');
    const hostile = await fetch(`${t.url}/healthz`, { headers: { 'x-request-id': 'a'.repeat(500) } });
    expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('every request scope ends with its request, so the async hook is off again: every route and method the server has, answered or cut off mid-body, and cache misses', async () => {
    // Generated from the router itself: a route added later is covered without being listed here.
    const routes = t.server.http.fastify
      .printRoutes({ commonPrefix: false })
      .split('\n')
      .map((line) => /(\/\S*) \(([A-Z, ]+)\)/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .flatMap((match) => match[2]!.split(', ').map((method) => ({ method, path: match[1]! })));
    expect(routes.length).toBeGreaterThanOrEqual(14);
    // The console and the not-found handler are served outside the route table.
    routes.push({ method: 'GET', path: '/' }, { method: 'GET', path: '/orgs/org_1/applications' }, { method: 'POST', path: '/v1/nothing-here' });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${SERVICE_TOKEN}` };
    const answered = routes.map(({ method, path }) => fetch(`${t.url}${path}`, { method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : '{}' }).then((r) => r.arrayBuffer()));
    const cutOff = routes.map(
      ({ method, path }) =>
        new Promise<void>((resolve) => {
          const request = httpRequest(`${t.url}${path}`, { method, headers: { ...headers, 'content-length': '100' } });
          request.on('error', () => resolve());
          request.on('response', (response) => response.resume().on('end', () => resolve()));
          request.write('{"query":');
          setTimeout(() => {
            request.destroy();
            resolve();
          }, 100);
        }),
    );
    // A cache miss reads the database in a scope of its own (verify and both token endpoints).
    const unknown = generateSecret('PERMANENT', 'TEST');
    const misses = [
      fetch(`${t.url}/v1/keys/verify`, { method: 'POST', headers, body: JSON.stringify({ key: unknown }) }),
      fetch(`${t.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`key_x:${unknown}`).toString('base64')}` }, body: 'grant_type=client_credentials' }),
      fetch(`${t.url}/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_secret: generateSecret('PERMANENT', 'LIVE') }) }),
    ];
    await Promise.all([...answered, ...cutOff, ...misses]);
    const until = Date.now() + 2000;
    while (requestScope.openScopes > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requestScope.openScopes).toBe(0);
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const response = await fetch(`${t.url}/v1/nothing-here`, { method: 'POST' });
    expect(response.status).toBe(404);
  });

  it('reads an Authorization header the same way on the management API, verify and the token endpoint, over HTTP', async () => {
    // Every header, function by function: tests/unit/authorization-header.test.ts. This is the
    // README's table, sent through Node's own parser to the three kinds of endpoint.
    const session = await t.adminToken();
    const answers = async (authorization: string): Promise<string[]> => {
      const graphql = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: '{"query":"{ me { email } }"}' });
      const verify = await fetch(`${t.url}/v1/keys/verify`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: '{"key":"sk_test_x"}' });
      const token = await fetch(`${t.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization }, body: 'grant_type=client_credentials' });
      const graphqlBody = (await graphql.json()) as { errors?: { extensions: { code: string } }[]; data?: { me: { email: string } } };
      const graphqlAnswer = graphqlBody.errors?.[0]?.extensions.code ?? graphqlBody.data?.me.email;
      const verifyError = verify.status === 200 ? '' : ` ${((await verify.json()) as { message: string }).message}`;
      const tokenError = ((await token.json()) as { error_description: string }).error_description;
      return [`${graphql.status} ${graphqlAnswer}`, `${verify.status}${verifyError}`, `${token.status} ${tokenError}`];
    };
    // GraphQL answers 200 with an UNAUTHENTICATED error, as every GraphQL error. Which step refused
    // (the header's form, or the token) is the unit properties' business: here, only that it did.
    const unauthenticated = '200 UNAUTHENTICATED';
    const missing = expect.stringMatching(/^401 No service token: send Authorization: Bearer/);
    const unsupported = '401 Unsupported Authorization scheme; use HTTP Basic or client_secret_post';
    const wrong = '401 The service token is not one of KEYWARD_SERVICE_TOKENS';
    expect(await answers(`bEARER  ${session}`)).toEqual([`200 ${ADMIN_EMAIL}`, wrong, unsupported]);
    expect(await answers(`bearer ${SERVICE_TOKEN}`)).toEqual([unauthenticated, '200', unsupported]);
    expect(await answers(`Bearer ${SERVICE_TOKEN}x`)).toEqual([unauthenticated, wrong, unsupported]);
    for (const malformed of [`Bearer\t${SERVICE_TOKEN}`, `Bearer ${SERVICE_TOKEN} x`, 'Bearer', `Bearer ${SERVICE_TOKEN}!`]) {
      expect(await answers(malformed)).toEqual([unauthenticated, missing, unsupported]);
    }
    expect(await answers(`Basic\t${Buffer.from('key_1:sk_test_x').toString('base64')}`)).toEqual([unauthenticated, missing, '401 The Basic credentials are not client_id:client_secret']);
    expect(await answers(`Basic ${Buffer.from('key_1:sk_test_x').toString('base64')}`)).toEqual([unauthenticated, missing, '401 Client authentication failed']);
  });
});

describe('logs', () => {
  it('carry the request id on lines written while serving a request, and redact secrets', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _encoding, done) { lines.push(...String(chunk).split('\n').filter(Boolean)); done(); } });
    const logger = createLogger('info', sink);
    requestScope.run({ requestId: 'req-1' }, () => logger.info({ password: 'hunter2hunter2', nested: { secret: 'sk_live_x', token: 'pat_y' }, authorization: 'Bearer z' }, 'inside'));
    logger.info('outside');
    const [inside, outside] = lines.map((l) => JSON.parse(l));
    expect(inside.requestId).toBe('req-1');
    expect(outside.requestId).toBeUndefined();
    expect(lines.join('\n')).not.toMatch(/hunter2|sk_live_x|pat_y|Bearer z/);
  });
});

describe('unknown paths', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('sqlite');
  });
  afterAll(async () => t?.close());

  const ROUTES = new Set(['/', '/graphql', '/healthz', '/readyz', '/metrics', '/openapi.json', '/.well-known/jwks.json', '/.well-known/oauth-authorization-server']);

  it('answer a JSON 404 everywhere but the console\'s own routes (listed, and generated)', async () => {
    const listed = ['/.well-known/openid-configuration', '/health', '/schema.graphql', '/v1/anything', '/v1/keys', '/oauth/authorize', '/graphql/extra', '/favicon-missing.ico', '/api', '/orgs.json', '/explorer.js'];
    // No "." or ".." segments: the URL parser would resolve them away.
    const segment = fc.stringMatching(/^[a-z0-9_-][a-z0-9._-]{0,11}$/);
    const generated = fc.sample(fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => `/${parts.join('/')}`), 60);
    const candidates = [...listed, ...generated].filter((path) => !ROUTES.has(path) && !isConsoleRoute('GET', path) && !/^\/assets\//.test(path));
    for (const path of candidates) {
      const response = await fetch(`${t.url}${path}`, { headers: { accept: 'text/html' } });
      expect({ path, status: response.status, type: response.headers.get('content-type') }).toEqual({ path, status: 404, type: expect.stringMatching(/application\/json/) });
      expect(((await response.json()) as { error: string }).error).toBe('not_found');
    }
  });

  it('fall back to the console on its routes', async () => {
    for (const path of ['/', '/platform', '/account', '/exchange', '/explorer', '/orgs/org_1/applications', '/orgs/org_1/applications/app_1?page=2', '/orgs/org_1/members']) {
      const response = await fetch(`${t.url}${path}`);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
    }
  });

  it('415 names the type to send', async () => {
    const verify = await fetch(`${t.url}/v1/keys/verify`, { method: 'POST', headers: { 'content-type': 'text/plain', authorization: `Bearer ${SERVICE_TOKEN}` }, body: 'x' });
    expect(verify.status).toBe(415);
    expect(((await verify.json()) as { message: string }).message).toMatch(/application\/json/);
    const oauth = await fetch(`${t.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(((await oauth.json()) as { error_description: string }).error_description).toMatch(/application\/x-www-form-urlencoded/);
  });
});

describe('the GraphQL operation log', () => {
  it('records every failed operation with the codes its errors were sent with, never UNKNOWN', async () => {
    const lines: Array<Record<string, any>> = [];
    const sink = new Writable({ write(chunk, _encoding, done) { lines.push(...String(chunk).split('\n').filter(Boolean).map((l) => JSON.parse(l))); done(); } });
    const t = await startTestServer('sqlite', {}, { logger: createLogger('info', sink) });
    try {
      const admin = await t.adminToken();
      const failing: Array<[string, Record<string, unknown> | undefined, string | undefined]> = [
        ['{ me { id } }', undefined, undefined],
        ['{ organization(id: "org_missing") { id } }', undefined, admin],
        ['mutation { createOrganization(input: { name: "" }) { id } }', undefined, admin],
        ['{ nope }', undefined, admin],
        ['{ me { ', undefined, admin],
        ['query($n: Int!) { me { id } }', { n: 'x' }, admin],
        ['{ me { id } }', undefined, 'Bearer-less-garbage'],
      ];
      const sent: string[][] = [];
      for (const [query, variables, token] of failing) {
        const answer = await t.gql(query, variables, token);
        expect(answer.errors?.length).toBeGreaterThan(0);
        sent.push(answer.errors!.map((e) => e.extensions?.code));
      }
      const logged = lines.filter((l) => l.msg === 'graphql operation failed').map((l) => l.errors as string[]);
      expect(JSON.stringify(logged)).toBe(JSON.stringify(sent));
      expect(logged.flat()).not.toContain('UNKNOWN');
    } finally {
      await t.close();
    }
  });
});
