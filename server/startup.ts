import { setFlagsFromString } from 'node:v8';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { Config, redactUrl } from './config';
import { AddressInfo } from 'node:net';
import { openDataSource, openReader, statementCounter } from './database/data-source';
import { installStatementLimit } from './database/statement-limit';
import { Logger } from './logger';

/**
 * A start that cannot proceed because of the environment (a dependency unreachable, a port taken,
 * a secret that does not fit the data). The message names the setting and what to do; the CLI
 * prints it as one line.
 */
export class StartupError extends Error {
  constructor(readonly setting: string, problem: string) {
    super(`${setting}: ${problem}`);
    this.name = 'StartupError';
  }
}

const describe = (error: unknown): string => {
  const e = error as { code?: unknown; message?: unknown };
  const message = typeof e?.message === 'string' ? e.message : String(error);
  return typeof e?.code === 'string' && !message.includes(e.code) ? `${e.code}: ${message}` : message;
};

function where(url: string, defaultPort: number): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || defaultPort}`;
  } catch {
    return redactUrl(url);
  }
}

/** Strips a URL's password from a driver's message, in case a driver ever echoes it. */
function scrub(message: string, url: string): string {
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password ? message.split(password).join('***') : message;
  } catch {
    return message;
  }
}

/** Redis is probed once before anything else starts: a bad REDIS_URL stops the start, naming it. */
export async function checkRedis(url: string, timeoutMs = 3000): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // ioredis rejects with "Connection is closed."; the cause (ECONNREFUSED, auth) arrives as an event.
  let cause: unknown;
  redis.on('error', (error: unknown) => {
    cause ??= error;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new StartupError('REDIS_URL', `cannot reach Redis at ${where(url, 6379)} (${scrub(describe(cause ?? error), url)}): start Redis there, fix REDIS_URL, or unset it to run one instance without Redis`);
  } finally {
    redis.disconnect();
  }
}

/** Opens the configured database; a failure names DATABASE_URL (never its password) and the fix. */
export async function openDatabase(config: Config): Promise<DataSource> {
  const database = config.database;
  try {
    return await openDataSource(database);
  } catch (error) {
    if (database.type === 'mysql') {
      const user = (() => {
        try {
          return decodeURIComponent(new URL(database.url).username);
        } catch {
          return '';
        }
      })();
      throw new StartupError(
        'DATABASE_URL',
        `cannot connect to MySQL at ${where(database.url, 3306)} as "${user}" (${scrub(describe(error), database.url)}): check the host, user, password and database name in DATABASE_URL (mysql://user:pass@host:3306/db); the database must exist`,
      );
    }
    throw new StartupError('DATABASE_URL', `cannot open the SQLite file ${database.path} (${describe(error)}): check DATABASE_URL or KEYWARD_DATA_DIR and that the directory is writable`);
  }
}

/** Listening failures in words: the address and the settings that choose it. */
export function listenError(error: unknown, config: Config, setting: 'PORT' | 'KEYWARD_CREDENTIALS_PORT' = 'PORT'): Error {
  const code = (error as { code?: unknown })?.code;
  const port = setting === 'PORT' ? config.port : config.credentialsPort;
  const address = `${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  if (code === 'EADDRINUSE') return new StartupError(setting, `${address} is already in use (another Keyward?): stop that process or choose another ${setting} (or HOST)`);
  if (code === 'EADDRNOTAVAIL') return new StartupError('HOST', `${config.host} is not an address of this machine: use 127.0.0.1, 0.0.0.0 (every interface) or one of its addresses`);
  if (code === 'EACCES') return new StartupError(setting, `${address} needs privileges to listen on: choose a ${setting} above 1023`);
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * What a thread that serves needs of its database after the migrations (the main thread and the
 * credentials thread alike): the read connection (SQLite's second one, MySQL's pool itself), the
 * statement time limit, and the statement counter's warnings. Returns the reader.
 */
export async function prepareServing(dataSource: DataSource, config: Config, logger: Logger, statementLimitMs: number): Promise<DataSource> {
  const reader = await openReader(config.database, dataSource);
  installStatementLimit(dataSource, statementLimitMs, logger);
  statementCounter(dataSource).onError = (message) => logger.warn({ database: config.database.type }, message);
  return reader;
}

/** Closes the reader (when it is a connection of its own) and the writer; either may never have opened. */
export async function closeDatabase(dataSource: DataSource | null, reader: DataSource | null): Promise<void> {
  if (reader && reader !== dataSource && reader.isInitialized) await reader.destroy();
  if (dataSource?.isInitialized) await dataSource.destroy();
}

/** The URL of a listening socket, e.g. http://127.0.0.1:4000 or http://[::1]:4000. */
export function listeningUrl(address: AddressInfo): string {
  return `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
}

/**
 * KEYWARD_HEAP_GROWING_PERCENT: V8 starts a major collection once the old generation has grown
 * this far past what the last one left live. V8's own factor (up to 4×) suits small heaps; with a
 * large verify cache it let the credentials thread's heap grow to 1.7 GB, mostly garbage, on
 * 700 MB of live credentials while misses streamed in (bench/RESULTS.md). A V8 flag, so it holds
 * for every thread of the process: set before the credentials thread starts. 0 is V8's own default
 * for the flag (its own factor), so it is set too: a later start in the same process gets what it asks.
 */
export function applyHeapGrowing(percent: number): void {
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
