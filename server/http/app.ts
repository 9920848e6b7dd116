import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import Fastify, { FastifyBaseLogger, FastifyInstance, LogController } from 'fastify';
import { DocumentNode, GraphQLError, GraphQLSchema, specifiedRules, validate } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { registerCredentialRoutes } from '../credentials/credential.routes';
import { isDatabaseUnavailable } from '../database/database';
import { createContext, Context } from '../graphql/context';
import { formatError } from '../graphql/errors';
import { graphqlProtection, GRAPHQL_LIMITS } from '../graphql/limits';
import { Logger, requestScope } from '../logger';
import { Services } from '../services';

export const GRAPHQL_PATH = '/graphql';
export const BODY_LIMIT_BYTES = GRAPHQL_LIMITS.bodyBytes;

export interface HttpApp {
  readonly fastify: FastifyInstance;
  readonly apollo: ApolloServer<Context>;
  readonly sockets: WebSocketServer;
  close(): Promise<void>;
}

function consoleDirectory(): string | null {
  const dir = join(__dirname, '..', '..', '..', 'console', 'dist');
  const fromSource = join(__dirname, '..', '..', 'console', 'dist');
  if (existsSync(join(dir, 'index.html'))) return dir;
  if (existsSync(join(fromSource, 'index.html'))) return fromSource;
  return null;
}

/**
 * Fastify carries every route: it is the fastest mainstream Node framework, close to bare
 * `node:http` on the verify and token hot paths, and Apollo has a maintained integration for it.
 */
export async function createHttpApp(services: Services, schema: GraphQLSchema, logger: Logger): Promise<HttpApp> {
  const development = services.config.nodeEnv === 'development';
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
  const sockets = new WebSocketServer({ noServer: true, maxPayload: BODY_LIMIT_BYTES });
  const format = formatError(logger, development);
  const protection = graphqlProtection(services.config.nodeEnv === 'production');
  // graphql-ws does not go through Apollo: errors get the same single formatter here.
  const formatAll = (errors: readonly GraphQLError[]) => errors.map((error) => format(error.toJSON(), error));

  const wsServer = useServer<Record<string, unknown> | undefined, { context?: Context }>(
    {
      schema,
      context: async (ctx) => {
        const authorization = typeof ctx.connectionParams?.authorization === 'string' ? ctx.connectionParams.authorization : undefined;
        // One context serves every event of a subscription: its loaders must not cache between events.
        return createContext(services, authorization, ctx.extra.request.socket.remoteAddress, { cacheLoaders: false });
      },
      onSubscribe: (_ctx, _id, payload) => {
        // The socket gets the same limits as HTTP: token count at parse, armor's rules at validation.
        let document: DocumentNode;
        try {
          document = protection.parseDocument(payload.query);
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError('Syntax Error: unreadable document')];
        }
        const errors = validate(schema, document, [...specifiedRules, ...protection.validationRules]);
        if (errors.length) return errors; // formatted by onError below
        return { schema, document, variableValues: payload.variables ?? undefined, operationName: payload.operationName ?? undefined };
      },
      onError: (_ctx, _id, _payload, errors) => formatAll(errors),
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: formatAll(result.errors) } : result),
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        if (authorization !== undefined && typeof authorization !== 'string') return false;
        const context = await createContext(services, authorization);
        // A connection must carry a valid token: refuse it at the handshake (close 4403).
        return context.actor !== null;
      },
    },
    sockets,
  );

  const apollo = new ApolloServer<Context>({
    schema,
    formatError: format,
    includeStacktraceInErrorResponses: false,
    introspection: services.config.nodeEnv !== 'production',
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    validationRules: protection.validationRules,
    plugins: [
      ...protection.plugins,
      operationLog(logger),
      fastifyApolloDrainPlugin(fastify),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsServer.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  fastify.server.on('upgrade', (request, socket, head) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== GRAPHQL_PATH) {
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  });

  fastify.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (isDatabaseUnavailable(error)) {
      return reply.code(503).header('retry-after', '2').send({ error: 'unavailable', message: 'The database is unavailable right now; retry shortly' });
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error, url: request.url.split('?')[0] }, 'unhandled HTTP error');
    return reply.code(status).send({ error: status === 500 ? 'internal_error' : 'bad_request', message: status === 500 ? 'Internal error' : error.message });
  });

  // The hot paths (verify, token, JWKS, metrics) live at the root, with nothing but what they need.
  await registerCredentialRoutes(fastify, services, logger);

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
    await web.register(fastifyApollo(apollo), {
      path: GRAPHQL_PATH,
      method: ['GET', 'POST', 'OPTIONS'],
      context: async (request) => createContext(services, request.headers.authorization, request.ip),
    });

    web.get('/healthz', async () => ({ status: 'ok' }));
    web.get('/readyz', async (_request, reply) => {
      try {
        // A database that hangs must not hang the probe: give it a second.
        await Promise.race([services.db.dataSource.query('SELECT 1'), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000).unref())]);
        return { status: 'ready', database: 'up' };
      } catch {
        return reply.code(503).send({ status: 'unavailable', database: 'down' });
      }
    });

    const consoleDir = consoleDirectory();
    if (consoleDir) {
      await web.register(fastifyStatic, {
        root: consoleDir,
        prefix: '/',
        index: ['index.html'],
        wildcard: false,
        // Built assets carry a content hash: cache them for good; the page itself is always revalidated.
        setHeaders: (res, path) => res.setHeader('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache'),
      });
      web.setNotFoundHandler((request, reply) => {
        if (request.method === 'GET' && !request.url.startsWith('/v1/') && !request.url.startsWith('/oauth/')) return reply.sendFile('index.html');
        return reply.code(404).send({ error: 'not_found', message: `No route for ${request.method} ${request.url.split('?')[0]}` });
      });
    } else {
      web.get('/', async (_request, reply) => reply.type('text/html').send('<!doctype html><title>Keyward</title><p>Keyward is running. The console is not built: run <code>npm run build:console</code>.</p>'));
    }
  });

  return {
    fastify,
    apollo,
    sockets,
    async close() {
      await apollo.stop();
      for (const client of sockets.clients) client.close(1001, 'server shutting down');
      await fastify.close();
    },
  };
}

/**
 * One line per GraphQL operation that ended in errors (info), and per operation at debug: its
 * name, type and error codes — never its variables, which can carry passwords and secrets.
 */
function operationLog(logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operationName, operation, errors }) {
          const codes = errors?.map((e) => String(e.extensions?.code ?? 'UNKNOWN'));
          const line = { operationName: operationName ?? null, operation: operation?.operation ?? null, errors: codes };
          if (codes?.length) logger.info(line, 'graphql operation failed');
          else logger.debug(line, 'graphql operation');
        },
      };
    },
  };
}
