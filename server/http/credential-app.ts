import Fastify, { FastifyBaseLogger, FastifyInstance, LogController } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { CredentialServices } from '../credential-services';
import { credentialRoutes } from '../credentials/credential.routes';
import { credentialLimits } from '../credentials/failure-limits';
import { ServiceTokenGuard } from '../credentials/service-token';
import { DomainError, ErrorCode } from '../errors';
import { GRAPHQL_LIMITS } from '../graphql/limits';
import { Logger } from '../logger';
import { asDomainError, FRAMEWORK_ERRORS, httpErrorOf, unsupportedMediaMessage } from './error-status';
import { healthRoutes } from './health.plugin';
import { metricsRoutes } from './metrics.plugin';

export const BODY_LIMIT_BYTES = GRAPHQL_LIMITS.bodyBytes;

/** Fastify with what every listener shares: request ids, the debug access log, the root error handler. */
export function createFastify(logger: Logger): FastifyInstance {
  const fastify = Fastify({
    bodyLimit: BODY_LIMIT_BYTES,
    loggerInstance: logger as FastifyBaseLogger,
    // One line per request on the hot paths would cost more than the work; errors are logged.
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  // An access log line per request at LOG_LEVEL=debug; at info the hook is not even installed.
  if (logger.isLevelEnabled('debug')) {
    fastify.addHook('onResponse', (request, reply, done) => {
      request.log.debug({ method: request.method, path: request.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request');
      done();
    });
  }

  fastify.setErrorHandler((thrown: Error & { statusCode?: number; code?: string }, request, reply) => {
    const error = asDomainError(thrown);
    if (error instanceof DomainError && error.code === ErrorCode.UNAVAILABLE && error.details.outcome !== undefined) {
      return reply.code(503).header('retry-after', '2').send({ error: 'unavailable', message: error.message, outcome: error.details.outcome });
    }
    if (error instanceof DomainError) {
      const mapped = httpErrorOf(error.code);
      if (mapped.status === 500) request.log.error({ err: error, url: request.url.split('?')[0] }, 'unhandled HTTP error');
      return reply.code(mapped.status).send({ error: mapped.error, message: mapped.status === 500 ? 'Internal error' : error.message });
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error, url: request.url.split('?')[0] }, 'unhandled HTTP error');
    const message = status === 500 ? 'Internal error' : status === 415 ? unsupportedMediaMessage('application/json', request.headers['content-type']) : error.message;
    return reply.code(status).send({ error: status === 500 ? 'internal_error' : (FRAMEWORK_ERRORS[status] ?? 'invalid_request'), message });
  });
  return fastify;
}

/** The hot paths (verify, token, JWKS, leak reports) and /metrics, at the root with nothing but what they need. */
export async function registerCredentialRoutes(fastify: FastifyInstance, services: CredentialServices, logger: Logger): Promise<void> {
  const { config } = services;
  await fastify.register(credentialRoutes, {
    issuer: config.issuer,
    addresses: services.addresses,
    serviceTokens: new ServiceTokenGuard(config.serviceTokens),
    limits: credentialLimits(config.limits),
    verifier: services.verifier,
    signingKeys: services.signingKeys,
    tokens: services.tokens,
    metrics: services.metrics,
    logger,
    leaks: services.leaks,
    githubKeys: services.githubKeys,
  });
  await fastify.register(metricsRoutes, { registry: services.metrics.registry });
}

export const pingOf = (services: CredentialServices) => () => services.db.dataSource.query('SELECT 1');

/**
 * The credentials thread's listener (README, "The credentials port"): the credential routes,
 * /metrics of this thread and the health probes — no GraphQL, no console.
 */
export async function createCredentialApp(services: CredentialServices, logger: Logger): Promise<FastifyInstance> {
  const fastify = createFastify(logger);
  await registerCredentialRoutes(fastify, services, logger);
  await fastify.register(healthRoutes, { pingDatabase: pingOf(services) });
  return fastify;
}
