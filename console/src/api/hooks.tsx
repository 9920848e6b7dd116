import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ApiClient, Document, SubscriptionHandlers } from './client';
import { ApiError } from './errors';

const ApiContext = createContext<ApiClient | null>(null);

export function ApiProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi needs an <ApiProvider>');
  return client;
}

export interface QueryState<TResult> {
  readonly data: TResult | null;
  readonly error: ApiError | null;
  readonly loading: boolean;
  refetch(): Promise<void>;
  /** Local edits after a mutation or a live event, without a round trip. */
  update(change: (data: TResult) => TResult): void;
}

/** Runs a query when its variables change; the latest answer wins. */
export function useQuery<TResult, TVariables>(document: Document<TResult, TVariables>, variables: TVariables, options: { skip?: boolean } = {}): QueryState<TResult> {
  const api = useApi();
  const [data, setData] = useState<TResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(!options.skip);
  const key = JSON.stringify(variables);
  const latest = useRef(0);

  const run = useCallback(async () => {
    const ticket = ++latest.current;
    setLoading(true);
    try {
      const result = await api.request(document, JSON.parse(key) as TVariables);
      if (ticket !== latest.current) return;
      setData(result);
      setError(null);
    } catch (caught) {
      if (ticket !== latest.current) return;
      setError(ApiError.from(caught));
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, [api, document, key]);

  useEffect(() => {
    if (!options.skip) void run();
    return () => {
      latest.current += 1;
    };
  }, [run, options.skip]);

  const update = useCallback((change: (data: TResult) => TResult) => setData((current) => (current === null ? current : change(current))), []);
  return { data, error, loading, refetch: run, update };
}

export interface MutationState<TResult, TVariables> {
  /** Resolves with the result, or with null when it failed (the error is then in `error`). */
  run(variables: TVariables): Promise<TResult | null>;
  readonly error: ApiError | null;
  readonly pending: boolean;
  reset(): void;
}

/**
 * Runs a mutation. The result is handed to the caller and not kept here, so a secret in it lives
 * only as long as the component that shows it.
 */
export function useMutation<TResult, TVariables>(document: Document<TResult, TVariables>): MutationState<TResult, TVariables> {
  const api = useApi();
  const [error, setError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(
    async (variables: TVariables): Promise<TResult | null> => {
      setPending(true);
      setError(null);
      try {
        return await api.request(document, variables);
      } catch (caught) {
        if (mounted.current) setError(ApiError.from(caught));
        return null;
      } finally {
        if (mounted.current) setPending(false);
      }
    },
    [api, document],
  );
  const reset = useCallback(() => setError(null), []);
  return { run, error, pending, reset };
}

/** Keeps a subscription open while the component is mounted and its variables stay the same. */
export function useSubscription<TResult, TVariables>(document: Document<TResult, TVariables>, variables: TVariables, handlers: SubscriptionHandlers<TResult>, options: { skip?: boolean } = {}): void {
  const api = useApi();
  const key = JSON.stringify(variables);
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  useEffect(() => {
    if (options.skip) return;
    return api.subscribe(document, JSON.parse(key) as TVariables, {
      next: (data) => handlersRef.current.next(data),
      error: (error) => handlersRef.current.error?.(error),
      reconnected: () => handlersRef.current.reconnected?.(),
    });
  }, [api, document, key, options.skip]);
}
