'use strict';
// The floor of a verify cache miss (issue 19, bench/scale.ts): a bare node:http + mysql2 server
// that reads the same JSON body as verify, checks the service token, hashes the key with the same
// pepper (HMAC-SHA256, key derived from KEYWARD_SECRET as server/shared/keyring.ts does) and runs the
// same single statement verify runs on a miss (one row by the unique secret_hash index, joined to
// its key, application and organization by primary key), then answers a JSON object of verify's
// shape. No cache, no rules, no usage recording: what any server doing this lookup must pay.
// Env: DATABASE_URL, KEYWARD_SECRET, KEYWARD_SERVICE_TOKENS. Prints its port when listening.
const http = require('node:http');
const { createHmac, hkdfSync } = require('node:crypto');
const mysql = require('mysql2');

const pepper = Buffer.from(hkdfSync('sha256', process.env.KEYWARD_SECRET, 'keyward', 'secret-hash-pepper/v1', 32));
const serviceToken = `Bearer ${process.env.KEYWARD_SERVICE_TOKENS.split(',')[0]}`;
// The same pool size as Keyward's (server/database/data-source.ts).
const pool = mysql.createPool({ uri: process.env.DATABASE_URL, connectionLimit: 20, enableKeepAlive: true });

const SQL = `SELECT s.id AS secret_id, s.status AS secret_status, s.expires_at AS secret_expires_at,
  k.id AS key_id, k.organization_id, k.application_id, k.environment, k.kind, k.status, k.scopes, k.expires_at,
  k.webhook_url, k.destination, k.metadata, a.is_enabled AS application_enabled, o.policy_token_ttl_seconds AS token_ttl_seconds
FROM api_key_secrets s
JOIN api_keys k ON k.id = s.api_key_id
JOIN applications a ON a.id = k.application_id
JOIN organizations o ON o.id = k.organization_id
WHERE s.secret_hash = ?`;

function answer(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    if (request.headers.authorization !== serviceToken) return answer(response, 401, { error: 'unauthorized' });
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return answer(response, 400, { error: 'invalid_request' });
    }
    if (typeof body.key !== 'string' || body.key.length !== 44) return answer(response, 200, { valid: false, code: 'MALFORMED' });
    const hash = createHmac('sha256', pepper).update(body.key).digest('hex');
    pool.query(SQL, [hash], (error, rows) => {
      if (error) return answer(response, 503, { error: 'unavailable' });
      const row = rows[0];
      if (!row) return answer(response, 200, { valid: false, code: 'NOT_FOUND' });
      const scopes = JSON.parse(row.scopes);
      const valid = row.status === 'ACTIVE' && row.secret_status === 'ACTIVE' && Boolean(row.application_enabled);
      answer(response, 200, {
        valid,
        code: valid ? 'VALID' : row.status,
        keyId: row.key_id,
        applicationId: row.application_id,
        organizationId: row.organization_id,
        environment: row.environment,
        scopes,
        destination: row.destination,
        webhookUrl: row.webhook_url,
        metadata: row.metadata === null ? null : JSON.parse(row.metadata),
        expiresAt: row.expires_at,
      });
    });
  });
});
server.keepAliveTimeout = 72_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`LISTENING ${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => pool.end(() => process.exit(0))));
process.on('SIGINT', () => process.exit(0));
