/**
 * Abuse limits for every GraphQL document, over HTTP and WebSocket alike (applied by the one
 * pipeline, graphql/pipeline.ts). The
 * dashboard's heaviest query (organization → 50 applications → keys → secrets) sits well inside.
 */
export const GRAPHQL_LIMITS = {
  maxDepth: 10,
  maxCost: 5000,
  maxAliases: 15,
  maxTokens: 2000,
  maxDirectives: 10,
  /** Fields still unresolved after this long fail with UNAVAILABLE, and loaders send no more SQL. */
  executionTimeoutMs: 10_000,
  /** Rows one request may read through loaders (bounds its memory; see RequestLimits). */
  maxRowsPerRequest: 20_000,
  /** Largest GraphQL request body. */
  bodyBytes: 256 * 1024,
} as const;

/** Which limit an armor refusal is about, from its message; sent as `extensions.limit`. */
export function limitOf(message: string): string | null {
  if (/depth limit/i.test(message)) return 'maxDepth';
  if (/cost limit|query cost/i.test(message)) return 'maxCost';
  if (/aliases limit/i.test(message)) return 'maxAliases';
  if (/token limit|contains more tha[nt] \d+ tokens/i.test(message)) return 'maxTokens';
  if (/directives limit/i.test(message)) return 'maxDirectives';
  return null;
}
