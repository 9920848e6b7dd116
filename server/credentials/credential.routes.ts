import { credentialLimits } from './failure-limits';
import { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Logger } from '../logger';
import { Services } from '../services';
import { oauthRoutes } from './oauth.routes';
import { verifyRoutes } from './verify.routes';

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

  const limits = credentialLimits(services.config.limits);
  await fastify.register(async (app) => verifyRoutes(app as unknown as FastifyInstance, services, logger, limits));
  await fastify.register(async (app) => oauthRoutes(app as unknown as FastifyInstance, services, logger, limits));
}
