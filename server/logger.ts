import pino, { Logger } from 'pino';

/**
 * Structured JSON logs. Anything that can carry a secret is redacted by path, so a secret never
 * reaches a log line even when an error object carries the request.
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
  '*.password',
  '*.secret',
  '*.token',
  '*.accountSecret',
  '*.client_secret',
  '*.authorization',
];

export function createLogger(level: string = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info')): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'keyward' } });
}

export type { Logger };
