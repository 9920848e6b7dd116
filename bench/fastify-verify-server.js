'use strict';
// The verify benchmark's second floor: the bare server's work (read and parse the JSON body, answer
// a VALID answer of the same shape and size) on the framework Keyward is built on — Fastify with a
// schema for the body, no logger, no hooks. What Keyward adds beyond this is its own work (service
// token, key cache, usage governance, metrics, request ids); what this adds beyond the bare server is
// the framework's. Prints its port when listening.
const fastify = require('fastify');
const { answerTo } = require('./verify-answers');

const app = fastify({ logger: false, keepAliveTimeout: 72_000 });
const body = { type: 'object', required: ['key'], properties: { key: { type: 'string' }, requiredScopes: { type: 'array', items: { type: 'string' } }, cost: { type: 'integer' }, ip: { type: 'string' } } };
app.post('/v1/keys/verify', { schema: { body } }, (request, reply) => {
  reply.type('application/json; charset=utf-8').send(JSON.stringify(answerTo(request.body)));
});
app.listen({ port: 0, host: '127.0.0.1' }).then(() => process.stdout.write(`LISTENING ${app.server.address().port}\n`));
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
process.on('SIGINT', () => process.exit(0));
