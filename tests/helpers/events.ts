import { Client, createClient } from 'graphql-ws';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { TestServer } from './server';

/** A graphql-ws client for a test server; `token` goes in connectionParams.authorization. */
export function wsClient(t: { url: string }, token?: string, extra: Record<string, unknown> = {}): Client {
  return createClient({
    url: `${t.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}`, ...extra } : extra,
    retryAttempts: 0,
    lazy: true,
  });
}

export interface Subscription<T = any> {
  /** Every `next` payload received so far. */
  readonly messages: Array<{ data?: T; errors?: Array<{ message: string; extensions?: Record<string, any> }> }>;
  /** Set once the server errored the operation or closed the socket. */
  readonly failure: () => unknown;
  readonly completed: () => boolean;
  /** Resolves when `count` messages have arrived (or rejects after `timeoutMs`). */
  next(count?: number, timeoutMs?: number): Promise<void>;
  /** Resolves when the operation errored, completed or the socket closed. */
  ended(timeoutMs?: number): Promise<unknown>;
  stop(): Promise<void>;
}

/** Subscribes and records everything the server sends for this operation. */
export function subscribe<T = any>(client: Client, query: string, variables: Record<string, unknown> = {}): Subscription<T> {
  const messages: Subscription<T>['messages'] = [];
  let failure: unknown;
  let done = false;
  const waiters: Array<() => void> = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  const unsubscribe = client.subscribe<T>({ query, variables }, {
    next: (value) => {
      messages.push(value as Subscription<T>['messages'][number]);
      wake();
    },
    error: (error) => {
      failure = error;
      done = true;
      wake();
    },
    complete: () => {
      done = true;
      wake();
    },
  });
  const until = (ready: () => boolean, timeoutMs: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      if (ready()) return resolve();
      const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} (got ${JSON.stringify(messages)})`)), timeoutMs);
      const check = () => {
        if (ready()) {
          clearTimeout(timer);
          resolve();
        } else waiters.push(check);
      };
      waiters.push(check);
    });
  return {
    messages,
    failure: () => failure,
    completed: () => done,
    next: (count = messages.length + 1, timeoutMs = 10_000) => until(() => messages.length >= count, timeoutMs, `${count} message(s)`),
    ended: async (timeoutMs = 10_000) => {
      await until(() => done, timeoutMs, 'the end of the subscription');
      return failure;
    },
    stop: async () => {
      unsubscribe();
    },
  };
}

/** Subscriptions start listening a moment after the subscribe message (and Redis SUBSCRIBE is async). */
export const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ReceivedWebhook {
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly path: string;
}

export type Behaviour = { status: number; headers?: Record<string, string> } | 'hang';

/**
 * A webhook receiver on loopback. Each request takes the next behaviour from `plan` (then
 * answers 200), and is recorded.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private server: Server | null = null;
  private waiters: Array<() => void> = [];
  private readonly hanging: ServerResponse[] = [];
  url = '';

  constructor(readonly plan: Behaviour[] = []) {}

  async start(): Promise<this> {
    this.server = createServer((request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers[name] = value;
        this.received.push({ headers, body: Buffer.concat(chunks).toString('utf8'), path: request.url ?? '/' });
        this.waiters.splice(0).forEach((w) => w());
        const behaviour = this.plan.shift() ?? { status: 200 };
        if (behaviour === 'hang') {
          this.hanging.push(response);
          return;
        }
        response.writeHead(behaviour.status, behaviour.headers).end('ok');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Resolves once `count` requests have arrived. */
  waitFor(count: number, timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`receiver got ${this.received.length} of ${count} request(s)`)), timeoutMs);
      const check = () => {
        if (this.received.length >= count) {
          clearTimeout(timer);
          resolve();
        } else this.waiters.push(check);
      };
      check();
    });
  }

  async close(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Creates a webhook endpoint through the API and returns its id and secret. */
export async function createWebhookEndpoint(t: TestServer, organizationId: string, url: string, input: Record<string, unknown> = {}, token?: string): Promise<{ id: string; secret: string }> {
  const data = await t.ok<{ createWebhookEndpoint: { secret: string; webhookEndpoint: { id: string } } }>(
    'mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret webhookEndpoint { id } } }',
    { input: { organizationId, url, ...input } },
    token ?? (await t.adminToken()),
  );
  return { id: data.createWebhookEndpoint.webhookEndpoint.id, secret: data.createWebhookEndpoint.secret };
}
