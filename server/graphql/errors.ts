import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError, AuthenticationError, AuthorizationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import { isCommitOutcomeUnknown, isDatabaseUnavailable } from '../database/database';
import { isStatementTimeout } from '../database/statement-limit';
import { databaseUnavailable, DomainError, statementStopped, ErrorCode, FieldProblem } from '../errors';
import { limitOf } from './limits';

export interface ErrorLogger {
  error(details: Record<string, unknown>, message: string): void;
}

/** Extensions for each domain code; the `never` check fails to compile when a code is added and not mapped. */
function extensionsFor(error: DomainError): Record<string, unknown> {
  const { code, details } = error;
  switch (code) {
    case ErrorCode.BAD_USER_INPUT:
      return { code, fields: details.fields ?? [] };
    case ErrorCode.RATE_LIMITED:
      return details.limit ? { code, retryAfterSeconds: details.retryAfterSeconds ?? 1, limit: details.limit } : { code, retryAfterSeconds: details.retryAfterSeconds ?? 1 };
    case ErrorCode.UNAVAILABLE:
      return details.outcome ? { code, retryAfterSeconds: details.retryAfterSeconds ?? 1, outcome: details.outcome } : { code, retryAfterSeconds: details.retryAfterSeconds ?? 1 };
    case ErrorCode.SECRET_POLICY:
      return { code, rule: details.rule, fields: details.fields ?? [] };
    case ErrorCode.CONFLICT:
    case ErrorCode.IMMUTABLE_FIELD:
      return details.fields ? { code, fields: details.fields } : { code };
    case ErrorCode.UNAUTHENTICATED:
    case ErrorCode.FORBIDDEN:
    case ErrorCode.NOT_FOUND:
    case ErrorCode.ALREADY_REVOKED:
    case ErrorCode.KEY_LIMIT:
    case ErrorCode.ACTIVE_KEY_LIMIT:
    case ErrorCode.IDEMPOTENCY_KEY_REUSED:
    case ErrorCode.TEMPORARY_KEY_EXPIRED:
    case ErrorCode.TEMPORARY_KEY_USED:
    case ErrorCode.MFA_REQUIRED:
    case ErrorCode.INTERNAL:
      return { code };
    default: {
      const unmapped: never = code;
      return { code: unmapped };
    }
  }
}

function flattenValidation(errors: readonly ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidation(e.children ?? [], field)];
  });
}

/** Apollo's own request-level codes (parse, validation, variable coercion) all mean bad input. */
const REQUEST_ERROR_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED']);
const CLOSED_SET = new Set<string>(Object.values(ErrorCode));

/**
 * The single boundary between errors and GraphQL clients: every error leaves with one of the
 * codes of SPEC 4.1; anything unexpected becomes INTERNAL with no detail, and is logged.
 */
export function formatError(logger: ErrorLogger, includeStack: boolean) {
  return (formatted: GraphQLFormattedError, raw: unknown): GraphQLFormattedError => {
    const error = unwrapResolverError(raw);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    if (error instanceof DomainError) return { ...base, message: error.message, extensions: extensionsFor(error) };
    if (error instanceof ArgumentValidationError) {
      const fields = flattenValidation(error.extensions.validationErrors as ValidationError[]);
      const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
      return { ...base, message: `Invalid input: ${summary}`, extensions: { code: ErrorCode.BAD_USER_INPUT, fields } };
    }
    if (error instanceof AuthenticationError) return { ...base, message: 'Sign in first: send Authorization: Bearer <token>', extensions: { code: ErrorCode.UNAUTHENTICATED } };
    if (error instanceof AuthorizationError) return { ...base, extensions: { code: ErrorCode.FORBIDDEN } };
    const limit = limitOf(formatted.message);
    if (limit) return { ...base, extensions: { code: ErrorCode.BAD_USER_INPUT, limit, fields: [] } };
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLOSED_SET.has(code) && code !== ErrorCode.INTERNAL) {
      return { ...base, extensions: { ...formatted.extensions, stacktrace: undefined } };
    }
    if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) return { ...base, extensions: { code: ErrorCode.BAD_USER_INPUT, fields: [] } };
    // Raised by graphql-js itself while coercing arguments during execution: the input is wrong.
    if (error instanceof GraphQLError && !error.originalError) return { ...base, extensions: { code: ErrorCode.BAD_USER_INPUT, fields: [] } };
    if (isStatementTimeout(error)) {
      const stopped = statementStopped();
      return { ...base, message: stopped.message, extensions: extensionsFor(stopped) };
    }
    if (isDatabaseUnavailable(error)) {
      const unavailable = databaseUnavailable(isCommitOutcomeUnknown(error));
      return { ...base, message: unavailable.message, extensions: extensionsFor(unavailable) };
    }
    const reference = Math.random().toString(36).slice(2, 10);
    logger.error({ err: error, reference, path: formatted.path }, 'unexpected error in a GraphQL operation');
    return {
      message: `Internal error (reference ${reference})`,
      locations: formatted.locations,
      path: formatted.path,
      extensions: includeStack && error instanceof Error ? { code: ErrorCode.INTERNAL, stacktrace: error.stack?.split('\n') } : { code: ErrorCode.INTERNAL },
    };
  };
}
