import formbody from '@fastify/formbody';
import type {} from '@fastify/helmet';
import { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RawServerDefault } from 'fastify';
import { IncomingMessage, ServerResponse } from 'node:http';
import { DomainError, ErrorCode } from '../errors';
import { Logger } from '../logger';
import { Services } from '../services';
import { FormParams, param, parseScope, readClientCredentials } from './client-auth';
import { jsonOf, VERIFY_CODES, VerifyResult } from './credential';
import { MeteredRoute } from './metrics';
import { OAuthError, oauthErrorFromDomain, statusOf } from './oauth-error';
import { ServiceTokenGuard } from './service-token';

/** Verify and token requests are small; anything larger is refused before it is read. */
export const CREDENTIAL_BODY_LIMIT = 16 * 1024;

const nullable = (type: string): { type: string[] } => ({ type: [type, 'null'] });

const verifySchema = {
  body: {
    type: 'object',
    required: ['key'],
    properties: {
      key: { type: 'string' },
      requiredScopes: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 200 } },
    },
  },
  response: {
    200: {
      type: 'object',
      properties: {
        valid: { type: 'boolean' },
        code: { type: 'string', enum: VERIFY_CODES },
        keyId: nullable('string'),
        applicationId: nullable('string'),
        organizationId: nullable('string'),
        environment: nullable('string'),
        scopes: { type: 'array', items: { type: 'string' } },
        destination: nullable('string'),
        webhookUrl: nullable('string'),
        metadata: { type: ['object', 'null'], additionalProperties: true },
        expiresAt: nullable('string'),
      },
    },
    401: { type: 'object', properties: { error: { type: 'string' }, message: { type: 'string' } } },
  },
};

const HTTP_ERRORS: Readonly<Record<number, string>> = { 400: 'invalid_request', 401: 'unauthorized', 404: 'not_found', 405: 'method_not_allowed', 413: 'payload_too_large', 415: 'unsupported_media_type' };

/**
 * The hot routes log through the parent logger: the request id already reaches every log line from
 * the request scope, and a pino child per request (with redaction set up) costs more than verify.
 */
const sameLogger = <L>(logger: L): L => logger;

function metered(services: Services, route: MeteredRoute) {
  const metrics = services.metrics;
  return (_request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    metrics.request(route, reply.statusCode, reply.elapsedTime);
    done();
  };
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** POST /v1/keys/verify: JSON in, JSON out, always 200 for a well-formed request. */
async function verifyRoutes(app: FastifyInstance, services: Services, logger: Logger): Promise<void> {
  const guard = new ServiceTokenGuard(services.config.serviceTokens);
  const { verifier, metrics } = services;
  // Metrics are taken here rather than in an onResponse hook: one hook less on the hot path.
  const answerWith = (reply: FastifyReply, result: VerifyResult): void => {
    metrics.verifyResult(result.code);
    metrics.request('verify', 200, reply.elapsedTime);
    void reply.type(JSON_TYPE).send(jsonOf(result));
  };
  // JSON only: with Fastify's text/plain parser gone, any other body is 415.
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler((error: FastifyError | DomainError, request, reply) => {
    const status = error instanceof DomainError ? (error.code === ErrorCode.UNAVAILABLE ? 503 : 500) : error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    metrics.request('verify', status, reply.elapsedTime);
    if (status === 503) return reply.code(503).send({ error: 'unavailable', message: error.message });
    if (status === 500) {
      logger.error({ err: error, url: request.url }, 'unexpected error on the verify endpoint');
      return reply.code(500).send({ error: 'internal_error', message: 'Internal error' });
    }
    return reply.code(status).send({ error: HTTP_ERRORS[status] ?? 'bad_request', message: error.message });
  });

  app.post(
    '/v1/keys/verify',
    {
      bodyLimit: CREDENTIAL_BODY_LIMIT,
      helmet: false,
      childLoggerFactory: sameLogger,
      schema: verifySchema,
      onRequest: (request, reply, done) => {
        if (guard.check(request.headers.authorization)) return done();
        metrics.request('verify', 401, reply.elapsedTime);
        void reply.code(401).header('www-authenticate', 'Bearer realm="keyward"').send({ error: 'unauthorized', message: 'Send Authorization: Bearer <service token>' });
      },
    },
    (request, reply) => {
      const body = request.body as { key: string; requiredScopes?: string[] };
      const result = verifier.verify(body.key, body.requiredScopes);
      if (result instanceof Promise) return result.then((answer) => answerWith(reply, answer));
      // A cache hit is answered synchronously (no promise at all) with a prebuilt JSON text.
      answerWith(reply, result);
      return undefined;
    },
  );
}

/** RFC 6749 §5.1; a schema lets Fastify serialize it without JSON.stringify's generic walk. */
const tokenResponseSchema = {
  200: {
    type: 'object',
    properties: { access_token: { type: 'string' }, token_type: { type: 'string' }, expires_in: { type: 'integer' }, scope: { type: 'string' } },
  },
};

const noStore = (reply: FastifyReply): FastifyReply => reply.header('cache-control', 'no-store').header('pragma', 'no-cache');

const isForm = (request: FastifyRequest): boolean => (request.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
const isJson = (request: FastifyRequest): boolean => (request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json');

/** The OAuth endpoints: form bodies, RFC 6749 §5.2 error bodies, never cached. */
async function oauthRoutes(app: FastifyInstance, services: Services, logger: Logger): Promise<void> {
  const guard = new ServiceTokenGuard(services.config.serviceTokens);
  const { tokens } = services;
  await app.register(formbody, { bodyLimit: CREDENTIAL_BODY_LIMIT });
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler((raw: FastifyError | DomainError | OAuthError, request, reply) => {
    let error: OAuthError;
    if (raw instanceof OAuthError) error = raw;
    else if (raw instanceof DomainError) error = oauthErrorFromDomain(raw);
    else if (raw.statusCode && raw.statusCode >= 400 && raw.statusCode < 500) error = new OAuthError('invalid_request', raw.message);
    else error = new OAuthError('server_error', 'Internal error');
    if (error.error === 'server_error') logger.error({ err: raw, url: request.url }, 'unexpected error on an OAuth endpoint');
    noStore(reply);
    if (error.error === 'invalid_client' && error.basic) reply.header('www-authenticate', 'Basic realm="keyward", charset="UTF-8"');
    // An oversized body keeps its HTTP status; every other problem takes the one RFC 6749 gives it.
    const status = !(raw instanceof OAuthError) && !(raw instanceof DomainError) && raw.statusCode === 413 ? 413 : statusOf(error.error);
    return reply.code(status).send({ error: error.error, error_description: error.description });
  });

  const form = (request: FastifyRequest): FormParams => {
    if (!isForm(request) || typeof request.body !== 'object' || request.body === null) {
      throw new OAuthError('invalid_request', 'Send the parameters as application/x-www-form-urlencoded');
    }
    return request.body as FormParams;
  };

  app.post('/oauth/token', { bodyLimit: CREDENTIAL_BODY_LIMIT, helmet: false, childLoggerFactory: sameLogger, schema: { response: tokenResponseSchema }, onResponse: metered(services, 'token') }, async (request, reply) => {
    const body = form(request);
    const grantType = param(body, 'grant_type');
    const client = readClientCredentials(request.headers.authorization, body);
    if (grantType === undefined) throw new OAuthError('invalid_request', 'grant_type is required');
    if (grantType !== 'client_credentials') throw new OAuthError('unsupported_grant_type', 'Only grant_type=client_credentials is supported');
    const scopes = parseScope(param(body, 'scope'));
    const authenticated = tokens.authenticate(client.clientId, client.clientSecret, client.method === 'client_secret_basic');
    const credential = authenticated instanceof Promise ? await authenticated : authenticated;
    return noStore(reply).send(await tokens.issue(credential, scopes));
  });

  app.post('/v1/auth/token', { bodyLimit: CREDENTIAL_BODY_LIMIT, helmet: false, childLoggerFactory: sameLogger, schema: { response: tokenResponseSchema }, onResponse: metered(services, 'auth_token') }, async (request, reply) => {
    if (!isJson(request) || typeof request.body !== 'object' || request.body === null || Array.isArray(request.body)) {
      throw new OAuthError('invalid_request', 'Send a JSON object: { "client_secret": "sk_…" }');
    }
    const body = request.body as FormParams;
    const secret = param(body, 'client_secret');
    if (secret === undefined || secret === '') throw new OAuthError('invalid_request', 'client_secret is required');
    const grantType = param(body, 'grant_type');
    if (grantType !== undefined && grantType !== 'client_credentials') throw new OAuthError('unsupported_grant_type', 'Only client_credentials is supported');
    const scopes = parseScope(param(body, 'scope'));
    const authenticated = tokens.authenticate(undefined, secret, false);
    const credential = authenticated instanceof Promise ? await authenticated : authenticated;
    return noStore(reply).send(await tokens.issue(credential, scopes));
  });

  app.post(
    '/oauth/introspect',
    {
      bodyLimit: CREDENTIAL_BODY_LIMIT,
      helmet: false,
      onRequest: (request, reply, done) => {
        if (guard.check(request.headers.authorization)) return done();
        noStore(reply)
          .code(401)
          .header('www-authenticate', 'Bearer realm="keyward", error="invalid_token"')
          .send({ error: 'invalid_token', error_description: 'Send Authorization: Bearer <service token>' });
      },
      onResponse: metered(services, 'introspect'),
    },
    async (request, reply) => {
      const token = param(form(request), 'token');
      if (token === undefined || token === '') throw new OAuthError('invalid_request', 'token is required');
      return noStore(reply).send(await tokens.introspect(token));
    },
  );

  app.post('/oauth/revoke', { bodyLimit: CREDENTIAL_BODY_LIMIT, helmet: false, onResponse: metered(services, 'revoke') }, async (request, reply) => {
    const body = form(request);
    const token = param(body, 'token');
    param(body, 'token_type_hint');
    let clientId: string | null = null;
    if (!guard.check(request.headers.authorization)) {
      const client = readClientCredentials(request.headers.authorization, body);
      clientId = (await tokens.authenticate(client.clientId, client.clientSecret, client.method === 'client_secret_basic')).keyId;
    }
    if (token === undefined || token === '') throw new OAuthError('invalid_request', 'token is required');
    await tokens.revoke(token, clientId);
    return noStore(reply).code(200).send({});
  });
}

/**
 * The credential endpoints (SPEC 4.2): verify, the token endpoints, JWKS, the RFC 8414 metadata,
 * introspection, revocation and /metrics. Loads the signing keys (creating the first one) and
 * connects the cache invalidation bus before the routes answer.
 */
export async function registerCredentialRoutes<L extends FastifyBaseLogger>(fastify: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, L>, services: Services, logger: Logger): Promise<void> {
  await services.signingKeys.start();
  await services.verifier.start();
  fastify.addHook('onClose', async () => {
    services.signingKeys.stop();
    await services.verifier.stop();
  });

  const issuer = services.config.issuer;
  const metadata = {
    issuer,
    token_endpoint: `${issuer}/oauth/token`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    introspection_endpoint: `${issuer}/oauth/introspect`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    grant_types_supported: ['client_credentials'],
    response_types_supported: [],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
  };
  fastify.get('/.well-known/oauth-authorization-server', async (_request, reply) => reply.header('cache-control', 'public, max-age=300').send(metadata));
  fastify.get('/.well-known/jwks.json', async (_request, reply) => reply.header('cache-control', 'public, max-age=60').send(services.signingKeys.publicKeys()));
  fastify.get('/metrics', async (_request, reply) => reply.type(services.metrics.registry.contentType).send(await services.metrics.registry.metrics()));

  await fastify.register(async (app) => verifyRoutes(app as unknown as FastifyInstance, services, logger));
  await fastify.register(async (app) => oauthRoutes(app as unknown as FastifyInstance, services, logger));
}
