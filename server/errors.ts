/**
 * The one error pattern of Keyward: services throw `DomainError` with a code from `ErrorCode`;
 * boundaries (GraphQL, the token endpoint) map it in one place each.
 */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  ALREADY_REVOKED = 'ALREADY_REVOKED',
  IMMUTABLE_FIELD = 'IMMUTABLE_FIELD',
  KEY_LIMIT = 'KEY_LIMIT',
  ACTIVE_KEY_LIMIT = 'ACTIVE_KEY_LIMIT',
  RATE_LIMITED = 'RATE_LIMITED',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  TEMPORARY_KEY_EXPIRED = 'TEMPORARY_KEY_EXPIRED',
  TEMPORARY_KEY_USED = 'TEMPORARY_KEY_USED',
  SECRET_POLICY = 'SECRET_POLICY',
  UNAVAILABLE = 'UNAVAILABLE',
  INTERNAL = 'INTERNAL',
}

export interface FieldProblem {
  /** Dotted path of the input field, e.g. `input.name`. */
  readonly field: string;
  readonly message: string;
}

export interface ErrorDetails {
  readonly fields?: readonly FieldProblem[];
  readonly retryAfterSeconds?: number;
  readonly rule?: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string): DomainError => new DomainError(ErrorCode.NOT_FOUND, `${what} not found`);

export const badInput = (field: string, message: string): DomainError =>
  new DomainError(ErrorCode.BAD_USER_INPUT, `${field}: ${message}`, { fields: [{ field, message }] });

export const forbidden = (message = 'Your role does not allow this action'): DomainError =>
  new DomainError(ErrorCode.FORBIDDEN, message);

export const databaseUnavailable = (): DomainError =>
  new DomainError(ErrorCode.UNAVAILABLE, 'The database is unavailable right now; nothing was changed. Retry shortly.', { retryAfterSeconds: 2 });
