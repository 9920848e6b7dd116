// Run by credentials-oauth4webapi.test.ts in its own process: oauth4webapi is ESM only, and Jest
// runs the suites as CommonJS. Discovers the server (RFC 8414), takes a token with the client
// credentials grant (client_secret_basic), validates it as a resource server would (RFC 9068),
// and prints what it got as JSON.
import * as oauth from 'oauth4webapi';

const [issuerUrl, clientId, clientSecret, scope] = process.argv.slice(2);
const issuer = new URL(issuerUrl);
const insecure = { [oauth.allowInsecureRequests]: true };

const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }));
const client = { client_id: clientId };
const response = await oauth.clientCredentialsGrantRequest(as, client, oauth.ClientSecretBasic(clientSecret), new URLSearchParams({ scope }), insecure);
const tokens = await oauth.processClientCredentialsResponse(as, client, response);
const request = new Request(`${issuerUrl}/payments`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
const claims = await oauth.validateJwtAccessToken(as, request, issuerUrl, insecure);
process.stdout.write(JSON.stringify({ metadata: as, tokens, claims }));
