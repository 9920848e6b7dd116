import type { ApiClient, Document, SubscriptionHandlers } from '../../console/src/api/client';

type Resolver = (variables: Record<string, unknown>) => unknown;

export interface FakeApi extends ApiClient {
  /** Every request, by operation name, in order. */
  readonly calls: Array<{ operation: string; variables: Record<string, unknown> }>;
  /** Pushes a subscription event to every open subscription of that operation. */
  emit(operation: string, data: unknown): void;
  openSubscriptions(operation: string): number;
  /** The variables of each subscription opened, by operation name, in order. */
  readonly subscribed: Array<{ operation: string; variables: Record<string, unknown> }>;
  /** The socket came back after a loss: calls every open subscription's `reconnected`. */
  reconnect(): void;
}

function operationName(document: Document<unknown, unknown>): string {
  const match = /(?:query|mutation|subscription)\s+(\w+)/.exec(document.toString());
  if (!match) throw new Error(`No operation name in ${document.toString()}`);
  return match[1];
}

/**
 * An ApiClient that answers from a table of resolvers keyed by operation name: a resolver may
 * return data or throw (an ApiError, for error paths). Unknown operations fail the test.
 */
export function fakeApi(resolvers: Record<string, Resolver>): FakeApi {
  const calls: FakeApi['calls'] = [];
  const subscriptions = new Map<string, Set<SubscriptionHandlers<unknown>>>();
  const subscribed: FakeApi['subscribed'] = [];
  return {
    calls,
    subscribed,
    reconnect() {
      for (const set of subscriptions.values()) for (const handlers of [...set]) handlers.reconnected?.();
    },
    async request<TResult, TVariables>(document: Document<TResult, TVariables>, variables: TVariables): Promise<TResult> {
      const operation = operationName(document as Document<unknown, unknown>);
      calls.push({ operation, variables: variables as Record<string, unknown> });
      const resolver = resolvers[operation];
      if (!resolver) throw new Error(`fakeApi: no resolver for ${operation}`);
      return resolver(variables as Record<string, unknown>) as TResult;
    },
    subscribe<TResult, TVariables>(document: Document<TResult, TVariables>, variables: TVariables, handlers: SubscriptionHandlers<TResult>) {
      const operation = operationName(document as Document<unknown, unknown>);
      subscribed.push({ operation, variables: variables as Record<string, unknown> });
      const set = subscriptions.get(operation) ?? new Set();
      subscriptions.set(operation, set);
      set.add(handlers as SubscriptionHandlers<unknown>);
      return () => set.delete(handlers as SubscriptionHandlers<unknown>);
    },
    emit(operation, data) {
      for (const handlers of subscriptions.get(operation) ?? []) handlers.next(data);
    },
    openSubscriptions(operation) {
      return subscriptions.get(operation)?.size ?? 0;
    },
    dispose() {
      subscriptions.clear();
    },
  };
}
