import formbody from '@fastify/formbody';
import type {} from '@fastify/helmet';
import { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../errors';
import { asDomainError, unsupportedMediaMessage } from '../http/error-status';
import { Logger, requestScope } from '../logger';
import { FormParams, param, parseScope, readClientCredentials } from './client-auth';
import { OAuthError, oauthErrorFromDomain, statusOf } from './oauth-error';
import { CREDENTIAL_BODY_LIMIT, metered, sameLogger } from './route-options';
import { Credential } from './credential';
import { clientAttemptKey, CredentialLimits } from './failure-limits';
import { CredentialMetrics, MeteredRoute } from './metrics';
import { TokenResponse, TokenService } from './token.service';
import { serviceTokenHook, ServiceTokenGuard } from './service-token';
import { OAUTH_DOCS } from './oauth.docs';
import { ClientAddress, ClientAddresses } from '../shared/client-address';
import { ClientRefusal, Verifier } from './verifier';

/** Every OAuth answer, success or error, is never cached (RFC 6749 §5.1). */
const NO_STORE: Readonly<Record<string, string>> = { 'cache-control': 'no-store', pragma: 'no-cache' };
const JSON_TYPE = 'application/json; charset=utf-8';
const FORM_TYPE = 'application/x-www-form-urlencoded';

const noStore = (reply: FastifyReply): FastifyReply => reply.headers(NO_STORE);

const isForm = (request: FastifyRequest): boolean => (request.headers['content-type'] ?? '').toLowerCase().startsWith(FORM_TYPE);
const isJson = (request: FastifyRequest): boolean => (request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json');

/**
 * RFC 6749 §5.1 as JSON text, sent as is. The token is base64url and dots and the type a constant:
 * neither needs escaping, so only the scope goes through JSON.stringify.
 */
const tokenJson = (token: TokenResponse): string => `{"access_token":"${token.access_token}","token_type":"${token.token_type}","expires_in":${token.expires_in},"scope":${JSON.stringify(token.scope)}}`;

/** An OAuth route names its metric and the body type it takes in its config. */
interface OAuthRouteConfig {
  readonly meter?: MeteredRoute;
  readonly accepts?: string;
}
declare module 'fastify' {
  interface FastifyContextConfig extends OAuthRouteConfig {}
}
const configOf = (request: FastifyRequest): OAuthRouteConfig => request.routeOptions.config;

/** Exactly what the OAuth endpoints use. */
export interface OAuthRouteOptions {
  readonly tokens: Pick<TokenService, 'authenticate' | 'issue' | 'introspect' | 'revoke'>;
  readonly metrics: Pick<CredentialMetrics, 'request'>;
  readonly serviceTokens: ServiceTokenGuard;
  readonly limits: Pick<CredentialLimits, 'tokenClient' | 'serviceTokenGuess'>;
  readonly logger: Logger;
  /** SPEC 7 on the token endpoints: allowlists on the source address, then rate limits. */
  readonly verifier: Pick<Verifier, 'admitClient'>;
  /** The client address of a request (KEYWARD_TRUSTED_PROXIES): allowlists and the per-address limits. */
  readonly addresses: ClientAddresses;
}

/** The OAuth endpoints: form bodies, RFC 6749 §5.2 error bodies, never cached. */
export const oauthRoutes: FastifyPluginAsync<OAuthRouteOptions> = async (app, { tokens, metrics, serviceTokens, limits, logger, verifier, addresses }) => {
  await app.register(formbody, { bodyLimit: CREDENTIAL_BODY_LIMIT });
  app.removeContentTypeParser('text/plain');
  // Introspection and revocation read the database every time: their log lines carry the request id.
  // The token routes enter that scope only on a cache miss (see Verifier.find), never per request.
  const scoped = (request: FastifyRequest, reply: FastifyReply, done: () => void): void =>
    requestScope.enter({ requestId: request.id }, (end) => {
      reply.raw.once('close', end);
      done();
    });
  app.setErrorHandler((thrown: FastifyError | DomainError | OAuthError, request, reply) => {
    const raw = asDomainError(thrown);
    let error: OAuthError;
    if (raw instanceof OAuthError) error = raw;
    else if (raw instanceof DomainError) error = oauthErrorFromDomain(raw);
    else if (raw.statusCode === 415) error = new OAuthError('invalid_request', unsupportedMediaMessage(configOf(request).accepts ?? FORM_TYPE, request.headers['content-type']));
    else if (raw.statusCode && raw.statusCode >= 400 && raw.statusCode < 500) error = new OAuthError('invalid_request', raw.message);
    else error = new OAuthError('server_error', 'Internal error');
    if (error.error === 'server_error') logger.error({ err: raw, url: request.url }, 'unexpected error on an OAuth endpoint');
    noStore(reply);
    if (error.error === 'invalid_client' && error.basic) reply.header('www-authenticate', 'Basic realm="keyward", charset="UTF-8"');
    // An oversized body keeps its HTTP status; every other problem (an unreadable type too: 400
    // invalid_request, whose description names the type to send) takes the one RFC 6749 gives it.
    const status = !(raw instanceof OAuthError) && !(raw instanceof DomainError) && raw.statusCode === 413 ? 413 : statusOf(error.error);
    const meter = configOf(request).meter;
    if (meter !== undefined) metrics.request(meter, status, reply.elapsedTime);
    return reply.code(status).send({ error: error.error, error_description: error.description });
  });

  const tooMany = (reply: FastifyReply, wait: number): void => {
    void noStore(reply).code(429).header('retry-after', String(wait)).send({ error: 'invalid_client', error_description: `Too many failed client authentications; retry in ${wait} s` });
  };

  /**
   * Client authentication under the failure limit of (client id, source address) — a stranger's
   * wrong secrets block the stranger, never the client — then the token. A blocked attempt gets 429
   * before its secret is checked; each invalid_client counts against it. A cached client is
   * answered synchronously: no promise between the request and the signature.
   */
  const clientOf = (request: FastifyRequest): ClientAddress => addresses.ofRequest(request.raw);
  const issue = (reply: FastifyReply, clientId: string | undefined, scopes: string[] | undefined, authenticate: () => Credential | Promise<Credential>): void | Promise<void> => {
    noStore(reply);
    const route = configOf(reply.request).meter!;
    // The source address, found once: the failure limit's key and the allowlists (SPEC 7) share it.
    const address = clientOf(reply.request);
    const limitKey = clientAttemptKey(clientId, address.limitKey);
    const wait = limits.tokenClient.retryAfter(limitKey);
    if (wait > 0) {
      metrics.request(route, 429, reply.elapsedTime);
      return tooMany(reply, wait);
    }
    const refused = (error: unknown): never => {
      if (error instanceof OAuthError && error.error === 'invalid_client') limits.tokenClient.fail(limitKey);
      throw error;
    };
    const sign = (credential: Credential): void => {
      const json = tokenJson(tokens.issue(credential, scopes));
      metrics.request(route, 200, reply.elapsedTime);
      void reply.type(JSON_TYPE).send(json);
    };
    // SPEC 7, after client authentication: the allowlists on the source address, then the rate limits.
    const governed = (credential: Credential, refusal: ClientRefusal | null): void => {
      if (refusal === null) return sign(credential);
      if (refusal.reason === 'ip_not_allowed') throw new OAuthError('unauthorized_client', `Requests from ${address.ip.slice(0, 64)} are not allowed for this client (IP allowlist)`);
      metrics.request(route, 429, reply.elapsedTime);
      void reply.code(429).header('retry-after', String(refusal.retryAfterSeconds)).send({ error: 'rate_limited', error_description: `Rate limit reached; retry in ${refusal.retryAfterSeconds} s` });
    };
    const send = (credential: Credential): void | Promise<void> => {
      const refusal = verifier.admitClient(credential, address.ip);
      return refusal instanceof Promise ? refusal.then((r) => governed(credential, r)) : governed(credential, refusal);
    };
    let credential: Credential | Promise<Credential>;
    try {
      credential = authenticate();
    } catch (error) {
      return refused(error);
    }
    return credential instanceof Promise ? credential.then(send, refused) : send(credential);
  };

  const form = (request: FastifyRequest): FormParams => {
    if (!isForm(request) || typeof request.body !== 'object' || request.body === null) {
      throw new OAuthError('invalid_request', `Send the parameters as ${FORM_TYPE}`);
    }
    return request.body as FormParams;
  };

  const formRoute = (meter: MeteredRoute) => ({ bodyLimit: CREDENTIAL_BODY_LIMIT, helmet: false as const, config: { meter, accepts: FORM_TYPE } satisfies OAuthRouteConfig });

  // Synchronous handlers, as verify's: they answer themselves and return a promise only on a cache miss.
  app.post('/oauth/token', { ...formRoute('token'), childLoggerFactory: sameLogger, schema: OAUTH_DOCS.token }, (request, reply) => {
    const body = form(request);
    const grantType = param(body, 'grant_type');
    const client = readClientCredentials(request.headers.authorization, body);
    if (grantType === undefined) throw new OAuthError('invalid_request', 'grant_type is required');
    if (grantType !== 'client_credentials') throw new OAuthError('unsupported_grant_type', 'Only grant_type=client_credentials is supported');
    const scopes = parseScope(param(body, 'scope'));
    return issue(reply, client.clientId, scopes, () => tokens.authenticate(client.clientId, client.clientSecret, client.method === 'client_secret_basic', request.id));
  });

  app.post(
    '/v1/auth/token',
    { bodyLimit: CREDENTIAL_BODY_LIMIT, helmet: false, childLoggerFactory: sameLogger, config: { meter: 'auth_token', accepts: 'application/json' } satisfies OAuthRouteConfig, schema: OAUTH_DOCS.authToken },
    (request, reply) => {
      if (!isJson(request) || typeof request.body !== 'object' || request.body === null || Array.isArray(request.body)) {
        throw new OAuthError('invalid_request', 'Send a JSON object as application/json: { "client_secret": "sk_…" }');
      }
      const body = request.body as FormParams;
      const secret = param(body, 'client_secret');
      if (secret === undefined || secret === '') throw new OAuthError('invalid_request', 'client_secret is required');
      const grantType = param(body, 'grant_type');
      if (grantType !== undefined && grantType !== 'client_credentials') throw new OAuthError('unsupported_grant_type', 'Only client_credentials is supported');
      const scopes = parseScope(param(body, 'scope'));
      return issue(reply, undefined, scopes, () => tokens.authenticate(undefined, secret, false, request.id));
    },
  );

  /** Introspection and revocation share verify's service-token hook, worded as RFC 6750 errors. */
  const serviceToken = (clientAuthentication: boolean) =>
    serviceTokenHook(app, {
      guard: serviceTokens,
      guesses: limits.serviceTokenGuess,
      addresses,
      clientAuthentication,
      refuse: (reply, refusal) => {
        noStore(reply).code(refusal.status);
        if (refusal.status === 429) void reply.header('retry-after', String(refusal.retryAfterSeconds));
        else void reply.header('www-authenticate', `Bearer realm="keyward"${refusal.reason === 'wrong' ? ', error="invalid_token"' : ''}`);
        void reply.send({ error: 'invalid_token', error_description: refusal.message });
      },
    });

  app.post('/oauth/introspect', { ...formRoute('introspect'), onRequest: serviceToken(false), onResponse: metered(metrics, 'introspect'), preHandler: scoped, schema: OAUTH_DOCS.introspect }, async (request, reply) => {
    const token = param(form(request), 'token');
    if (token === undefined || token === '') throw new OAuthError('invalid_request', 'token is required');
    return noStore(reply).send(await tokens.introspect(token));
  });

  /**
   * RFC 7009: a trusted service (Bearer service token, through the same hook and wrong-token limit
   * as verify) or the client that holds the token (client authentication, counted per client id and
   * address like the token endpoint).
   */
  app.post('/oauth/revoke', { ...formRoute('revoke'), onRequest: serviceToken(true), onResponse: metered(metrics, 'revoke'), preHandler: scoped, schema: OAUTH_DOCS.revoke }, async (request, reply) => {
    const body = form(request);
    const token = param(body, 'token');
    param(body, 'token_type_hint');
    let clientId: string | null = null;
    if (request.serviceToken === '') {
      const client = readClientCredentials(request.headers.authorization, body);
      const limitKey = clientAttemptKey(client.clientId, clientOf(request).limitKey);
      const wait = limits.tokenClient.retryAfter(limitKey);
      if (wait > 0) return tooMany(reply, wait);
      try {
        clientId = (await tokens.authenticate(client.clientId, client.clientSecret, client.method === 'client_secret_basic')).keyId;
      } catch (error) {
        if (error instanceof OAuthError && error.error === 'invalid_client') limits.tokenClient.fail(limitKey);
        throw error;
      }
    }
    if (token === undefined || token === '') throw new OAuthError('invalid_request', 'token is required');
    await tokens.revoke(token, clientId);
    return noStore(reply).code(200).send({});
  });
};
