'use strict';
// The token benchmark's second floor: the bare ES256 server's work (bench/es256-floor.js: the form,
// the constant-time Basic check, the same RFC 9068 claims signed with crypto.sign, a no-store
// answer) on the framework Keyward is built on — Fastify with @fastify/formbody, no logger, no
// hooks. What Keyward adds beyond this is its own work (key store, failure limits, usage
// governance, metrics); what this adds beyond the bare floor is the framework's.
// Prints its port when listening. Arguments: client id, client secret.
const fastify = require('fastify');
const formbody = require('@fastify/formbody');
const { es256Floor, NO_STORE } = require('./es256-floor');

const floor = es256Floor(...process.argv.slice(2, 4));
let issuer = '';

const app = fastify({ logger: false, keepAliveTimeout: 72_000 });
app.register(formbody);
app.post('/token', (request, reply) => {
  const form = request.body || {};
  reply.headers(NO_STORE);
  if (!floor.authenticated(request.headers.authorization)) return reply.code(401).send({ error: 'invalid_client' });
  if (form.grant_type !== 'client_credentials') return reply.code(400).send({ error: 'unsupported_grant_type' });
  reply.type('application/json; charset=utf-8').send(floor.answer(issuer, form.scope || 'payments:write refunds'));
});
app.listen({ port: 0, host: '127.0.0.1' }).then(() => {
  issuer = `http://127.0.0.1:${app.server.address().port}`;
  process.stdout.write(`LISTENING ${app.server.address().port}\n`);
});
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
process.on('SIGINT', () => process.exit(0));
