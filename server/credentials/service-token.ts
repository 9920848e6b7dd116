import type { FastifyInstance, FastifyReply, onRequestHookHandler } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { bearerCredentials } from '../shared/authorization';
import type { ClientAddresses } from '../shared/client-address';
import type { FailureLimit } from './failure-limits';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The service token the request presented, once `serviceTokenHook` found it one of the
     * configured ones; '' otherwise. Handlers read it here instead of the header again.
     */
    serviceToken: string;
  }
}

/**
 * Checks a presented service token against the configured ones in constant time: every configured
 * token of the presented length is compared with `timingSafeEqual` on every call, so the timing
 * shows at most whether some token has that length (tokens are random and at least 24 characters:
 * their length is no secret), never how much of one matched. The configured tokens are turned into
 * bytes once, so the check costs a buffer copy and a compare.
 */
export class ServiceTokenGuard {
  private readonly expected: readonly Buffer[];

  constructor(tokens: readonly string[]) {
    this.expected = tokens.map((token) => Buffer.from(token, 'utf8'));
  }

  /** Whether `token` is one of the configured tokens. */
  matches(token: string): boolean {
    const presented = Buffer.from(token, 'utf8');
    let matched = false;
    for (const allowed of this.expected) {
      if (allowed.length === presented.length) matched = timingSafeEqual(presented, allowed) || matched;
    }
    return matched;
  }
}

/** What an Authorization header is, as a service token. */
export type ServiceTokenVerdict = 'valid' | 'missing' | 'wrong';

/**
 * The single place that tells a missing service token from a wrong one, given the header's Bearer
 * credentials (`bearerCredentials`). Only a well-formed Bearer token can be wrong (and count as a
 * guess); a header that is not `Bearer <token68>` is missing one.
 */
export function judgeServiceToken(guard: ServiceTokenGuard, token: string | null | undefined): ServiceTokenVerdict {
  if (typeof token !== 'string') return 'missing';
  return guard.matches(token) ? 'valid' : 'wrong';
}

/** Why a request was refused before its handler ran; each route family words it its own way. */
export interface ServiceTokenRefusal {
  readonly status: 401 | 429;
  readonly reason: 'missing' | 'wrong' | 'blocked';
  readonly message: string;
  readonly retryAfterSeconds?: number;
}

export interface ServiceTokenHookOptions {
  readonly guard: ServiceTokenGuard;
  /** Wrong service tokens per client address (a wrong token counts, a missing one does not). */
  readonly guesses: Pick<FailureLimit, 'retryAfter' | 'fail'>;
  /** Whose address a guess is counted against: the client's, behind trusted proxies too. */
  readonly addresses: ClientAddresses;
  /** Sends the refusal in the route family's error format. */
  readonly refuse: (reply: FastifyReply, refusal: ServiceTokenRefusal) => void;
  /**
   * The route also accepts client authentication (RFC 7009 revocation): a request carrying no
   * Bearer token goes on to the handler, which authenticates the client itself.
   */
  readonly clientAuthentication?: boolean;
}

export const MISSING_SERVICE_TOKEN = 'No service token: send Authorization: Bearer <service token>, one of KEYWARD_SERVICE_TOKENS';
export const WRONG_SERVICE_TOKEN = 'The service token is not one of KEYWARD_SERVICE_TOKENS';

/**
 * The one onRequest hook of every service-token route (verify, introspection, revocation, and any
 * later one): a blocked address first, then the token, then the count of a wrong one. It runs
 * synchronously, before the body is read, and leaves a valid token in `request.serviceToken`
 * (declared on `app`, the instance whose routes use the hook).
 */
export function serviceTokenHook(app: FastifyInstance, options: ServiceTokenHookOptions): onRequestHookHandler {
  const { guard, guesses, addresses, refuse } = options;
  if (!app.hasRequestDecorator('serviceToken')) app.decorateRequest('serviceToken', '');
  return (request, reply, done) => {
    const address = addresses.ofRequest(request.raw).limitKey;
    const wait = guesses.retryAfter(address);
    if (wait > 0) {
      refuse(reply, { status: 429, reason: 'blocked', retryAfterSeconds: wait, message: `Too many wrong service tokens from this address; retry in ${wait} s` });
      return;
    }
    const token = bearerCredentials(request.headers.authorization);
    const verdict = judgeServiceToken(guard, token);
    if (verdict === 'valid') request.serviceToken = token!;
    if (verdict === 'valid' || (verdict === 'missing' && options.clientAuthentication)) return done();
    if (verdict === 'wrong') guesses.fail(address);
    refuse(reply, { status: 401, reason: verdict, message: verdict === 'wrong' ? WRONG_SERVICE_TOKEN : MISSING_SERVICE_TOKEN });
  };
}
