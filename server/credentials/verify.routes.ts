import type {} from '@fastify/helmet';
import { FastifyError, FastifyPluginAsync, FastifyReply } from 'fastify';
import { DomainError } from '../errors';
import { asDomainError, FRAMEWORK_ERRORS, httpErrorOf, unsupportedMediaMessage } from '../http/error-status';
import { Logger } from '../logger';
import { jsonOf, VERIFY_CODES, VerifyResult } from './credential';
import { CREDENTIAL_BODY_LIMIT, sameLogger } from './route-options';
import { CredentialLimits } from './failure-limits';
import { CredentialMetrics } from './metrics';
import { serviceTokenHook, ServiceTokenGuard } from './service-token';
import { isIP } from 'node:net';
import { Verifier, VerifyCall } from './verifier';
import { MAX_COST } from '../usage/usage.constants';
import type { ClientAddresses } from '../shared/client-address';

const badRequest = (message: string): Error => Object.assign(new Error(message), { statusCode: 400 });

const nullable = (type: string): { type: string[] } => ({ type: [type, 'null'] });
const errorBody = { type: 'object', required: ['error', 'message'], properties: { error: { type: 'string' }, message: { type: 'string' } } } as const;

/** The answer of verify, as documented (OpenAPI) and checked by the tests. */
export const VERIFY_RESULT_SCHEMA = {
  type: 'object',
  required: ['valid', 'code', 'keyId', 'applicationId', 'organizationId', 'environment', 'scopes', 'destination', 'webhookUrl', 'metadata', 'expiresAt'],
  properties: {
    valid: { type: 'boolean' },
    code: { type: 'string', enum: VERIFY_CODES },
    keyId: nullable('string'),
    applicationId: nullable('string'),
    organizationId: nullable('string'),
    environment: { type: ['string', 'null'], enum: ['TEST', 'LIVE', null] },
    scopes: { type: 'array', items: { type: 'string' } },
    destination: nullable('string'),
    webhookUrl: nullable('string'),
    metadata: { type: ['object', 'null'], additionalProperties: true },
    expiresAt: { type: ['string', 'null'], format: 'date-time' },
    rateLimits: {
      type: 'array',
      items: { type: 'object', required: ['name', 'limit', 'remaining', 'resetAt'], properties: { name: { type: 'string' }, limit: { type: 'integer' }, remaining: { type: 'integer' }, resetAt: { type: 'string', format: 'date-time' } } },
    },
    credits: { type: ['object', 'null'], properties: { remaining: { type: 'integer' } } },
  },
} as const;

/**
 * The request body, and the answers' shapes for documentation: answers are sent as prebuilt JSON
 * text (see `jsonOf`), which Fastify passes through without serializing — the response schemas
 * document, they do not serialize, so verify costs what it did.
 */
const verifySchema = {
  summary: 'Verify an API key',
  tags: ['verify'],
  security: [{ serviceToken: [] }],
  body: {
    type: 'object',
    required: ['key'],
    properties: {
      key: { type: 'string' },
      requiredScopes: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 200 } },
      // SPEC 7: what the call costs against rate limits and credits, and the end client's address.
      cost: { type: 'integer', minimum: 0, maximum: MAX_COST },
      ip: { type: 'string', maxLength: 64 },
    },
  },
  response: { 200: VERIFY_RESULT_SCHEMA, 400: errorBody, 401: errorBody, 413: errorBody, 415: errorBody, 429: errorBody, 503: errorBody },
};

const JSON_TYPE = 'application/json; charset=utf-8';

/** Exactly what verify uses, nothing more. */
export interface VerifyRouteOptions {
  readonly verifier: Pick<Verifier, 'verify' | 'cachedVerdict'>;
  readonly metrics: Pick<CredentialMetrics, 'request' | 'verifyResult'>;
  readonly serviceTokens: ServiceTokenGuard;
  readonly limits: Pick<CredentialLimits, 'verifyToken' | 'serviceTokenGuess'>;
  readonly addresses: ClientAddresses;
  readonly logger: Logger;
}

/** POST /v1/keys/verify: JSON in, JSON out, always 200 for a well-formed request. */
export const verifyRoutes: FastifyPluginAsync<VerifyRouteOptions> = async (app, { verifier, metrics, serviceTokens, limits, addresses, logger }) => {
  // Metrics are taken here rather than in an onResponse hook: one hook less on the hot path.
  const answerWith = (reply: FastifyReply, result: VerifyResult): void => {
    metrics.verifyResult(result.code);
    metrics.request('verify', 200, reply.elapsedTime);
    void reply.type(JSON_TYPE).send(jsonOf(result));
  };
  // JSON only: with Fastify's text/plain parser gone, any other body is 415.
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler((raw: FastifyError | DomainError, request, reply) => {
    const error = asDomainError(raw);
    const mapped = error instanceof DomainError ? httpErrorOf(error.code) : null;
    const framework = error instanceof DomainError ? undefined : error.statusCode;
    const status = mapped ? mapped.status : framework && framework >= 400 && framework < 500 ? framework : 500;
    metrics.request('verify', status, reply.elapsedTime);
    if (status === 503) void reply.header('retry-after', '2');
    if (status >= 500) {
      if (status === 500) logger.error({ err: error, url: request.url }, 'unexpected error on the verify endpoint');
      return reply.code(status).send({ error: mapped?.error ?? 'internal_error', message: status === 500 ? 'Internal error' : error.message });
    }
    const message = status === 415 ? unsupportedMediaMessage('application/json', request.headers['content-type']) : error.message;
    return reply.code(status).send({ error: mapped?.error ?? FRAMEWORK_ERRORS[status] ?? 'invalid_request', message });
  });

  const guard = serviceTokenHook(app, {
    guard: serviceTokens,
    guesses: limits.serviceTokenGuess,
    addresses,
    refuse: (reply, refusal) => {
      metrics.request('verify', refusal.status, reply.elapsedTime);
      if (refusal.status === 429) {
        void reply.code(429).header('retry-after', String(refusal.retryAfterSeconds)).send({ error: 'too_many_requests', message: refusal.message });
        return;
      }
      void reply.code(401).header('www-authenticate', `Bearer realm="keyward"${refusal.reason === 'wrong' ? ', error="invalid_token"' : ''}`).send({ error: 'unauthorized', message: refusal.message });
    },
  });

  app.post('/v1/keys/verify', { bodyLimit: CREDENTIAL_BODY_LIMIT, helmet: false, childLoggerFactory: sameLogger, schema: verifySchema, onRequest: guard }, (request, reply) => {
    const body = request.body as { key: string; requiredScopes?: string[]; cost?: number; ip?: string };
    // An address that is not one is the caller's mistake, said plainly (never a silent refusal).
    if (body.ip !== undefined && isIP(body.ip) === 0) throw badRequest('body/ip must be an IPv4 or IPv6 address');
    const call: VerifyCall = { cost: body.cost, ip: body.ip };
    // The budget is the token's, not its header's spelling.
    const caller = request.serviceToken;
    const wait = limits.verifyToken.retryAfter(caller);
    if (wait > 0) {
      // Over its budget of unknown keys, a service token is still answered for every key in the
      // cache — payments with good keys go on — but gets no database read for the rest.
      const cached = verifier.cachedVerdict(body.key, body.requiredScopes, call);
      if (cached instanceof Promise) return cached.then((answer) => answerWith(reply, answer));
      if (cached !== null) return answerWith(reply, cached);
      metrics.request('verify', 429, reply.elapsedTime);
      return reply.code(429).header('retry-after', String(wait)).send({ error: 'too_many_requests', message: `Too many unknown keys from this service token; retry in ${wait} s` });
    }
    const result = verifier.verify(body.key, body.requiredScopes, request.id, call);
    if (result instanceof Promise) {
      return result.then((answer) => {
        // Only a well-formed key the database does not know is a guess; MALFORMED never reaches here.
        if (answer.code === 'NOT_FOUND') limits.verifyToken.fail(caller);
        answerWith(reply, answer);
      });
    }
    // A cache hit (or a malformed key, refused without a lookup) is answered synchronously, with a
    // prebuilt JSON text. A malformed key costs nothing to refuse: it never counts as a failure.
    answerWith(reply, result);
    return undefined;
  });
};
