'use strict';
// The verify benchmark's answers, of the same shape and size as Keyward's VALID answers (so the load
// generator handles the same bytes on every side): a key without usage governance, and one with two
// rate limits and credits (SPEC 7), which a request carrying `ip` stands for.
const PLAIN = {
  valid: true,
  code: 'VALID',
  keyId: 'key_0000000000000000000000000',
  applicationId: 'app_0000000000000000000000000',
  organizationId: 'org_0000000000000000000000000',
  environment: 'TEST',
  scopes: ['payments:write', 'refunds'],
  destination: null,
  webhookUrl: null,
  metadata: null,
  expiresAt: null,
  rateLimits: [],
  credits: null,
};

const GOVERNED = {
  ...PLAIN,
  rateLimits: [
    { name: 'per-second', limit: 1000000000, remaining: 999999999, resetAt: '2026-12-03T00:00:01.000Z' },
    { name: 'daily', limit: 1000000000, remaining: 999999999, resetAt: '2026-12-04T00:00:00.000Z' },
  ],
  credits: { remaining: 999999999 },
};

/** The answer to a parsed body, as the baselines compute it per request. */
const answerTo = (body) => (typeof body.key !== 'string' ? { valid: false, code: 'MALFORMED' } : body.ip === undefined ? PLAIN : GOVERNED);

module.exports = { PLAIN, GOVERNED, answerTo };
