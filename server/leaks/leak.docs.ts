/**
 * OpenAPI documentation of the leaked-key endpoints (SPEC 9), served at /openapi.json with the
 * other service endpoints. Response schemas are real Fastify response schemas (they serialize),
 * so each lists every property the route sends. GitHub's report is read as raw bytes (the
 * signature covers them), so its request body is documentation only (LEAK_DOC_BODIES).
 */
import type { DocumentedBody } from '../credentials/oauth.docs';

/** Matches one request may report, and the longest token read (GitHub's report and /v1/keys/leaked alike). */
export const MAX_REPORTED = 1000;
export const MAX_TOKEN_LENGTH = 1024;

/** `{ error, message }`, and `outcome` on a 503 from the database (whether the change was applied). */
const errorBody = {
  type: 'object',
  required: ['error', 'message'],
  properties: { error: { type: 'string' }, message: { type: 'string' }, outcome: { type: 'string', enum: ['NOT_APPLIED', 'UNKNOWN'] } },
} as const;
const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((status) => [status, errorBody]));

const label = { type: 'string', enum: ['true_positive', 'false_positive'], description: 'true_positive when the secret is a Keyward key\'s.' } as const;

export const GITHUB_REPORT_BODY = {
  type: 'array',
  maxItems: MAX_REPORTED,
  description: 'GitHub secret scanning partner report; signed over the raw body with the key named by GITHUB-PUBLIC-KEY-IDENTIFIER.',
  items: {
    type: 'object',
    required: ['token', 'type'],
    properties: {
      token: { type: 'string', maxLength: MAX_TOKEN_LENGTH },
      type: { type: 'string', maxLength: 200 },
      url: { type: 'string', description: 'Where GitHub found it.' },
      source: { type: 'string' },
    },
  },
} as const;

export const LEAK_DOCS = {
  github: {
    summary: 'GitHub secret scanning partner endpoint',
    description: 'Receives the secrets GitHub found in public code. A Keyward key among them is revoked (or flagged, per the organization\'s leakedKeyAction) and announced as api_key.leaked. Answers GitHub\'s feedback, one item per match, in order.',
    tags: ['secret-scanning'],
    headers: {
      type: 'object',
      required: ['github-public-key-identifier', 'github-public-key-signature'],
      properties: {
        'github-public-key-identifier': { type: 'string', description: 'The id of the GitHub public key that signed the body.' },
        'github-public-key-signature': { type: 'string', description: 'Base64 ECDSA (SHA-256) signature of the raw body.' },
      },
    },
    response: {
      200: {
        type: 'array',
        items: {
          type: 'object',
          required: ['token_raw', 'token_type', 'label'],
          properties: { token_raw: { type: 'string' }, token_type: { type: 'string' }, label },
        },
      },
      ...errors(400, 401, 413, 503),
    },
  },
  leaked: {
    summary: 'Report leaked API key secrets (the platform\'s own scanners)',
    description: 'Each secret that is a Keyward key\'s is handled as GitHub\'s reports are. Results come in the order of `keys`; secrets are not echoed back.',
    tags: ['secret-scanning'],
    security: [{ serviceToken: [] }],
    response: {
      200: {
        type: 'object',
        required: ['results'],
        properties: {
          results: {
            type: 'array',
            items: {
              type: 'object',
              required: ['index', 'label', 'keyId', 'action'],
              properties: {
                index: { type: 'integer', minimum: 0, description: 'Position of the secret in `keys`.' },
                label,
                keyId: { type: ['string', 'null'] },
                action: { type: ['string', 'null'], enum: ['REVOKED', 'FLAGGED', 'ALREADY_REPORTED', null] },
              },
            },
          },
        },
      },
      ...errors(400, 401, 413, 415, 429, 503),
    },
  },
} as const;

/** Per-route documentation bodies (see DocumentedBody). */
export const LEAK_DOC_BODIES: Readonly<Record<string, DocumentedBody>> = {
  '/v1/secret-scanning/github': { docBody: GITHUB_REPORT_BODY, consumes: ['application/json'] },
};
