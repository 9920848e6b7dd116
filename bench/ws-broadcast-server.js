'use strict';
// The baseline of the subscriptions benchmark: a bare `ws` server that, on POST /broadcast, sends
// the posted bytes to every connected socket. Prints its port when listening.
const http = require('node:http');
const { WebSocketServer } = require('ws');

const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const payload = Buffer.concat(chunks).toString('utf8');
    for (const socket of sockets.clients) socket.send(payload);
    response.end(String(sockets.clients.size));
  });
});
const sockets = new WebSocketServer({ server });
server.listen(0, '127.0.0.1', () => process.stdout.write(`LISTENING ${server.address().port}\n`));
process.on('SIGTERM', () => {
  for (const socket of sockets.clients) socket.terminate();
  server.close(() => process.exit(0));
});
