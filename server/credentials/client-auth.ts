import { basicCredentials } from '../shared/authorization';
import { OAuthError } from './oauth-error';

export interface ClientCredentials {
  readonly method: 'client_secret_basic' | 'client_secret_post';
  readonly clientId: string;
  readonly clientSecret: string;
}

export type FormParams = Record<string, unknown>;

/** A single-valued parameter; repeating one is invalid_request (RFC 6749 §3.2). */
export function param(body: FormParams, name: string): string | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new OAuthError('invalid_request', `${name} must be given once, as a string`);
  return value;
}

/** RFC 6749 §2.3.1: the id and secret are form-encoded, then joined with ':' and base64-encoded. */
function decodeBasic(credentials: string | null): { clientId: string; clientSecret: string } {
  const decoded = credentials === null ? '' : Buffer.from(credentials, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) throw new OAuthError('invalid_client', 'The Basic credentials are not client_id:client_secret', true);
  try {
    const formDecode = (s: string): string => (/[%+]/.test(s) ? decodeURIComponent(s.replace(/\+/g, ' ')) : s);
    return { clientId: formDecode(decoded.slice(0, colon)), clientSecret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    throw new OAuthError('invalid_client', 'The Basic credentials are not form-encoded', true);
  }
}

/** Client authentication by exactly one of client_secret_basic and client_secret_post. */
export function readClientCredentials(authorization: string | undefined, body: FormParams): ClientCredentials {
  const postId = param(body, 'client_id');
  const postSecret = param(body, 'client_secret');
  const credentials = basicCredentials(authorization);
  if (credentials !== undefined) {
    if (postSecret !== undefined) throw new OAuthError('invalid_request', 'Use one client authentication method: HTTP Basic or client_secret in the body, not both', true);
    const basic = decodeBasic(credentials);
    if (postId !== undefined && postId !== basic.clientId) throw new OAuthError('invalid_request', 'client_id in the body differs from the Basic credentials', true);
    return { method: 'client_secret_basic', ...basic };
  }
  if (authorization !== undefined && authorization !== '') throw new OAuthError('invalid_client', 'Unsupported Authorization scheme; use HTTP Basic or client_secret_post', true);
  if (postId === undefined || postSecret === undefined) throw new OAuthError('invalid_client', 'Client authentication is required: HTTP Basic or client_id and client_secret in the body');
  return { method: 'client_secret_post', clientId: postId, clientSecret: postSecret };
}

const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** The requested scopes (RFC 6749 §3.3), or undefined when none was asked for. */
export function parseScope(scope: string | undefined): string[] | undefined {
  if (scope === undefined) return undefined;
  const tokens: string[] = [];
  for (const part of scope.split(' ')) {
    if (part === '') continue;
    if (!SCOPE_TOKEN.test(part)) throw new OAuthError('invalid_scope', 'scope must be space-separated scope tokens');
    tokens.push(part);
  }
  if (tokens.length === 0) return undefined;
  // Repeats dropped; one scope, the usual request, needs no set.
  return tokens.length === 1 ? tokens : [...new Set(tokens)];
}

/** A token carries the requested scopes, which must all be the key's, or every scope of the key. */
export function narrowScopes(requested: string[] | undefined, held: readonly string[], heldSet: ReadonlySet<string> = new Set(held)): readonly string[] {
  if (requested === undefined) return held;
  const outside = requested.filter((s) => !heldSet.has(s));
  if (outside.length > 0) throw new OAuthError('invalid_scope', `The key does not hold: ${outside.join(' ')}`);
  return requested;
}
