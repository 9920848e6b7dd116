'use strict';
// The baseline of the verify benchmark (SPEC 6): a bare node:http server that reads the same JSON
// body as verify, parses it and answers a JSON object of the same shape and size as verify's VALID
// answer (so the load generator handles the same bytes on both sides): a governed key's answer when
// the body carries `ip` (bench/verify-answers.js). Prints its port when listening.
const http = require('node:http');

const { answerTo } = require('./verify-answers');

const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end('{"error":"invalid_request"}');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(answerTo(body)));
  });
});
server.keepAliveTimeout = 72_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`LISTENING ${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('SIGINT', () => process.exit(0));
