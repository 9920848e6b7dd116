import { ApolloServer } from '@apollo/server';
import fastifyHelmet from '@fastify/helmet';
import Fastify, { FastifyBaseLogger, FastifyInstance, LogController } from 'fastify';
import { GraphQLSchema } from 'graphql';
import { randomUUID } from 'node:crypto';
import { WebSocketServer } from 'ws';
import { credentialRoutes } from '../credentials/credential.routes';
import { credentialLimits } from '../credentials/failure-limits';
import { ServiceTokenGuard } from '../credentials/service-token';
import { DomainError, ErrorCode } from '../errors';
import { Context } from '../graphql/context';
import { GRAPHQL_LIMITS } from '../graphql/limits';
import { createGraphQLPipeline } from '../graphql/pipeline';
import { Logger, requestScope } from '../logger';
import { Services } from '../services';
import { consoleDirectory, consoleRoutes } from './console.plugin';
import { asDomainError, FRAMEWORK_ERRORS, httpErrorOf, unsupportedMediaMessage } from './error-status';
import { createGraphQLTransport } from './graphql.plugin';
import { healthRoutes } from './health.plugin';
import { metricsRoutes } from './metrics.plugin';
import { openApiRoute, registerOpenApi } from './openapi.plugin';

export { GRAPHQL_PATH } from './graphql.plugin';
export const BODY_LIMIT_BYTES = GRAPHQL_LIMITS.bodyBytes;

export interface HttpApp {
  readonly fastify: FastifyInstance;
  readonly apollo: ApolloServer<Context>;
  readonly sockets: WebSocketServer;
  close(): Promise<void>;
}

export interface HttpAppOptions {
  /** How often a live GraphQL socket re-checks its session token (default 30 s). */
  readonly sessionCheckMs?: number;
  /** GraphQL execution deadline (default GRAPHQL_LIMITS.executionTimeoutMs). */
  readonly executionTimeoutMs?: number;
  /** GraphQL row budget per operation (default GRAPHQL_LIMITS.maxRowsPerRequest). */
  readonly maxRowsPerRequest?: number;
}

const VERSION: string = (() => {
  try {
    return (require('../../package.json') as { version: string }).version;
  } catch {
    return (require('../../../package.json') as { version: string }).version;
  }
})();

/**
 * Fastify carries every route: it is the fastest mainstream Node framework, close to bare
 * `node:http` on the verify and token hot paths, and Apollo has a maintained integration for it.
 * Each group of routes is a plugin that receives only what it uses.
 */
export async function createHttpApp(services: Services, schema: GraphQLSchema, logger: Logger, options: HttpAppOptions = {}): Promise<HttpApp> {
  const { config } = services;
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

  // Collects the documented routes as they are added: before any of them.
  await registerOpenApi(fastify, { issuer: config.issuer, version: VERSION });

  // The hot paths (verify, token, JWKS) live at the root, with nothing but what they need.
  await fastify.register(credentialRoutes, {
    issuer: config.issuer,
    trustedProxies: config.trustedProxies,
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

  const pipeline = createGraphQLPipeline(schema, { production: config.nodeEnv === 'production', includeStack: config.nodeEnv === 'development', logger, executionTimeoutMs: options.executionTimeoutMs, maxRowsPerRequest: options.maxRowsPerRequest });
  const graphql = await createGraphQLTransport(fastify, { services, pipeline, sessionCheckMs: options.sessionCheckMs });

  // Everything people and dashboards use: GraphQL, health, the console — with security headers and
  // a request scope, so that every log line written while serving carries the request id.
  await fastify.register(async (web) => {
    web.addHook('onRequest', (request, _reply, done) => requestScope.run({ requestId: request.id }, done));
    // Security headers; the console gets a strict CSP (no inline script or style).
    await web.register(fastifyHelmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginEmbedderPolicy: false,
      hsts: false,
    });
    await web.register(graphql.routes);
    await web.register(healthRoutes, { pingDatabase: () => services.db.dataSource.query('SELECT 1') });
    openApiRoute(web as unknown as FastifyInstance);
    await web.register(consoleRoutes, { directory: consoleDirectory() });
  });

  return {
    fastify,
    apollo: graphql.apollo,
    sockets: graphql.sockets,
    async close() {
      await graphql.apollo.stop();
      for (const client of graphql.sockets.clients) client.close(1001, 'server shutting down');
      await fastify.close();
    },
  };
}
