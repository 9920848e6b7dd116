import Ajv2020 from 'ajv/dist/2020';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublishedKeys } from '../helpers/github-keys';
import { SERVICE_TOKEN, startTestServer, TestServer } from '../helpers/server';
import { activeKey, basic, FORM, form, HttpAnswer, post, token, verify } from './credentials-fixtures';

interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>>;
}

/** @seriousme/openapi-schema-validator is ESM only: it runs in a child process of its own. */
function validateWithThirdParty(document: OpenApi): { valid: boolean; errors?: unknown } {
  const file = join(mkdtempSync(join(tmpdir(), 'keyward-openapi-')), 'openapi.json');
  writeFileSync(file, JSON.stringify(document));
  const script = `import { Validator } from '@seriousme/openapi-schema-validator'; const v = new Validator(); const r = await v.validate(${JSON.stringify(file)}); console.log(JSON.stringify({ valid: r.valid, version: v.version, errors: r.errors }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: join(__dirname, '..', '..'), encoding: 'utf8' }));
}

describe('OpenAPI 3.1 of the service endpoints (GET /openapi.json)', () => {
  let t: TestServer;
  let document: OpenApi;
  // GitHub's signing key, published by a loopback stand-in for GitHub's keys document.
  const github = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  let published: PublishedKeys;
  beforeAll(async () => {
    published = await new PublishedKeys([{ id: 'github-key-1', key: github.publicKey }]).start();
    t = await startTestServer('sqlite', { KEYWARD_SECRET_SCANNING_KEYS_URL: published.url });
    document = (await (await fetch(`${t.url}/openapi.json`)).json()) as OpenApi;
  });
  afterAll(async () => {
    await t?.close();
    await published?.close();
  });

  it('is a valid OpenAPI 3.1 document (third-party validator) covering exactly the service endpoints', () => {
    expect(document.openapi).toBe('3.1.0');
    const result = validateWithThirdParty(document);
    expect(result).toMatchObject({ valid: true });
    expect(Object.keys(document.paths).sort()).toEqual(
      ['/.well-known/jwks.json', '/.well-known/oauth-authorization-server', '/healthz', '/oauth/introspect', '/oauth/revoke', '/oauth/token', '/readyz', '/v1/auth/token', '/v1/keys/leaked', '/v1/keys/verify', '/v1/secret-scanning/github'].sort(),
    );
    expect(document.paths['/oauth/token']!.post).toHaveProperty(['requestBody', 'content', 'application/x-www-form-urlencoded']);
    // Both leak endpoints document what they take: GitHub's signed array and the scanners' JSON.
    expect(document.paths['/v1/secret-scanning/github']!.post).toHaveProperty(['requestBody', 'content', 'application/json', 'schema', 'type'], 'array');
    expect(document.paths['/v1/secret-scanning/github']!.post).toHaveProperty(['parameters']);
    expect(document.paths['/v1/keys/leaked']!.post).toHaveProperty(['requestBody', 'content', 'application/json', 'schema', 'required'], ['keys']);
  });

  it('documents every real answer: each response of each endpoint matches its documented schema', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const seen = new Set<string>();
    const check = async (method: string, path: string, answer: HttpAnswer | Promise<HttpAnswer>) => {
      const { status, body } = await answer;
      const documented = document.paths[path]?.[method]?.responses[String(status)];
      expect({ path, method, status, documented: documented !== undefined }).toEqual({ path, method, status, documented: true });
      const schema = documented!.content?.['application/json']?.schema;
      expect(schema).toBeDefined();
      const valid = ajv.validate(schema!, body);
      expect({ path, status, body, errors: valid ? null : ajv.errors }).toEqual({ path, status, body, errors: null });
      seen.add(`${method} ${path}`);
    };
    const get = async (path: string): Promise<HttpAnswer> => {
      const response = await fetch(`${t.url}${path}`);
      return { status: response.status, headers: response.headers, body: await response.json() };
    };

    const key = await activeKey(t);
    const json = { 'content-type': 'application/json' };
    await check('post', '/v1/keys/verify', verify(t, key.secret));
    await check('post', '/v1/keys/verify', verify(t, key.secret, ['not:held']));
    await check('post', '/v1/keys/verify', verify(t, 'sk_test_nope'));
    await check('post', '/v1/keys/verify', verify(t, key.secret, undefined, 'wrong_service_token_0123456789'));
    await check('post', '/v1/keys/verify', post(t, '/v1/keys/verify', '{}', { ...json, authorization: `Bearer ${SERVICE_TOKEN}` }));
    await check('post', '/v1/keys/verify', post(t, '/v1/keys/verify', 'x', { 'content-type': 'text/plain', authorization: `Bearer ${SERVICE_TOKEN}` }));

    const issued = await token(t, key.id, key.secret);
    await check('post', '/oauth/token', issued);
    await check('post', '/oauth/token', token(t, key.id, 'sk_test_wrong'));
    await check('post', '/oauth/token', post(t, '/oauth/token', form({ grant_type: 'password' }), { ...FORM, authorization: basic(key.id, key.secret) }));
    await check('post', '/v1/auth/token', post(t, '/v1/auth/token', JSON.stringify({ client_secret: key.secret }), json));
    await check('post', '/v1/auth/token', post(t, '/v1/auth/token', JSON.stringify({}), json));

    const accessToken = issued.body.access_token as string;
    const service = { ...FORM, authorization: `Bearer ${SERVICE_TOKEN}` };
    await check('post', '/oauth/introspect', post(t, '/oauth/introspect', form({ token: accessToken }), service));
    await check('post', '/oauth/introspect', post(t, '/oauth/introspect', form({ token: 'junk' }), service));
    await check('post', '/oauth/introspect', post(t, '/oauth/introspect', form({}), service));
    await check('post', '/oauth/introspect', post(t, '/oauth/introspect', form({ token: 'junk' }), FORM));
    await check('post', '/oauth/revoke', post(t, '/oauth/revoke', form({ token: accessToken }), service));
    await check('post', '/oauth/revoke', post(t, '/oauth/revoke', form({ token: accessToken }), FORM));

    await check('get', '/.well-known/jwks.json', get('/.well-known/jwks.json'));
    await check('get', '/.well-known/oauth-authorization-server', get('/.well-known/oauth-authorization-server'));
    await check('get', '/healthz', get('/healthz'));
    await check('get', '/readyz', get('/readyz'));

    // Secret scanning: GitHub's signed report (a Keyward key, a stranger's token), and the scanners' own.
    const leaked = await activeKey(t);
    const report = JSON.stringify([{ token: leaked.secret, type: 'keyward_secret_key', url: 'https://github.com/acme/shop/blob/abc/x.js', source: 'content' }, { token: 'ghp_not_ours', type: 'keyward_secret_key' }]);
    const signed = (body: string) => ({ ...json, 'github-public-key-identifier': 'github-key-1', 'github-public-key-signature': sign('sha256', Buffer.from(body), github.privateKey).toString('base64') });
    await check('post', '/v1/secret-scanning/github', post(t, '/v1/secret-scanning/github', report, signed(report)));
    await check('post', '/v1/secret-scanning/github', post(t, '/v1/secret-scanning/github', '{}', signed('{}')));
    await check('post', '/v1/secret-scanning/github', post(t, '/v1/secret-scanning/github', report, { ...signed(report), 'github-public-key-identifier': 'unknown-key' }));
    await check('post', '/v1/secret-scanning/github', post(t, '/v1/secret-scanning/github', report, json));
    const scanner = { ...json, authorization: `Bearer ${SERVICE_TOKEN}` };
    await check('post', '/v1/keys/leaked', post(t, '/v1/keys/leaked', JSON.stringify({ keys: [leaked.secret, 'sk_test_nope'], url: 'https://paste.example/1' }), scanner));
    await check('post', '/v1/keys/leaked', post(t, '/v1/keys/leaked', JSON.stringify({ keys: [] }), scanner));
    await check('post', '/v1/keys/leaked', post(t, '/v1/keys/leaked', 'keys=x', { 'content-type': 'text/plain', authorization: `Bearer ${SERVICE_TOKEN}` }));
    await check('post', '/v1/keys/leaked', post(t, '/v1/keys/leaked', JSON.stringify({ keys: ['x'] }), json));

    const documented = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`));
    expect([...seen].sort()).toEqual(documented.sort());
  });
});
