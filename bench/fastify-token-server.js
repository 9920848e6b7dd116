'use strict';
// The token benchmark's second floor: the bare ES256 server's work (bench/bare-token-server.js: parse
// the form, compare the Basic credentials in constant time, sign the same RFC 9068 claims with
// crypto.sign, answer with no-store headers) on the framework Keyward is built on — Fastify with
// @fastify/formbody, no logger, no hooks. What Keyward adds beyond this is its own work (key store,
// failure limits, usage governance, metrics); what this adds beyond the bare floor is the framework's.
// Prints its port when listening. Arguments: client id, client secret.
const fastify = require('fastify');
const formbody = require('@fastify/formbody');
const { generateKeyPairSync, randomUUID, sign, timingSafeEqual } = require('node:crypto');

const [clientId, clientSecret] = process.argv.slice(2);
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const expected = Buffer.from(`Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`);
let issuer = '';
const header = Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'at+jwt', kid: 'bench-es256' })).toString('base64url');
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

const app = fastify({ logger: false, keepAliveTimeout: 72_000 });
app.register(formbody);
app.post('/token', (request, reply) => {
  const form = request.body || {};
  const presented = Buffer.from(request.headers.authorization || '');
  reply.headers(NO_STORE);
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return reply.code(401).send({ error: 'invalid_client' });
  if (form.grant_type !== 'client_credentials') return reply.code(400).send({ error: 'unsupported_grant_type' });
  const scope = form.scope || 'payments:write refunds';
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: issuer, sub: clientId, aud: issuer, exp: now + 3600, iat: now, jti: randomUUID(), client_id: clientId, scope, org: 'org_0mws5b5gplniq5ca8dwznqu6i', app: 'app_0mws5b5gysdmdsuwb4sxg3ok4', env: 'TEST' };
  const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const token = `${input}.${sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
  reply.type('application/json; charset=utf-8').send(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600, scope }));
});
app.listen({ port: 0, host: '127.0.0.1' }).then(() => {
  issuer = `http://127.0.0.1:${app.server.address().port}`;
  process.stdout.write(`LISTENING ${app.server.address().port}\n`);
});
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
process.on('SIGINT', () => process.exit(0));
