import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  defaultFieldResolver,
  DocumentNode,
  GraphQLError,
  GraphQLFormattedError,
  GraphQLSchema,
  isObjectType,
  NoSchemaIntrospectionCustomRule,
  parse,
  ParseOptions,
  Source,
  specifiedRules,
  validate,
  ValidationRule,
} from 'graphql';
import { DomainError, ErrorCode } from '../errors';
import { ErrorLogger, formatError } from './errors';
import { GRAPHQL_LIMITS } from './limits';
import { RequestLimits } from './request-limits';

export interface OperationLogger extends ErrorLogger {
  info(details: Record<string, unknown>, message: string): void;
  debug(details: Record<string, unknown>, message: string): void;
}

/** What the deadline reads from the context of an operation: its limits (absent: none). */
export interface HasLimits {
  readonly limits: Pick<RequestLimits, 'check' | 'bound'>;
}

/**
 * The one GraphQL execution pipeline, used as is by both transports (Apollo over HTTP, graphql-ws
 * over WebSocket), so that no rule can be configured for one and forgotten for the other:
 * - parse: the token limit (armor's maxTokens, applied by the parser itself);
 * - validate: graphql's rules, armor's depth/cost/aliases/directives limits and, in production,
 *   no introspection;
 * - execute: the schema's resolvers stop starting new work once the operation's deadline passed;
 * - format: one error boundary (closed set of codes, masking of the unexpected, and in production
 *   no field suggestions), and one log line per failed operation with the codes sent.
 */
export interface GraphQLPipeline {
  readonly production: boolean;
  /** The schema with the deadline installed on every field. */
  readonly schema: GraphQLSchema;
  /** Rules beyond graphql's `specifiedRules` (Apollo adds those itself). */
  readonly validationRules: readonly ValidationRule[];
  /** The parser's options (the token limit), for Apollo's `parseOptions`; `parse` applies them. */
  readonly parseOptions: ParseOptions;
  parse(query: string): DocumentNode;
  validate(document: DocumentNode): readonly GraphQLError[];
  /**
   * The limits of an operation starting now: the execution deadline (checked by every field and
   * every loader batch) and the row budget; a subscription's long-lived context has none.
   */
  limitsFor(operation: 'operation' | 'subscription'): RequestLimits;
  format(formatted: GraphQLFormattedError, raw: unknown): GraphQLFormattedError;
  formatAll(errors: readonly GraphQLError[]): GraphQLFormattedError[];
  logOperation(transport: 'http' | 'ws', operationName: string | null, operation: string | null, errors: readonly GraphQLFormattedError[] | undefined): void;
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

const SUGGESTION = / ?Did you mean [^?]*\?/g;

const installed = new WeakSet<object>();

/**
 * graphql-js cannot abort a running operation, but it can stop starting new work: once the
 * operation's deadline passes, every field still to resolve fails with UNAVAILABLE, and a query's
 * top-level field still waiting on one long statement answers UNAVAILABLE at the deadline, so the
 * response returns on time. Installed on the schema, it applies to every transport that executes it.
 */
export function installDeadline(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (installed.has(field)) continue;
      installed.add(field);
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context: Partial<HasLimits> | undefined, info) => {
        const limits = context?.limits;
        limits?.check();
        const result = resolve(source, args, context, info);
        // A query's top-level field answers UNAVAILABLE at the deadline even if one statement is
        // still running (one per field of the operation, so no timer per nested field). Never a
        // mutation's: its work may still commit, and the client must not be told it did not.
        if (limits && info.path.prev === undefined && info.operation.operation === 'query' && isPromise(result)) return limits.bound(result);
        return result;
      };
    }
  }
  return schema;
}

export function createGraphQLPipeline(schema: GraphQLSchema, options: { production: boolean; logger: OperationLogger; includeStack?: boolean; executionTimeoutMs?: number; maxRowsPerRequest?: number }): GraphQLPipeline {
  const { production, logger } = options;
  const timeoutMs = options.executionTimeoutMs ?? GRAPHQL_LIMITS.executionTimeoutMs;
  const maxRows = options.maxRowsPerRequest ?? GRAPHQL_LIMITS.maxRowsPerRequest;
  const limit = { exposeLimits: true };
  const armor = new ApolloArmor({
    maxDepth: { n: GRAPHQL_LIMITS.maxDepth, ...limit },
    costLimit: { maxCost: GRAPHQL_LIMITS.maxCost, ...limit },
    maxAliases: { n: GRAPHQL_LIMITS.maxAliases, ...limit },
    // The token limit is the parser's own option (`parseOptions`), on both transports.
    maxTokens: { enabled: false },
    maxDirectives: { n: GRAPHQL_LIMITS.maxDirectives, ...limit },
    // Suggestions are hidden by `format` below, for both transports (armor's is an Apollo plugin).
    blockFieldSuggestion: { enabled: false },
  }).protect();
  const validationRules: ValidationRule[] = [...armor.validationRules, ...(production ? [NoSchemaIntrospectionCustomRule] : [])];
  const allRules = [...specifiedRules, ...validationRules];
  const boundary = formatError(logger, options.includeStack ?? false);
  const format = (formatted: GraphQLFormattedError, raw: unknown): GraphQLFormattedError => {
    const answer = boundary(formatted, raw);
    if (!production) return answer;
    const message = answer.message.replace(SUGGESTION, '');
    return message === answer.message ? answer : { ...answer, message };
  };
  const executable = installDeadline(schema);
  const parseOptions: ParseOptions = { maxTokens: GRAPHQL_LIMITS.maxTokens };
  // Every armor protection left is a validation rule, which both transports run. An Apollo plugin
  // would run over HTTP only: refuse to start rather than harden one transport.
  if (armor.plugins.length > 0) throw new Error('graphql-armor returned Apollo plugins: apply them in the one pipeline instead (graphql/pipeline.ts)');
  return {
    production,
    schema: executable,
    validationRules,
    parseOptions,
    parse: (query) => parse(new Source(query), parseOptions),
    validate: (document) => validate(executable, document, allRules),
    limitsFor: (operation) => (operation === 'subscription' ? RequestLimits.unlimited() : new RequestLimits(timeoutMs, maxRows)),
    format,
    formatAll: (errors) => errors.map((error) => format(error.toJSON(), error)),
    logOperation(transport, operationName, operation, errors) {
      const codes = errors?.map((e) => String(e.extensions?.code ?? ErrorCode.INTERNAL));
      const line = { transport, operationName, operation, errors: codes };
      if (codes?.length) logger.info(line, 'graphql operation failed');
      else logger.debug(line, 'graphql operation');
    },
  };
}
