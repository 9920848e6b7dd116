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
  /** The organization (or platform administration) requires a second factor the user has not enrolled (SPEC 10). */
  MFA_REQUIRED = 'MFA_REQUIRED',
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
  /** On RATE_LIMITED: the limit met (`login-address`, `login-account-address`, …), sent as `extensions.limit`. */
  readonly limit?: string;
  /** On UNAVAILABLE from the database: whether the change was certainly not applied, or may have been. */
  readonly outcome?: 'NOT_APPLIED' | 'UNKNOWN';
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

/**
 * The database could not be reached. Nothing was changed, unless the connection was lost while a
 * change was being committed (`outcomeUnknown`): then it may have been applied, and the caller must
 * read back or retry with its idempotency key rather than make the change again.
 */
/** The database stopped a statement that ran past the execution limit (database/statement-limit.ts). */
export const statementStopped = (): DomainError =>
  new DomainError(ErrorCode.UNAVAILABLE, 'A database statement ran past the execution limit and was stopped; nothing was changed. Ask for less (smaller pages, fewer nested lists), or retry shortly.', { retryAfterSeconds: 2, outcome: 'NOT_APPLIED' });

export const databaseUnavailable = (outcomeUnknown = false): DomainError =>
  outcomeUnknown
    ? new DomainError(ErrorCode.UNAVAILABLE, 'The database went away while this change was being committed, so it may have been applied. Read it back, or retry with the same idempotency key, before making it again.', { retryAfterSeconds: 2, outcome: 'UNKNOWN' })
    : new DomainError(ErrorCode.UNAVAILABLE, 'The database is unavailable right now; nothing was changed. Retry shortly.', { retryAfterSeconds: 2, outcome: 'NOT_APPLIED' });
