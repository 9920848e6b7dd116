/**
 * OpenAPI documentation of the OAuth and discovery endpoints (served at /openapi.json). Response
 * schemas are real Fastify response schemas: error bodies are objects and go through them; a token
 * is sent as ready JSON text, which Fastify passes through unserialized. Request bodies of the
 * token routes are documentation only (`docBody`, applied by the route's swaggerTransform): the
 * hot path parses and checks its form itself, with no schema validation added.
 */
const oauthError = {
  type: 'object',
  required: ['error', 'error_description'],
  properties: {
    error: { type: 'string', enum: ['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope', 'unsupported_token_type', 'invalid_token', 'temporarily_unavailable', 'server_error'] },
    error_description: { type: 'string' },
  },
} as const;

const tokenResponse = {
  type: 'object',
  required: ['access_token', 'token_type', 'expires_in', 'scope'],
  properties: {
    access_token: { type: 'string', description: 'An RFC 9068 JWT access token (ES256), verifiable with the JWKS.' },
    token_type: { type: 'string', enum: ['Bearer'] },
    expires_in: { type: 'integer', minimum: 1 },
    scope: { type: 'string' },
  },
} as const;

const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((status) => [status, oauthError]));

export const TOKEN_FORM = {
  type: 'object',
  required: ['grant_type'],
  properties: {
    grant_type: { type: 'string', enum: ['client_credentials'] },
    scope: { type: 'string', description: 'Space-separated scopes, all held by the key; every scope of the key when absent.' },
    client_id: { type: 'string', description: 'client_secret_post: the key id.' },
    client_secret: { type: 'string', description: 'client_secret_post: the key secret (or use HTTP Basic).' },
  },
} as const;

export const AUTH_TOKEN_BODY = {
  type: 'object',
  required: ['client_secret'],
  properties: {
    client_secret: { type: 'string' },
    grant_type: { type: 'string', enum: ['client_credentials'] },
    scope: { type: 'string' },
  },
} as const;

const TOKEN_PARAMETER_FORM = {
  type: 'object',
  required: ['token'],
  properties: { token: { type: 'string' }, token_type_hint: { type: 'string' } },
} as const;

const introspection = {
  type: 'object',
  required: ['active'],
  additionalProperties: true,
  properties: {
    active: { type: 'boolean' },
    token_type: { type: 'string' },
    client_id: { type: 'string' },
    scope: { type: 'string' },
    sub: { type: 'string' },
    iss: { type: 'string' },
    aud: { type: ['string', 'array'] },
    exp: { type: 'integer' },
    iat: { type: 'integer' },
    jti: { type: 'string' },
    org: { type: 'string' },
    app: { type: 'string' },
    env: { type: 'string' },
  },
} as const;

/** Documentation-only request bodies, merged into the route's schema for /openapi.json alone. */
export interface DocumentedBody {
  readonly docBody: object;
  readonly consumes: readonly string[];
}

export const OAUTH_DOCS = {
  token: {
    summary: 'Client credentials grant (RFC 6749 §4.4)',
    description: 'Client authentication by HTTP Basic (client_secret_basic) or client_id and client_secret in the form (client_secret_post).',
    tags: ['oauth'],
    security: [{ clientBasic: [] }, {}],
    response: { 200: tokenResponse, ...errors(400, 401, 413, 415, 429, 503) },
  },
  authToken: {
    summary: 'Exchange an API key secret for an access token (JSON)',
    tags: ['oauth'],
    response: { 200: tokenResponse, ...errors(400, 401, 413, 415, 429, 503) },
  },
  introspect: {
    summary: 'Token introspection (RFC 7662)',
    tags: ['oauth'],
    security: [{ serviceToken: [] }],
    response: { 200: introspection, ...errors(400, 401, 413, 415, 429, 503) },
  },
  revoke: {
    summary: 'Token revocation (RFC 7009), by a service or by the client the token was issued to',
    tags: ['oauth'],
    security: [{ serviceToken: [] }, { clientBasic: [] }, {}],
    response: { 200: { type: 'object', additionalProperties: false, properties: {} }, ...errors(400, 401, 413, 415, 429, 503) },
  },
  metadata: {
    summary: 'Authorization server metadata (RFC 8414)',
    tags: ['discovery'],
    response: {
      200: {
        type: 'object',
        additionalProperties: true,
        required: ['issuer', 'token_endpoint', 'jwks_uri'],
        properties: { issuer: { type: 'string' }, token_endpoint: { type: 'string' }, jwks_uri: { type: 'string' }, introspection_endpoint: { type: 'string' }, revocation_endpoint: { type: 'string' } },
      },
    },
  },
  jwks: {
    summary: 'The public keys that sign access tokens (RFC 7517)',
    tags: ['discovery'],
    response: {
      200: {
        type: 'object',
        required: ['keys'],
        properties: { keys: { type: 'array', items: { type: 'object', additionalProperties: true, required: ['kty', 'kid'], properties: { kty: { type: 'string' }, kid: { type: 'string' }, alg: { type: 'string' }, use: { type: 'string' } } } } },
      },
    },
  },
} as const;

/** Per-route documentation bodies (see DocumentedBody). */
export const OAUTH_DOC_BODIES: Readonly<Record<string, DocumentedBody>> = {
  '/oauth/token': { docBody: TOKEN_FORM, consumes: ['application/x-www-form-urlencoded'] },
  '/v1/auth/token': { docBody: AUTH_TOKEN_BODY, consumes: ['application/json'] },
  '/oauth/introspect': { docBody: TOKEN_PARAMETER_FORM, consumes: ['application/x-www-form-urlencoded'] },
  '/oauth/revoke': { docBody: TOKEN_PARAMETER_FORM, consumes: ['application/x-www-form-urlencoded'] },
};
