import { requestScope } from '../logger';
import formbody from '@fastify/formbody';
import type {} from '@fastify/helmet';
import { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../errors';
import { Logger } from '../logger';
import { Services } from '../services';
import { FormParams, param, parseScope, readClientCredentials } from './client-auth';
import { OAuthError, oauthErrorFromDomain, statusOf } from './oauth-error';
import { CREDENTIAL_BODY_LIMIT, metered, sameLogger } from './route-options';
import { Credential } from './credential';
import { CredentialLimits } from './failure-limits';
import { MeteredRoute } from './metrics';
import { TokenResponse } from './token.service';
import { ServiceTokenGuard } from './service-token';

/** Every OAuth answer, success or error, is never cached (RFC 6749 §5.1). */
const NO_STORE: Readonly<Record<string, string>> = { 'cache-control': 'no-store', pragma: 'no-cache' };
const JSON_TYPE = 'application/json; charset=utf-8';

const noStore = (reply: FastifyReply): FastifyReply => reply.headers(NO_STORE);

const isForm = (request: FastifyRequest): boolean => (request.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
const isJson = (request: FastifyRequest): boolean => (request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json');

/**
 * RFC 6749 §5.1 as JSON text, sent as is. The token is base64url and dots and the type a constant:
 * neither needs escaping, so only the scope goes through JSON.stringify.
 */
const tokenJson = (token: TokenResponse): string => `{"access_token":"${token.access_token}","token_type":"${token.token_type}","expires_in":${token.expires_in},"scope":${JSON.stringify(token.scope)}}`;

/** A token route names its metric in its config: it meters its own answers, the error handler its refusals. */
interface MeteredConfig {
  readonly meter?: MeteredRoute;
}
const meterOf = (request: FastifyRequest): MeteredRoute | undefined => (request.routeOptions.config as MeteredConfig).meter;

/** The OAuth endpoints: form bodies, RFC 6749 §5.2 error bodies, never cached. */
export async function oauthRoutes(app: FastifyInstance, services: Services, logger: Logger, limits: CredentialLimits): Promise<void> {
  const guard = new ServiceTokenGuard(services.config.serviceTokens);
  const { tokens, metrics } = services;
  await app.register(formbody, { bodyLimit: CREDENTIAL_BODY_LIMIT });
  app.removeContentTypeParser('text/plain');
  // Introspection and revocation read the database every time: their log lines carry the request id.
  // The token routes enter that scope only on a cache miss (see Verifier.find), never per request.
  const scoped = (request: FastifyRequest, _reply: FastifyReply, done: () => void): void => requestScope.run({ requestId: request.id }, done);
  app.setErrorHandler((raw: FastifyError | DomainError | OAuthError, request, reply) => {
    let error: OAuthError;
    if (raw instanceof OAuthError) error = raw;
    else if (raw instanceof DomainError) error = oauthErrorFromDomain(raw);
    else if (raw.statusCode && raw.statusCode >= 400 && raw.statusCode < 500) error = new OAuthError('invalid_request', raw.message);
    else error = new OAuthError('server_error', 'Internal error');
    if (error.error === 'server_error') logger.error({ err: raw, url: request.url }, 'unexpected error on an OAuth endpoint');
    noStore(reply);
    if (error.error === 'invalid_client' && error.basic) reply.header('www-authenticate', 'Basic realm="keyward", charset="UTF-8"');
    // An oversized body keeps its HTTP status; every other problem takes the one RFC 6749 gives it.
    const status = !(raw instanceof OAuthError) && !(raw instanceof DomainError) && raw.statusCode === 413 ? 413 : statusOf(error.error);
    const meter = meterOf(request);
    if (meter !== undefined) metrics.request(meter, status, reply.elapsedTime);
    return reply.code(status).send({ error: error.error, error_description: error.description });
  });

  /**
   * Client authentication under the failure limit (per client id; per address when there is none),
   * then the token. A blocked client gets 429 before its secret is checked; each invalid_client
   * counts against it. A cached client is answered synchronously: no promise between the request
   * and the signature, and the answer goes out as ready JSON text.
   */
  const issue = (reply: FastifyReply, limitKey: string, scopes: string[] | undefined, authenticate: () => Credential | Promise<Credential>): void | Promise<void> => {
    noStore(reply);
    const route = meterOf(reply.request)!;
    const wait = limits.tokenClient.retryAfter(limitKey);
    if (wait > 0) {
      metrics.request(route, 429, reply.elapsedTime);
      void reply.code(429).header('retry-after', String(wait)).send({ error: 'invalid_client', error_description: `Too many failed client authentications; retry in ${wait} s` });
      return undefined;
    }
    const refused = (error: unknown): never => {
      if (error instanceof OAuthError && error.error === 'invalid_client') limits.tokenClient.fail(limitKey);
      throw error;
    };
    const send = (credential: Credential): void => {
      const json = tokenJson(tokens.issue(credential, scopes));
      metrics.request(route, 200, reply.elapsedTime);
      void reply.type(JSON_TYPE).send(json);
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
      throw new OAuthError('invalid_request', 'Send the parameters as application/x-www-form-urlencoded');
    }
    return request.body as FormParams;
  };

  // Synchronous handlers, as verify's: they answer themselves and return a promise only on a cache miss.
  app.post('/oauth/token', { bodyLimit: CREDENTIAL_BODY_LIMIT, helmet: false, childLoggerFactory: sameLogger, config: { meter: 'token' } satisfies MeteredConfig }, (request, reply) => {
    const body = form(request);
    const grantType = param(body, 'grant_type');
    const client = readClientCredentials(request.headers.authorization, body);
    if (grantType === undefined) throw new OAuthError('invalid_request', 'grant_type is required');
    if (grantType !== 'client_credentials') throw new OAuthError('unsupported_grant_type', 'Only grant_type=client_credentials is supported');
    const scopes = parseScope(param(body, 'scope'));
    return issue(reply, client.clientId ?? `address:${request.ip}`, scopes, () => tokens.authenticate(client.clientId, client.clientSecret, client.method === 'client_secret_basic', request.id));
  });

  app.post('/v1/auth/token', { bodyLimit: CREDENTIAL_BODY_LIMIT, helmet: false, childLoggerFactory: sameLogger, config: { meter: 'auth_token' } satisfies MeteredConfig }, (request, reply) => {
    if (!isJson(request) || typeof request.body !== 'object' || request.body === null || Array.isArray(request.body)) {
      throw new OAuthError('invalid_request', 'Send a JSON object: { "client_secret": "sk_…" }');
    }
    const body = request.body as FormParams;
    const secret = param(body, 'client_secret');
    if (secret === undefined || secret === '') throw new OAuthError('invalid_request', 'client_secret is required');
    const grantType = param(body, 'grant_type');
    if (grantType !== undefined && grantType !== 'client_credentials') throw new OAuthError('unsupported_grant_type', 'Only client_credentials is supported');
    const scopes = parseScope(param(body, 'scope'));
    return issue(reply, `address:${request.ip}`, scopes, () => tokens.authenticate(undefined, secret, false, request.id));
  });

  app.post(
    '/oauth/introspect',
    {
      bodyLimit: CREDENTIAL_BODY_LIMIT,
      helmet: false,
      onRequest: (request, reply, done) => {
        const wait = limits.serviceTokenGuess.retryAfter(request.ip);
        if (wait === 0 && guard.check(request.headers.authorization)) return done();
        if (wait > 0) {
          noStore(reply).code(429).header('retry-after', String(wait)).send({ error: 'invalid_token', error_description: `Too many wrong service tokens from this address; retry in ${wait} s` });
          return;
        }
        limits.serviceTokenGuess.fail(request.ip);
        noStore(reply)
          .code(401)
          .header('www-authenticate', 'Bearer realm="keyward", error="invalid_token"')
          .send({ error: 'invalid_token', error_description: 'Send Authorization: Bearer <service token>' });
      },
      onResponse: metered(services, 'introspect'),
      preHandler: scoped,
    },
    async (request, reply) => {
      const token = param(form(request), 'token');
      if (token === undefined || token === '') throw new OAuthError('invalid_request', 'token is required');
      return noStore(reply).send(await tokens.introspect(token));
    },
  );

  app.post('/oauth/revoke', { bodyLimit: CREDENTIAL_BODY_LIMIT, helmet: false, onResponse: metered(services, 'revoke'), preHandler: scoped }, async (request, reply) => {
    const body = form(request);
    const token = param(body, 'token');
    param(body, 'token_type_hint');
    let clientId: string | null = null;
    if (!guard.check(request.headers.authorization)) {
      const client = readClientCredentials(request.headers.authorization, body);
      clientId = (await tokens.authenticate(client.clientId, client.clientSecret, client.method === 'client_secret_basic')).keyId;
    }
    if (token === undefined || token === '') throw new OAuthError('invalid_request', 'token is required');
    await tokens.revoke(token, clientId);
    return noStore(reply).code(200).send({});
  });
}

