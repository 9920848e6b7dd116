import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { KeyObject } from 'node:crypto';
import { serviceTokenHook, ServiceTokenGuard, ServiceTokenHookOptions } from '../credentials/service-token';
import type { ClientAddresses } from '../shared/client-address';
import { GithubPublicKeys, verifyGithubSignature } from './github-keys';
import { LEAK_DOCS, MAX_REPORTED, MAX_TOKEN_LENGTH } from './leak.docs';

export { MAX_REPORTED };
import { LeakService } from './leak.service';

/** What the leak endpoints use, and nothing more. */
export interface LeakRouteOptions {
  readonly leaks: LeakService;
  readonly githubKeys: GithubPublicKeys;
  readonly serviceTokens: ServiceTokenGuard;
  /** Whose address a wrong service token counts against (KEYWARD_TRUSTED_PROXIES). */
  readonly addresses: ClientAddresses;
  /** Wrong service tokens per client address: the same limit verify and introspection count in. */
  readonly serviceTokenGuesses: ServiceTokenHookOptions['guesses'];
}

export const GITHUB_BODY_LIMIT = 1024 * 1024;

const refuse = (reply: FastifyReply, status: number, error: string, message: string): FastifyReply => reply.code(status).header('cache-control', 'no-store').send({ error, message });

/** One item of GitHub's report: `{ token, type, url, source }`. */
interface GithubMatch {
  readonly token: string;
  readonly type: string;
  readonly url: string | null;
  readonly source: string | null;
}

/** The report as GitHub documents it, or the reason it is not one. */
export function parseGithubReport(body: Buffer): GithubMatch[] | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return 'the body is not JSON';
  }
  if (!Array.isArray(parsed)) return 'the body must be a JSON array of { token, type, url, source }';
  if (parsed.length > MAX_REPORTED) return `at most ${MAX_REPORTED} matches per request`;
  const matches: GithubMatch[] = [];
  for (const [index, item] of parsed.entries()) {
    const match = item as Record<string, unknown> | null;
    if (typeof match !== 'object' || match === null || typeof match.token !== 'string' || match.token.length > MAX_TOKEN_LENGTH || typeof match.type !== 'string' || match.type.length > 200) {
      return `item ${index} must be an object with string token (at most ${MAX_TOKEN_LENGTH} characters) and type`;
    }
    const text = (value: unknown, max: number): string | null => (typeof value === 'string' ? value.slice(0, max) : null);
    matches.push({ token: match.token, type: match.type, url: text(match.url, 2048), source: text(match.source, 100) });
  }
  return matches;
}

/**
 * SPEC 9: `POST /v1/secret-scanning/github` (GitHub's secret scanning partner protocol, signed
 * with GitHub's published ECDSA keys) and `POST /v1/keys/leaked` (the platform's own scanners, with
 * a service token). Both refuse an unauthenticated caller with 401 before the body is read.
 */
export async function leakRoutes(app: FastifyInstance, options: LeakRouteOptions): Promise<void> {
  /** The published key a request names, found by its onRequest hook. */
  const signingKeys = new WeakMap<FastifyRequest, KeyObject>();
  await app.register(async (github) => {
    // The signature covers the raw bytes: this route keeps the body as received.
    github.removeAllContentTypeParsers();
    github.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: GITHUB_BODY_LIMIT }, (_request, body, done) => done(null, body));
    github.post(
      '/v1/secret-scanning/github',
      {
        bodyLimit: GITHUB_BODY_LIMIT,
        schema: LEAK_DOCS.github,
        // Headers and the key id are checked before the body is read (SPEC 9): an unknown id costs
        // no upload, only (at most once a minute) a refetch of the published keys.
        onRequest: async (request, reply) => {
          const id = request.headers['github-public-key-identifier'];
          const signature = request.headers['github-public-key-signature'];
          if (typeof id !== 'string' || id === '' || id.length > 200 || typeof signature !== 'string' || signature === '' || signature.length > 256) {
            return refuse(reply, 401, 'unauthorized', 'Send GITHUB-PUBLIC-KEY-IDENTIFIER and GITHUB-PUBLIC-KEY-SIGNATURE (GitHub secret scanning)');
          }
          const key = await options.githubKeys.keyFor(id);
          if (!key) return refuse(reply, 401, 'unauthorized', 'Unknown GITHUB-PUBLIC-KEY-IDENTIFIER');
          signingKeys.set(request, key);
        },
      },
      async (request, reply) => {
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const key = signingKeys.get(request)!;
        if (!verifyGithubSignature(body, String(request.headers['github-public-key-signature']), key)) return refuse(reply, 401, 'unauthorized', 'The signature does not match the body');
        const matches = parseGithubReport(body);
        if (typeof matches === 'string') return refuse(reply, 400, 'invalid_request', matches);
        const feedback = [];
        for (const match of matches) {
          const outcome = await options.leaks.report({ secret: match.token, url: match.url, source: match.source, reporter: 'github' });
          feedback.push({ token_raw: match.token, token_type: match.type, label: outcome.label });
        }
        return reply.header('cache-control', 'no-store').send(feedback);
      },
    );
  });

  app.post(
    '/v1/keys/leaked',
    {
      // The one service-token hook of every service route: a blocked address, then the token, then
      // the count of a wrong one (a missing one does not count).
      onRequest: serviceTokenHook(app, {
        guard: options.serviceTokens,
        guesses: options.serviceTokenGuesses,
        addresses: options.addresses,
        refuse: (reply, refusal) => {
          if (refusal.retryAfterSeconds !== undefined) void reply.header('retry-after', String(refusal.retryAfterSeconds));
          refuse(reply, refusal.status, refusal.status === 429 ? 'rate_limited' : 'unauthorized', refusal.message);
        },
      }),
      schema: {
        ...LEAK_DOCS.leaked,
        body: {
          type: 'object',
          required: ['keys'],
          additionalProperties: false,
          properties: {
            keys: { type: 'array', minItems: 1, maxItems: MAX_REPORTED, items: { type: 'string', maxLength: MAX_TOKEN_LENGTH } },
            url: { type: 'string', maxLength: 2048 },
            source: { type: 'string', maxLength: 100 },
          },
        },
      },
    },
    async (request, reply) => {
      const body = request.body as { keys: string[]; url?: string; source?: string };
      const results = [];
      for (const [index, secret] of body.keys.entries()) {
        const outcome = await options.leaks.report({ secret, url: body.url ?? null, source: body.source ?? null, reporter: 'service' });
        // The secret is not echoed back: the caller knows which it sent by position.
        results.push({ index, ...outcome });
      }
      return reply.header('cache-control', 'no-store').send({ results });
    },
  );
}
