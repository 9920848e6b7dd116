import { FastifyPluginAsync } from 'fastify';
import { Config } from '../config';
import { Logger } from '../logger';
import { CredentialLimits } from './failure-limits';
import { CredentialMetrics } from './metrics';
import { OAUTH_DOCS } from './oauth.docs';
import { oauthRoutes } from './oauth.routes';
import { ServiceTokenGuard } from './service-token';
import { SigningKeyService } from './signing-key.service';
import { TokenService } from './token.service';
import { Verifier } from './verifier';
import { verifyRoutes } from './verify.routes';
import { leakRoutes, LeakRouteOptions } from '../leaks/leak.routes';
import type { ClientAddresses } from '../shared/client-address';

/** What the credential endpoints need, and nothing else of `Services`. */
export interface CredentialRoutesOptions {
  readonly issuer: Config['issuer'];
  readonly serviceTokens: ServiceTokenGuard;
  readonly limits: CredentialLimits;
  readonly verifier: Pick<Verifier, 'start' | 'stop' | 'verify' | 'cachedVerdict' | 'admitClient'>;
  /** The client address of a request, for every per-address limit and allowlist (KEYWARD_TRUSTED_PROXIES). */
  readonly addresses: ClientAddresses;
  readonly signingKeys: Pick<SigningKeyService, 'start' | 'stop' | 'publicKeys'>;
  readonly tokens: Pick<TokenService, 'authenticate' | 'issue' | 'introspect' | 'revoke'>;
  readonly metrics: Pick<CredentialMetrics, 'request' | 'verifyResult'>;
  readonly logger: Logger;
  readonly leaks: LeakRouteOptions['leaks'];
  readonly githubKeys: LeakRouteOptions['githubKeys'];
}

/**
 * The credential endpoints (SPEC 4.2): verify, the token endpoints, JWKS, the RFC 8414 metadata,
 * introspection and revocation. Loads the signing keys (creating the first one) and connects the
 * cache invalidation bus before the routes answer.
 */
export const credentialRoutes: FastifyPluginAsync<CredentialRoutesOptions> = async (fastify, options) => {
  const { issuer, signingKeys, verifier, tokens, metrics, serviceTokens, limits, addresses, logger } = options;
  await signingKeys.start();
  await verifier.start();
  fastify.addHook('onClose', async () => {
    signingKeys.stop();
    await verifier.stop();
  });

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
  fastify.get('/.well-known/oauth-authorization-server', { schema: OAUTH_DOCS.metadata }, async (_request, reply) => reply.header('cache-control', 'public, max-age=300').send(metadata));
  fastify.get('/.well-known/jwks.json', { schema: OAUTH_DOCS.jwks }, async (_request, reply) => reply.header('cache-control', 'public, max-age=60').send(signingKeys.publicKeys()));

  await fastify.register(verifyRoutes, { verifier, metrics, serviceTokens, limits, addresses, logger });
  await fastify.register(oauthRoutes, { tokens, metrics, serviceTokens, limits, logger, verifier, addresses });
  await fastify.register(async (app) =>
    leakRoutes(app, {
      leaks: options.leaks,
      githubKeys: options.githubKeys,
      serviceTokens,
      addresses,
      serviceTokenGuesses: limits.serviceTokenGuess,
    }),
  );
};
