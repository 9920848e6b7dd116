import 'reflect-metadata';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { Clock, systemClock } from './clock';
import { Config, loadConfig } from './config';
import { openDataSource, statementCounter } from './database/data-source';
import { buildKeywardSchema } from './graphql/schema';
import { createHttpApp, HttpApp } from './http/app';
import { createLogger, Logger } from './logger';
import { createServices, Services } from './services';

export interface RunningServer {
  readonly url: string;
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
  /** Print first-start credentials (the CLI does; tests don't). */
  announce?: (line: string) => void;
}

export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}

/** Boot: config → database (migrations) → services → HTTP + WebSocket. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const config = options.config ?? loadConfig();
  const logger = options.logger ?? createLogger();
  const announce = options.announce ?? (() => undefined);
  for (const notice of config.notices) announce(notice);

  const dataSource = await openDataSource(config.database);
  let started: Services | null = null;
  try {
    const applied = await runMigrations(dataSource);
    if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
    const services = createServices(config, dataSource, options.clock ?? systemClock, logger);
    statementCounter(dataSource).onError = (message) => logger.warn({ database: config.database.type }, message);

    const admin = await services.auth.ensurePlatformAdmin();
    if (admin.created) {
      announce(`Created platform admin ${admin.email}${admin.generatedPassword ? ` with password ${admin.generatedPassword} (shown once: change it or keep it safe)` : ''}.`);
    }

    const http = await createHttpApp(services, buildKeywardSchema(services.pubSub), logger);
    // The dispatcher first drains whatever the outbox holds (events committed before a crash).
    services.events.start(options.eventPollMs ?? DEFAULT_EVENT_POLL_MS);
    services.lifecycleJobs.start(options.jobIntervalMs ?? DEFAULT_JOB_INTERVAL_MS);
    started = services;
    await http.fastify.listen({ port: config.port, host: config.host });
    const address = http.fastify.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${host}:${address.port}`;
    logger.info({ url, database: config.database.type }, 'keyward listening');

    let closing: Promise<void> | null = null;
    return {
      url,
      services,
      http,
      close() {
        closing ??= (async () => {
          await http.close();
          await services.events.stop();
          await services.lifecycleJobs.stop();
          await services.rateLimits.close();
          await dataSource.destroy();
        })();
        return closing;
      },
    };
  } catch (error) {
    await started?.events.stop();
    await started?.lifecycleJobs.stop();
    await started?.rateLimits.close();
    if (dataSource.isInitialized) await dataSource.destroy();
    throw error;
  }
}
