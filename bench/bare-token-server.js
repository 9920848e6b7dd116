'use strict';
// The floor of the token benchmark: a bare node:http server doing only what any client credentials
// endpoint with ES256 JWT access tokens must do per request — read and parse the form, check the
// HTTP Basic credentials (constant-time compare), sign an RFC 9068 token with the same claims as
// Keyward's (Node's one-shot crypto.sign, as Keyward does) and answer it with no-store headers.
// No key store, no limits, no metrics, no framework: what no real server can beat on this machine.
// Prints its port when listening. Arguments: client id, client secret.
const http = require('node:http');
const { generateKeyPairSync, randomUUID, sign, timingSafeEqual } = require('node:crypto');

const [clientId, clientSecret] = process.argv.slice(2);
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const expected = Buffer.from(`Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`);
let issuer = '';
const header = Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'at+jwt', kid: 'bench-es256' })).toString('base64url');

function refuse(response, status, error) {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', pragma: 'no-cache' });
  response.end(JSON.stringify({ error }));
}

const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const presented = Buffer.from(request.headers.authorization || '');
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return refuse(response, 401, 'invalid_client');
    if (form.get('grant_type') !== 'client_credentials') return refuse(response, 400, 'unsupported_grant_type');
    const scope = form.get('scope') || 'payments:write refunds';
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: issuer, sub: clientId, aud: issuer, exp: now + 3600, iat: now, jti: randomUUID(), client_id: clientId, scope, org: 'org_0mws5b5gplniq5ca8dwznqu6i', app: 'app_0mws5b5gysdmdsuwb4sxg3ok4', env: 'TEST' };
    const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    const token = `${input}.${sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', pragma: 'no-cache' });
    response.end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600, scope }));
  });
});
server.keepAliveTimeout = 72_000;
server.listen(0, '127.0.0.1', () => {
  issuer = `http://127.0.0.1:${server.address().port}`;
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('SIGINT', () => process.exit(0));
