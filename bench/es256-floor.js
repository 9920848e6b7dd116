'use strict';
// What both token floors do per request (bench/bare-token-server.js on node:http,
// bench/fastify-token-server.js on Fastify): check the HTTP Basic credentials in constant time and
// sign an RFC 9068 access token with the same claims as Keyward's (Node's one-shot crypto.sign, as
// Keyward does). Arguments of both servers: client id, client secret.
const { generateKeyPairSync, randomUUID, sign, timingSafeEqual } = require('node:crypto');

function es256Floor(clientId, clientSecret) {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const expected = Buffer.from(`Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`);
  const header = Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'at+jwt', kid: 'bench-es256' })).toString('base64url');
  return {
    /** Whether the Authorization header carries the client's credentials. */
    authenticated(authorization) {
      const presented = Buffer.from(authorization || '');
      return presented.length === expected.length && timingSafeEqual(presented, expected);
    },
    /** The token answer's JSON text. */
    answer(issuer, scope) {
      const now = Math.floor(Date.now() / 1000);
      const claims = { iss: issuer, sub: clientId, aud: issuer, exp: now + 3600, iat: now, jti: randomUUID(), client_id: clientId, scope, org: 'org_0mws5b5gplniq5ca8dwznqu6i', app: 'app_0mws5b5gysdmdsuwb4sxg3ok4', env: 'TEST' };
      const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
      const token = `${input}.${sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
      return JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600, scope });
    },
  };
}

module.exports = { es256Floor, NO_STORE: { 'cache-control': 'no-store', pragma: 'no-cache' } };
