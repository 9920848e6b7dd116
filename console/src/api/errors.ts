import type { ErrorCode } from '../gql/graphql';

/**
 * The code of an ApiError: one of the server's ErrorCode (generated from schema.graphql, so a code
 * added on the server fails the console's typecheck until it is explained below), or NETWORK when
 * the server could not be reached.
 */
export type ApiErrorCode = ErrorCode | 'NETWORK';

/** One problem with one input field, as the server reports it in extensions.fields. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

interface RawGraphQLError {
  message?: unknown;
  extensions?: { code?: unknown; fields?: unknown; retryAfterSeconds?: unknown };
}

/** Words for each code of SPEC 4.1, shown beside the server's own message: every code, no other. */
export const EXPLANATIONS: Readonly<Record<ApiErrorCode, string>> = {
  UNAUTHENTICATED: 'Not signed in: the credentials were refused, or the session has ended.',
  FORBIDDEN: 'Your role does not allow this.',
  NOT_FOUND: 'It does not exist, or it belongs to another organization.',
  BAD_USER_INPUT: 'Some of the values are not valid.',
  CONFLICT: 'It conflicts with something that already exists.',
  ALREADY_REVOKED: 'The key was already revoked.',
  IMMUTABLE_FIELD: 'This field can no longer be changed.',
  KEY_LIMIT: 'The application has reached its key limit.',
  ACTIVE_KEY_LIMIT: 'The organization has reached its limit of active keys in this environment.',
  RATE_LIMITED: 'Too many attempts; wait a moment.',
  IDEMPOTENCY_KEY_REUSED: 'That idempotency key was used with other input.',
  TEMPORARY_KEY_EXPIRED: 'The temporary key has expired.',
  TEMPORARY_KEY_USED: 'The temporary key was already exchanged.',
  SECRET_POLICY: 'The secret does not meet the policy.',
  MFA_REQUIRED: 'A second factor is required: add one under your account.',
  UNAVAILABLE: 'The service is briefly unavailable; the message says whether the change was made.',
  NETWORK: 'The server could not be reached.',
  INTERNAL: 'The server failed; try again.',
};

/** An error from the API (or the way to it), with its code and per-field problems. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly fields: readonly FieldProblem[];
  readonly retryAfterSeconds: number | null;

  constructor(message: string, code: ApiErrorCode, fields: readonly FieldProblem[] = [], retryAfterSeconds: number | null = null) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.fields = fields;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static fromGraphQL(errors: readonly RawGraphQLError[]): ApiError {
    const first = errors[0] ?? {};
    // The server sends only its own codes; anything else (a proxy's) is treated as a failure.
    const raw = first.extensions?.code;
    const code: ApiErrorCode = typeof raw === 'string' && raw !== 'NETWORK' && Object.hasOwn(EXPLANATIONS, raw) ? (raw as ApiErrorCode) : 'INTERNAL';
    const rawFields = Array.isArray(first.extensions?.fields) ? (first.extensions.fields as unknown[]) : [];
    const fields = rawFields.flatMap((f): FieldProblem[] => {
      if (typeof f !== 'object' || f === null) return [];
      const { field, message } = f as { field?: unknown; message?: unknown };
      return typeof field === 'string' && typeof message === 'string' ? [{ field, message }] : [];
    });
    const retry = first.extensions?.retryAfterSeconds;
    const message = typeof first.message === 'string' ? first.message : 'The request failed';
    return new ApiError(message, code, fields, typeof retry === 'number' ? retry : null);
  }

  static from(error: unknown): ApiError {
    if (error instanceof ApiError) return error;
    if (error instanceof Error) return new ApiError(error.message, 'NETWORK');
    return new ApiError(String(error), 'NETWORK');
  }

  /** The problem reported for an input field; `input.name` and `name` both match `name`. */
  fieldMessage(name: string): string | undefined {
    return this.fields.find((f) => f.field === name || f.field.split('.').pop() === name)?.message;
  }

  /** Field problems that no field on the form shows, so the form-level notice can list them. */
  unclaimedFields(shown: readonly string[]): FieldProblem[] {
    return this.fields.filter((f) => !shown.includes(f.field.split('.').pop() ?? f.field));
  }

  /** The error in words, for a person: the server's message, what it means, and the code. */
  describe(): string {
    const explanation = EXPLANATIONS[this.code];
    const retry = this.retryAfterSeconds !== null ? ` Try again in ${this.retryAfterSeconds} s.` : '';
    const words = explanation && explanation !== this.message ? `${this.message}. ${explanation}` : this.message;
    return `${words.replace(/\.\.$/, '.')}${retry} (${this.code})`;
  }
}
