import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { describeEachDialect } from '../helpers/databases';
import { startTestServer, TestServer } from '../helpers/server';
import { activeKey } from './credentials-fixtures';

/** A free loopback port, so that the issuer (http://127.0.0.1:PORT) is the server's real address. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describeEachDialect('credentials: a standard OAuth client (oauth4webapi)', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect, { PORT: String(await freePort()) });
  });
  afterAll(async () => t?.close());

  it('discovers the server, takes a token by client credentials, and the token verifies against the JWKS with jose', async () => {
    const key = await activeKey(t);
    const issuer = t.server.services.config.issuer;
    expect(issuer).toBe(t.url);
    const { stdout } = await promisify(execFile)(process.execPath, [join(__dirname, 'credentials-oauth4webapi.client.mjs'), issuer, key.id, key.secret, 'refunds'], { timeout: 20_000 });
    const { metadata, tokens, claims } = JSON.parse(stdout);
    expect(metadata.token_endpoint).toBe(`${issuer}/oauth/token`);
    expect(tokens).toMatchObject({ token_type: 'bearer', expires_in: 3600, scope: 'refunds' });
    expect(claims).toMatchObject({ iss: issuer, sub: key.id, client_id: key.id, scope: 'refunds', aud: issuer });

    // The manual clock of the test server is near real time, so jose's own clock check holds too.
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, createRemoteJWKSet(new URL(metadata.jwks_uri)), { issuer, audience: issuer, typ: 'at+jwt', algorithms: ['ES256'] });
    expect(protectedHeader.typ).toBe('at+jwt');
    expect(payload).toMatchObject({ org: key.organizationId, app: key.applicationId, env: 'TEST' });
  });
});
