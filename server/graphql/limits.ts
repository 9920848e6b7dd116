import { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { DocumentNode, parse, Source, ValidationRule } from 'graphql';
import { DomainError, ErrorCode } from '../errors';

/**
 * Abuse limits for every GraphQL document, over HTTP and WebSocket alike (graphql-armor). The
 * dashboard's heaviest query (organization → 50 applications → keys → secrets) sits well inside.
 */
export const GRAPHQL_LIMITS = {
  maxDepth: 10,
  maxCost: 5000,
  maxAliases: 15,
  maxTokens: 2000,
  maxDirectives: 10,
  /** Fields still unresolved after this long fail with UNAVAILABLE instead of running on. */
  executionTimeoutMs: 10_000,
  /** Largest GraphQL request body. */
  bodyBytes: 256 * 1024,
} as const;

/** Which limit an armor refusal is about, from its message; sent as `extensions.limit`. */
export function limitOf(message: string): string | null {
  if (/depth limit/i.test(message)) return 'maxDepth';
  if (/cost limit|query cost/i.test(message)) return 'maxCost';
  if (/aliases limit/i.test(message)) return 'maxAliases';
  if (/token limit/i.test(message)) return 'maxTokens';
  if (/directives limit/i.test(message)) return 'maxDirectives';
  return null;
}

export interface GraphQLProtection {
  readonly plugins: ApolloServerPlugin[];
  readonly validationRules: ValidationRule[];
  /** For graphql-ws, which runs no Apollo plugin: the same token limit at parse time. */
  parseDocument(query: string): DocumentNode;
}

export function graphqlProtection(production: boolean): GraphQLProtection {
  const options = { exposeLimits: true };
  const armor = new ApolloArmor({
    maxDepth: { n: GRAPHQL_LIMITS.maxDepth, ...options },
    costLimit: { maxCost: GRAPHQL_LIMITS.maxCost, ...options },
    maxAliases: { n: GRAPHQL_LIMITS.maxAliases, ...options },
    maxTokens: { n: GRAPHQL_LIMITS.maxTokens, ...options },
    maxDirectives: { n: GRAPHQL_LIMITS.maxDirectives, ...options },
    blockFieldSuggestion: { enabled: production },
  }).protect();
  return {
    plugins: [...armor.plugins, executionTimeout(GRAPHQL_LIMITS.executionTimeoutMs)],
    validationRules: armor.validationRules,
    parseDocument: (query) => parse(new Source(query), { maxTokens: GRAPHQL_LIMITS.maxTokens }),
  };
}

/**
 * graphql-js cannot abort a running operation, but it can stop starting new work: once the
 * deadline passes, every field still to resolve fails with UNAVAILABLE, so the response returns.
 */
function executionTimeout(ms: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async executionDidStart() {
          const deadline = Date.now() + ms;
          return {
            willResolveField() {
              if (Date.now() > deadline) throw new DomainError(ErrorCode.UNAVAILABLE, `The operation ran past the ${ms / 1000} s execution limit`);
            },
          };
        },
      };
    },
  };
}
