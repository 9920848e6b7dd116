// The baseline of the token benchmark (SPEC 6): oidc-provider's client credentials grant issuing
// ES256 JWT access tokens (through a resource indicator, which is how oidc-provider makes JWT
// access tokens). Prints its port when listening. Arguments: client id, client secret.
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

const [clientId, clientSecret] = process.argv.slice(2);
const { privateKey } = await generateKeyPair('ES256', { extractable: true });
const signingKey = { ...(await exportJWK(privateKey)), kid: 'bench-es256', alg: 'ES256', use: 'sig' };
const RESOURCE = 'https://payments.example';

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{ client_id: clientId, client_secret: clientSecret, grant_types: ['client_credentials'], redirect_uris: [], response_types: [], token_endpoint_auth_method: 'client_secret_basic', id_token_signed_response_alg: 'ES256', scope: 'payments:write refunds' }],
  jwks: { keys: [signingKey] },
  scopes: ['payments:write', 'refunds'],
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => RESOURCE,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({ scope: 'payments:write refunds', audience: RESOURCE, accessTokenTTL: 3600, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } }),
    },
  },
});
server.on('request', provider.callback());
server.keepAliveTimeout = 72_000;
process.stdout.write(`LISTENING ${port}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
