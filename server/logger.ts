import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { Logger } from 'pino';

/** The request being served, so every log line made while serving it carries its id. */
export const requestScope = new AsyncLocalStorage<{ requestId: string }>();

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
