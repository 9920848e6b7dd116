import type {} from '@fastify/helmet';
import { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { DomainError, ErrorCode } from '../errors';
import { Logger } from '../logger';
import { Services } from '../services';
import { jsonOf, VERIFY_CODES, VerifyResult } from './credential';
import { CREDENTIAL_BODY_LIMIT, sameLogger } from './route-options';
import { CredentialLimits } from './failure-limits';
import { ServiceTokenGuard } from './service-token';

const nullable = (type: string): { type: string[] } => ({ type: [type, 'null'] });

/**
 * The request body, and the answer's shape for documentation: answers are sent as prebuilt JSON
 * text of exactly this shape (see `jsonOf`), which Fastify passes through without serializing.
 */
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
    429: { type: 'object', properties: { error: { type: 'string' }, message: { type: 'string' } } },
  },
};

const HTTP_ERRORS: Readonly<Record<number, string>> = { 400: 'invalid_request', 401: 'unauthorized', 404: 'not_found', 405: 'method_not_allowed', 413: 'payload_too_large', 415: 'unsupported_media_type' };

const JSON_TYPE = 'application/json; charset=utf-8';

/** POST /v1/keys/verify: JSON in, JSON out, always 200 for a well-formed request. */
export async function verifyRoutes(app: FastifyInstance, services: Services, logger: Logger, limits: CredentialLimits): Promise<void> {
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
        const wait = limits.serviceTokenGuess.retryAfter(request.ip);
        if (wait === 0 && guard.check(request.headers.authorization)) return done();
        if (wait > 0) {
          metrics.request('verify', 429, reply.elapsedTime);
          void reply.code(429).header('retry-after', String(wait)).send({ error: 'too_many_requests', message: `Too many wrong service tokens from this address; retry in ${wait} s` });
          return;
        }
        limits.serviceTokenGuess.fail(request.ip);
        metrics.request('verify', 401, reply.elapsedTime);
        void reply.code(401).header('www-authenticate', 'Bearer realm="keyward"').send({ error: 'unauthorized', message: 'Send Authorization: Bearer <service token>' });
      },
    },
    (request, reply) => {
      const body = request.body as { key: string; requiredScopes?: string[] };
      const caller = request.headers.authorization!;
      const wait = limits.verifyToken.retryAfter(caller);
      if (wait > 0) {
        // Over its budget of unknown keys, a service token is still answered for every key in the
        // cache — payments with good keys go on — but gets no database read for the rest.
        const cached = verifier.cachedVerdict(body.key, body.requiredScopes);
        if (cached !== null) return answerWith(reply, cached);
        metrics.request('verify', 429, reply.elapsedTime);
        return reply.code(429).header('retry-after', String(wait)).send({ error: 'too_many_requests', message: `Too many unknown keys from this service token; retry in ${wait} s` });
      }
      const result = verifier.verify(body.key, body.requiredScopes, request.id);
      if (result instanceof Promise) {
        return result.then((answer) => {
          if (answer.code === 'NOT_FOUND') limits.verifyToken.fail(caller);
          answerWith(reply, answer);
        });
      }
      if (result.code === 'MALFORMED') limits.verifyToken.fail(caller);
      // A cache hit is answered synchronously (no promise at all) with a prebuilt JSON text.
      answerWith(reply, result);
      return undefined;
    },
  );
}

