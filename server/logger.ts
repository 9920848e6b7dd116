import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { Logger } from 'pino';

/**
 * Where a value follows the asynchronous work of one request (AsyncLocalStorage), switched on only
 * while some request holds a scope open. While it is on, Node 20 runs a hook for every
 * asynchronous resource the process makes — every promise, tick and socket write of every request,
 * scoped or not — which costs the token endpoint ≈ 4 % of its CPU (README, "Performance"). Verify
 * and token hits never open a scope, so under payment traffic alone it is off; a GraphQL request,
 * an introspection or a cache miss turns it on until the last of them ends.
 */
export class RequestScope<T> {
  private readonly storage = new AsyncLocalStorage<T>();
  private open = 0;

  /** The value of the scope this code runs in, if any. */
  getStore(): T | undefined {
    return this.open === 0 ? undefined : this.storage.getStore();
  }

  /** How many scopes are open: 0 means the hook is off. */
  get openScopes(): number {
    return this.open;
  }

  /**
   * Runs `fn` in a scope holding `store`. The scope stays open until `fn` returns or, when it
   * returns a promise, until that settles: work still running later is no longer the request's.
   */
  run<R>(store: T, fn: () => R): R {
    const end = this.opened();
    let result: R;
    try {
      result = this.storage.run(store, fn);
    } catch (error) {
      end();
      throw error;
    }
    if (result instanceof Promise) result.then(end, end);
    else end();
    return result;
  }

  /** Runs `fn` in a scope holding `store` that stays open until `fn`'s argument is called (once). */
  enter(store: T, fn: (end: () => void) => void): void {
    const end = this.opened();
    try {
      this.storage.run(store, fn, end);
    } catch (error) {
      end();
      throw error;
    }
  }

  private opened(): () => void {
    this.open += 1;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.open -= 1;
      // The last scope ended: no hook runs until the next one opens.
      if (this.open === 0) this.storage.disable();
    };
  }
}

/** The request being served, so every log line made while serving it carries its id. */
export const requestScope = new RequestScope<{ requestId: string }>();

/**
 * Structured JSON logs. Anything that can carry a secret is redacted by path, so a secret never
 * reaches a log line even when an error object carries the request or a query's parameters.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  'password',
  'secret',
  'token',
  'accountSecret',
  'client_secret',
  'key',
  '*.password',
  '*.secret',
  '*.token',
  '*.accountSecret',
  '*.currentSecret',
  '*.newSecret',
  '*.temporaryKey',
  '*.client_secret',
  '*.authorization',
  'err.parameters',
  'err.query',
  'err.sql',
  'err.driverError',
  'variables',
];

export function createLogger(level: string = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'), destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'keyward' },
    mixin: () => requestScope.getStore() ?? {},
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
