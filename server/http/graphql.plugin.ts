import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { DocumentNode, getOperationAST, GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { decodeJwt } from 'jose';
import { WebSocketServer, WebSocket } from 'ws';
import { DomainError, ErrorCode } from '../errors';
import { Context, createContext } from '../graphql/context';
import { GRAPHQL_LIMITS } from '../graphql/limits';
import { GraphQLPipeline } from '../graphql/pipeline';
import { Services } from '../services';
import { bearerCredentials } from '../shared/authorization';

export const GRAPHQL_PATH = '/graphql';
/** The console's GraphQL explorer (console/src/explorer), where a browser opening /graphql lands. */
export const EXPLORER_PATH = '/explorer';

/**
 * Close code of a live socket whose session token expired or was revoked (a personal access token
 * revoked, a session past its `exp`, its user deleted): the client must sign in again and reconnect.
 * graphql-ws clients treat 4401 as fatal and do not retry with the same token.
 */
export const SESSION_ENDED_CLOSE_CODE = 4401;
export const SESSION_ENDED_REASON = 'Session expired or revoked: sign in again';

/** How often a live socket re-checks its session token, besides exactly at a session's `exp`. */
export const DEFAULT_SESSION_CHECK_MS = 30_000;

export interface GraphQLTransportOptions {
  /** The resolvers' context carries the services: GraphQL is the one part that uses them all. */
  readonly services: Services;
  readonly pipeline: GraphQLPipeline;
  readonly sessionCheckMs?: number;
}

export interface GraphQLTransport {
  readonly apollo: ApolloServer<Context>;
  readonly sockets: WebSocketServer;
  /** POST/GET /graphql over HTTP. */
  readonly routes: FastifyPluginAsync;
}

/**
 * GraphQL over HTTP (Apollo) and over WebSocket (graphql-ws), both running the one pipeline:
 * same parse limits, validation rules, production switches, deadline, error boundary and log.
 */
export async function createGraphQLTransport(fastify: FastifyInstance, { services, pipeline, sessionCheckMs = DEFAULT_SESSION_CHECK_MS }: GraphQLTransportOptions): Promise<GraphQLTransport> {
  const { schema } = pipeline;
  const sockets = new WebSocketServer({ noServer: true, maxPayload: GRAPHQL_LIMITS.bodyBytes });
  const watchers = new WeakMap<WebSocket, () => void>();

  /**
   * Re-checks the token a socket was opened with: at the session's `exp`, and every
   * `sessionCheckMs` (a revoked personal access token has no `exp` to wait for).
   */
  const watchSession = (socket: WebSocket, authorization: string): void => {
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    const stop = (): void => {
      stopped = true;
      clearTimeout(timer);
    };
    const expiresAt = (() => {
      try {
        const exp = decodeJwt(bearerCredentials(authorization) ?? '').exp;
        return typeof exp === 'number' ? exp * 1000 : Infinity;
      } catch {
        return Infinity; // a personal access token
      }
    })();
    const schedule = (): void => {
      if (stopped) return;
      const untilExpiry = expiresAt - services.clock.now().getTime();
      timer = setTimeout(check, Math.max(0, Math.min(sessionCheckMs, untilExpiry + 1)));
      timer.unref();
    };
    const check = (): void => {
      services.auth.authenticate(authorization).then(
        () => schedule(),
        (error: unknown) => {
          // An unreachable database says nothing about the token: try again later.
          if (error instanceof DomainError && error.code === ErrorCode.UNAUTHENTICATED) {
            stop();
            socket.close(SESSION_ENDED_CLOSE_CODE, SESSION_ENDED_REASON);
          } else schedule();
        },
      );
    };
    watchers.set(socket, stop);
    socket.once('close', stop);
    schedule();
  };

  const wsServer = useServer<Record<string, unknown> | undefined, { context?: Context }>(
    {
      schema,
      context: (ctx, _id, _payload, args) => {
        const authorization = typeof ctx.connectionParams?.authorization === 'string' ? ctx.connectionParams.authorization : undefined;
        // A subscription lives as long as its socket; a query or mutation gets the limits it gets over HTTP.
        const subscription = getOperationAST(args.document, args.operationName)?.operation === 'subscription';
        return createContext(services, authorization, services.addresses.ofRequest(ctx.extra.request), { cacheLoaders: !subscription, limits: pipeline.limitsFor(subscription ? 'subscription' : 'operation') });
      },
      onSubscribe: (_ctx, _id, payload) => {
        let document: DocumentNode;
        try {
          document = pipeline.parse(payload.query);
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError('Syntax Error: unreadable document')];
        }
        const errors = pipeline.validate(document);
        if (errors.length) return [...errors]; // formatted by onError below
        return { schema, document, variableValues: payload.variables ?? undefined, operationName: payload.operationName ?? undefined };
      },
      onError: (_ctx, _id, payload, errors) => {
        const formatted = pipeline.formatAll(errors);
        pipeline.logOperation('ws', payload.operationName ?? null, null, formatted);
        return formatted;
      },
      onNext: (_ctx, _id, payload, args, result) => {
        if (!result.errors) return result;
        const formatted = pipeline.formatAll(result.errors);
        pipeline.logOperation('ws', payload.operationName ?? null, getOperationAST(args.document, args.operationName)?.operation ?? null, formatted);
        return { ...result, errors: formatted };
      },
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        if (authorization !== undefined && typeof authorization !== 'string') return false;
        const context = await createContext(services, authorization);
        // A connection must carry a valid token: refuse it at the handshake (close 4403).
        if (context.actor === null || authorization === undefined) return false;
        watchSession(ctx.extra.socket, authorization);
        return true;
      },
    },
    sockets,
  );

  const apollo = new ApolloServer<Context>({
    schema,
    formatError: pipeline.format,
    includeStacktraceInErrorResponses: false,
    introspection: !pipeline.production,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    validationRules: [...pipeline.validationRules],
    parseOptions: pipeline.parseOptions,
    plugins: [
      // Apollo's landing page loads Sandbox from a CDN, which the CSP blocks (a blank page): a
      // browser asking for /graphql gets the console's own explorer instead (below).
      ApolloServerPluginLandingPageDisabled(),
      operationLog(pipeline),
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

  const routes: FastifyPluginAsync = async (web) => {
    web.addHook('onRequest', (request, reply, done) => {
      if (request.method === 'GET' && !request.url.includes('?') && /text\/html/.test(request.headers.accept ?? '')) {
        void reply.redirect(EXPLORER_PATH, 302);
        return;
      }
      done();
    });
    await web.register(fastifyApollo(apollo), {
      path: GRAPHQL_PATH,
      method: ['GET', 'POST', 'OPTIONS'],
      context: async (request) => createContext(services, request.headers.authorization, services.addresses.ofRequest(request.raw), { limits: pipeline.limitsFor('operation') }),
    });
  };
  return { apollo, sockets, routes };
}

/**
 * One line per GraphQL operation that ended in errors (info), and per operation at debug: its
 * name, type and the error codes as sent — never its variables, which can carry passwords.
 */
function operationLog(pipeline: GraphQLPipeline): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operationName, operation, response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          pipeline.logOperation('http', operationName ?? null, operation?.operation ?? null, errors);
        },
      };
    },
  };
}
