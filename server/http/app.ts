import { ApolloServer } from '@apollo/server';
import fastifyHelmet from '@fastify/helmet';
import { FastifyInstance } from 'fastify';
import { GraphQLSchema } from 'graphql';
import { WebSocketServer } from 'ws';
import { Context } from '../graphql/context';
import { createGraphQLPipeline } from '../graphql/pipeline';
import { Logger, requestScope } from '../logger';
import { Services } from '../services';
import { consoleDirectory, consoleRoutes } from './console.plugin';
import { createFastify, pingOf, registerCredentialRoutes } from './credential-app';
import { createGraphQLTransport } from './graphql.plugin';
import { healthRoutes } from './health.plugin';
import { openApiRoute, registerOpenApi } from './openapi.plugin';

export { GRAPHQL_PATH } from './graphql.plugin';
export { BODY_LIMIT_BYTES } from './credential-app';

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
  const fastify = createFastify(logger);

  // Collects the documented routes as they are added: before any of them.
  await registerOpenApi(fastify, { issuer: config.issuer, version: VERSION });
  await registerCredentialRoutes(fastify, services, logger);

  const pipeline = createGraphQLPipeline(schema, { production: config.nodeEnv === 'production', includeStack: config.nodeEnv === 'development', logger, executionTimeoutMs: options.executionTimeoutMs, maxRowsPerRequest: options.maxRowsPerRequest });
  const graphql = await createGraphQLTransport(fastify, { services, pipeline, sessionCheckMs: options.sessionCheckMs });

  // Everything people and dashboards use: GraphQL, health, the console — with security headers and
  // a request scope, so that every log line written while serving carries the request id.
  await fastify.register(async (web) => {
    // The scope holds until the response is finished or the connection gone ('close' comes either way).
    web.addHook('onRequest', (request, reply, done) =>
      requestScope.enter({ requestId: request.id }, (end) => {
        reply.raw.once('close', end);
        done();
      }),
    );
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
    await web.register(healthRoutes, { pingDatabase: pingOf(services) });
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
