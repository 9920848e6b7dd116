import { createClient, type Client as WsClient } from 'graphql-ws';
import type { TypedDocumentString } from '../gql/graphql';
import { ApiError } from './errors';

export type Document<TResult, TVariables> = TypedDocumentString<TResult, TVariables>;

export interface SubscriptionHandlers<TResult> {
  next(data: TResult): void;
  error?(error: ApiError): void;
  /** Called when the socket comes back after a drop: events may have been missed meanwhile. */
  reconnected?(): void;
}

/** What screens need from the API; tests give a fake with the same shape. */
export interface ApiClient {
  request<TResult, TVariables>(document: Document<TResult, TVariables>, variables: TVariables): Promise<TResult>;
  subscribe<TResult, TVariables>(document: Document<TResult, TVariables>, variables: TVariables, handlers: SubscriptionHandlers<TResult>): () => void;
  dispose(): void;
}

export interface ClientOptions {
  /** e.g. "/graphql" or "http://127.0.0.1:4000/graphql". */
  readonly httpUrl: string;
  readonly wsUrl: string;
  readonly token: string | null;
  /** Called when the server answers UNAUTHENTICATED, so the session can end. */
  readonly onUnauthenticated?: () => void;
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: Array<{ message?: unknown; extensions?: Record<string, unknown> }>;
}

/** The WebSocket URL for the page's own origin: ws(s)://<host>/graphql. */
export function sameOriginWsUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
}

/**
 * A small client: fetch for queries and mutations, graphql-ws for subscriptions. Documents come
 * typed from graphql-codegen, so results and variables are checked against schema.graphql.
 */
export function createApiClient(options: ClientOptions): ApiClient {
  const authorization = options.token ? `Bearer ${options.token}` : null;
  let ws: WsClient | null = null;
  let connections = 0;
  const reconnectListeners = new Set<() => void>();

  const socket = (): WsClient => {
    ws ??= createClient({
      url: options.wsUrl,
      connectionParams: authorization ? { authorization } : {},
      retryAttempts: 20,
      shouldRetry: () => true,
      on: {
        connected: () => {
          connections += 1;
          if (connections > 1) for (const listener of reconnectListeners) listener();
        },
      },
    });
    return ws;
  };

  const fail = (error: ApiError): ApiError => {
    if (error.code === 'UNAUTHENTICATED') options.onUnauthenticated?.();
    return error;
  };

  return {
    async request<TResult, TVariables>(document: Document<TResult, TVariables>, variables: TVariables): Promise<TResult> {
      let response: Response;
      try {
        response = await fetch(options.httpUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', ...(authorization ? { authorization } : {}) },
          body: JSON.stringify({ query: document.toString(), variables }),
        });
      } catch (error) {
        throw new ApiError(`The server could not be reached: ${error instanceof Error ? error.message : String(error)}`, 'NETWORK');
      }
      let body: GraphQLResponse<TResult>;
      try {
        body = (await response.json()) as GraphQLResponse<TResult>;
      } catch {
        throw new ApiError(`The server answered ${response.status} without a GraphQL response`, response.status >= 500 ? 'INTERNAL' : 'NETWORK');
      }
      if (body.errors?.length) throw fail(ApiError.fromGraphQL(body.errors));
      if (!body.data) throw new ApiError('The server answered without data', 'INTERNAL');
      return body.data;
    },

    subscribe<TResult, TVariables>(document: Document<TResult, TVariables>, variables: TVariables, handlers: SubscriptionHandlers<TResult>): () => void {
      const reconnected = handlers.reconnected;
      if (reconnected) reconnectListeners.add(reconnected);
      const unsubscribe = socket().subscribe<TResult>(
        { query: document.toString(), variables: variables as Record<string, unknown> },
        {
          next: (result) => {
            if (result.errors?.length) handlers.error?.(fail(ApiError.fromGraphQL(result.errors as GraphQLResponse<TResult>['errors'] & object)));
            else if (result.data) handlers.next(result.data);
          },
          error: (error) => handlers.error?.(Array.isArray(error) ? fail(ApiError.fromGraphQL(error)) : new ApiError('The live connection failed', 'NETWORK')),
          complete: () => undefined,
        },
      );
      return () => {
        if (reconnected) reconnectListeners.delete(reconnected);
        unsubscribe();
      };
    },

    dispose() {
      reconnectListeners.clear();
      void ws?.dispose();
      ws = null;
    },
  };
}
