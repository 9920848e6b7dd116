import { DomainError, ErrorCode } from '../errors';

/** RFC 6749 §5.2 error codes, plus RFC 7009's unsupported_token_type and the HTTP-level ones. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'unsupported_token_type'
  | 'invalid_token'
  | 'temporarily_unavailable'
  | 'server_error';

export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    /** The client tried HTTP Basic: a 401 then carries `WWW-Authenticate: Basic`. */
    readonly basic = false,
  ) {
    super(description);
    this.name = 'OAuthError';
  }
}

export function statusOf(error: OAuthErrorCode): number {
  switch (error) {
    case 'invalid_client':
    case 'invalid_token':
      return 401;
    case 'temporarily_unavailable':
      return 503;
    case 'server_error':
      return 500;
    case 'invalid_request':
    case 'invalid_grant':
    case 'unauthorized_client':
    case 'unsupported_grant_type':
    case 'invalid_scope':
    case 'unsupported_token_type':
      return 400;
    default: {
      const unmapped: never = error;
      return unmapped;
    }
  }
}

/** The token endpoints' half of the one error boundary: domain codes to RFC 6749 errors. */
export function oauthErrorFromDomain(error: DomainError): OAuthError {
  const { code } = error;
  switch (code) {
    case ErrorCode.UNAVAILABLE:
    case ErrorCode.RATE_LIMITED:
      return new OAuthError('temporarily_unavailable', error.message);
    case ErrorCode.UNAUTHENTICATED:
    case ErrorCode.NOT_FOUND:
    case ErrorCode.ALREADY_REVOKED:
    case ErrorCode.TEMPORARY_KEY_EXPIRED:
    case ErrorCode.TEMPORARY_KEY_USED:
      return new OAuthError('invalid_client', 'Client authentication failed');
    case ErrorCode.FORBIDDEN:
    case ErrorCode.MFA_REQUIRED:
      return new OAuthError('unauthorized_client', error.message);
    case ErrorCode.BAD_USER_INPUT:
    case ErrorCode.CONFLICT:
    case ErrorCode.IMMUTABLE_FIELD:
    case ErrorCode.KEY_LIMIT:
    case ErrorCode.ACTIVE_KEY_LIMIT:
    case ErrorCode.IDEMPOTENCY_KEY_REUSED:
    case ErrorCode.SECRET_POLICY:
      return new OAuthError('invalid_request', error.message);
    case ErrorCode.INTERNAL:
      return new OAuthError('server_error', 'Internal error');
    default: {
      const unmapped: never = code;
      return new OAuthError('server_error', `Unmapped error ${String(unmapped)}`);
    }
  }
}
