import 'reflect-metadata';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { Clock, systemClock } from './clock';
import { Config, loadConfig } from './config';
import { GRAPHQL_LIMITS } from './graphql/limits';
import { buildKeywardSchema } from './graphql/schema';
import { createHttpApp, HttpApp } from './http/app';
import { CredentialsThread, lowerManagementPriority, startCredentialsThread } from './credentials-thread';
import { createLogger, Logger } from './logger';
import { createServices, Services } from './services';
import { applyHeapGrowing, checkRedis, closeDatabase, listenError, listeningUrl, openDatabase, prepareServing } from './startup';

export interface RunningServer {
  readonly url: string;
  /** Where the credentials thread listens (KEYWARD_CREDENTIALS_PORT); null when it is not configured. */
  readonly credentialsUrl: string | null;
  /** The credentials thread itself (null when not configured): its URL changes when a thread on port 0 is restarted. */
  readonly credentialsThread: CredentialsThread | null;
  readonly services: Services;
  readonly http: HttpApp;
  close(): Promise<void>;
}

/** Expiry is already exact for readers (effectiveStatus); the job only records it, so a short lag is fine. */
export const DEFAULT_JOB_INTERVAL_MS = 15_000;

export const DEFAULT_EVENT_POLL_MS = 1000;

export interface StartOptions {
  config?: Config;
  clock?: Clock;
  logger?: Logger;
  /** How often the lifecycle jobs run (expiry, grace ends, due account secrets); 0 = never (tests call runOnce). */
  jobIntervalMs?: number;
  /**
   * How often the event dispatcher and the webhook worker look for work besides being nudged after
   * each commit (events of instances that died before their nudge, retries falling due); default
   * 1000 ms, 0 = nudges only (tests drive retries with the clock and `runOnce`).
   */
  eventPollMs?: number;
  /** How often a live GraphQL socket re-checks its session token (default 30 s; tests shorten it). */
  sessionCheckMs?: number;
  /** GraphQL execution deadline (default GRAPHQL_LIMITS.executionTimeoutMs; tests shorten it). */
  graphqlExecutionTimeoutMs?: number;
  /** GraphQL row budget per operation (default GRAPHQL_LIMITS.maxRowsPerRequest; tests lower it). */
  graphqlMaxRowsPerRequest?: number;
  /** Print first-start credentials (the CLI does; tests don't). */
  announce?: (line: string) => void;
}

export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}

/**
 * Boot: config → Redis probe → database (migrations) → services → HTTP + WebSocket listening →
 * first platform admin. The port is taken before the admin is created, so a start that fails on
 * a busy port never prints a password for an admin nobody can then use.
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const config = options.config ?? loadConfig();
  const logger = options.logger ?? createLogger(config.logLevel);
  const announce = options.announce ?? (() => undefined);
  for (const notice of config.notices) announce(notice);
  applyHeapGrowing(config.heapGrowingPercent);

  if (config.redisUrl) await checkRedis(config.redisUrl);
  const dataSource = await openDatabase(config);
  let reader: DataSource | null = null;
  let started: Services | null = null;
  let listening: HttpApp | null = null;
  let thread: CredentialsThread | null = null;
  try {
    const applied = await runMigrations(dataSource);
    if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
    // After the migrations, which may run longer than any statement of a serving instance may.
    reader = await prepareServing(dataSource, config, logger, options.graphqlExecutionTimeoutMs ?? GRAPHQL_LIMITS.executionTimeoutMs);
    const services = createServices(config, dataSource, options.clock ?? systemClock, logger, reader);

    const http = await createHttpApp(services, buildKeywardSchema(services.pubSub), logger, { sessionCheckMs: options.sessionCheckMs, executionTimeoutMs: options.graphqlExecutionTimeoutMs, maxRowsPerRequest: options.graphqlMaxRowsPerRequest });
    // The dispatcher first drains whatever the outbox holds (events committed before a crash).
    services.events.start(options.eventPollMs ?? DEFAULT_EVENT_POLL_MS);
    services.lifecycleJobs.start(options.jobIntervalMs ?? DEFAULT_JOB_INTERVAL_MS);
    services.analytics.start(options.jobIntervalMs ?? DEFAULT_JOB_INTERVAL_MS);
    services.usageCounter.start();
    started = services;
    // After createHttpApp, which loads (or creates) the signing keys: the thread only reads them.
    if (config.credentialsPort !== null) thread = await startCredentialsThread(config, services.verifier, options.clock ?? systemClock, logger);
    try {
      await http.fastify.listen({ port: config.port, host: config.host });
    } catch (error) {
      await http.close().catch(() => undefined);
      throw listenError(error, config);
    }
    listening = http;
    const admin = await services.auth.ensurePlatformAdmin();
    if (admin.created) {
      announce(`Created platform admin ${admin.email}${admin.generatedPassword ? ` with password ${admin.generatedPassword} (shown once: change it or keep it safe)` : ''}.`);
    }
    const url = listeningUrl(http.fastify.server.address() as AddressInfo);
    if (thread !== null) {
      const priority = await lowerManagementPriority(config.managementPriority, logger);
      logger.info({ url: thread.url, managementPriority: priority }, 'credentials thread listening');
    }
    logger.info({ url, database: config.database.type }, 'keyward listening');
    const credentialsThread = thread;

    let closing: Promise<void> | null = null;
    return {
      url,
      get credentialsUrl() {
        return credentialsThread?.url ?? null;
      },
      credentialsThread,
      services,
      http,
      close() {
        closing ??= (async () => {
          await http.close();
          await credentialsThread?.close();
          await services.events.stop();
          await services.lifecycleJobs.stop();
          await services.analytics.stop();
          // Counts of the last requests are written before the database closes (SPEC 8).
          await services.usageCounter.stop();
          await services.rateLimits.close();
          services.changes.detach();
          await closeDatabase(dataSource, reader);
        })();
        return closing;
      },
    };
  } catch (error) {
    await listening?.close().catch(() => undefined);
    await thread?.close().catch(() => undefined);
    await started?.events.stop();
    await started?.lifecycleJobs.stop();
    await started?.analytics.stop();
    await started?.usageCounter.stop().catch(() => undefined);
    await started?.rateLimits.close();
    started?.changes.detach();
    await closeDatabase(dataSource, reader);
    throw error;
  }
}
