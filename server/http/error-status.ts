import { isCommitOutcomeUnknown, isDatabaseUnavailable } from '../database/database';
import { databaseUnavailable, DomainError, ErrorCode } from '../errors';

/**
 * Every error handler's first step (root, verify, OAuth): a database that cannot be reached, from
 * wherever it surfaced (a lookup, a credit lease, an introspection read), is the domain's
 * UNAVAILABLE — 503 with Retry-After — and never an unexpected 500. Other errors pass unchanged.
 */
export function asDomainError<E>(error: E): E | DomainError {
  return !(error instanceof DomainError) && isDatabaseUnavailable(error) ? databaseUnavailable(isCommitOutcomeUnknown(error)) : error;
}

export interface HttpError {
  readonly status: number;
  /** The JSON body's `error`: a stable snake_case word clients can branch on. */
  readonly error: string;
}

/**
 * The one map from a domain error code to an HTTP answer, for every JSON route outside GraphQL
 * (GraphQL answers 200 with `extensions.code`; the OAuth routes answer RFC 6749 codes, see
 * oauth-error.ts). The `never` check fails to compile when a code is added and not mapped.
 */
export function httpErrorOf(code: ErrorCode): HttpError {
  switch (code) {
    case ErrorCode.BAD_USER_INPUT:
      return { status: 400, error: 'invalid_request' };
    case ErrorCode.SECRET_POLICY:
    case ErrorCode.IMMUTABLE_FIELD:
    case ErrorCode.IDEMPOTENCY_KEY_REUSED:
      return { status: 422, error: code.toLowerCase() };
    case ErrorCode.UNAUTHENTICATED:
      return { status: 401, error: 'unauthorized' };
    case ErrorCode.FORBIDDEN:
      return { status: 403, error: 'forbidden' };
    case ErrorCode.MFA_REQUIRED:
      return { status: 403, error: 'mfa_required' };
    case ErrorCode.NOT_FOUND:
      return { status: 404, error: 'not_found' };
    case ErrorCode.TEMPORARY_KEY_EXPIRED:
      return { status: 410, error: 'temporary_key_expired' };
    case ErrorCode.CONFLICT:
    case ErrorCode.ALREADY_REVOKED:
    case ErrorCode.KEY_LIMIT:
    case ErrorCode.ACTIVE_KEY_LIMIT:
    case ErrorCode.TEMPORARY_KEY_USED:
      return { status: 409, error: code.toLowerCase() };
    case ErrorCode.RATE_LIMITED:
      return { status: 429, error: 'too_many_requests' };
    case ErrorCode.UNAVAILABLE:
      return { status: 503, error: 'unavailable' };
    case ErrorCode.INTERNAL:
      return { status: 500, error: 'internal_error' };
    default: {
      const unmapped: never = code;
      return { status: 500, error: String(unmapped) };
    }
  }
}

/** Fastify's own 4xx errors, by status, for the JSON body's `error`. */
export const FRAMEWORK_ERRORS: Readonly<Record<number, string>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/** 415's message names what to send instead, rather than Fastify's "Unsupported Media Type: x". */
export function unsupportedMediaMessage(accepted: string, sent: string | undefined): string {
  return `Unsupported Content-Type ${sent ? `"${sent.split(';')[0]}"` : '(none)'}: send the body as ${accepted}`;
}
