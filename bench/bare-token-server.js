'use strict';
// The floor of the token benchmark: a bare node:http server doing only what any client credentials
// endpoint with ES256 JWT access tokens must do per request — read and parse the form, check the
// HTTP Basic credentials (constant-time compare), sign an RFC 9068 token with the same claims as
// Keyward's (bench/es256-floor.js) and answer it with no-store headers.
// No key store, no limits, no metrics, no framework: what no real server can beat on this machine.
// Prints its port when listening. Arguments: client id, client secret.
const http = require('node:http');
const { es256Floor, NO_STORE } = require('./es256-floor');

const floor = es256Floor(...process.argv.slice(2, 4));
let issuer = '';
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', ...NO_STORE };

function refuse(response, status, error) {
  response.writeHead(status, JSON_HEADERS);
  response.end(JSON.stringify({ error }));
}

const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    if (!floor.authenticated(request.headers.authorization)) return refuse(response, 401, 'invalid_client');
    if (form.get('grant_type') !== 'client_credentials') return refuse(response, 400, 'unsupported_grant_type');
    response.writeHead(200, JSON_HEADERS);
    response.end(floor.answer(issuer, form.get('scope') || 'payments:write refunds'));
  });
});
server.keepAliveTimeout = 72_000;
server.listen(0, '127.0.0.1', () => {
  issuer = `http://127.0.0.1:${server.address().port}`;
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('SIGINT', () => process.exit(0));
