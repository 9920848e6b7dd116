import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { AddressInfo } from 'node:net';
import { setPriority } from 'node:os';
import { extname } from 'node:path';
import { isMainThread, MessageChannel, MessagePort, parentPort, Worker, workerData } from 'node:worker_threads';
import { DataSource } from 'typeorm';
import { Clock, ManualClock, sharedClock, systemClock } from './clock';
import { Config } from './config';
import { Verifier } from './credentials/verifier';
import { GRAPHQL_LIMITS } from './graphql/limits';
import { createCredentialApp } from './http/credential-app';
import { createLogger, Logger } from './logger';
import { createCredentialServices } from './credential-services';
import { closeDatabase, listenError, listeningUrl, openDatabase, prepareServing, StartupError } from './startup';

/**
 * The credentials thread (README, "The credentials port"): verify, the token endpoints and JWKS on
 * KEYWARD_CREDENTIALS_PORT, served by a worker thread with its own event loop, heap, cache and
 * database connections. GraphQL, the console and the background jobs stay on the main thread, so
 * a heavy management query — its CPU, its garbage, its major collections — never delays a verify
 * answered here. The two threads' caches are kept exact by the invalidation link (`ThreadLink`).
 */

interface ThreadData {
  readonly keywardCredentialsThread: true;
  readonly config: Config;
  /** The main thread's invalidation origin: Redis messages of either thread are skipped by both. */
  readonly origin: string;
  readonly port: MessagePort;
  /** Rate-limit lease requests of the main thread, answered by this thread's counts (no Redis). */
  readonly leases: MessagePort;
  readonly counts: Int32Array;
  /** A ManualClock's time in shared memory (tests move time on both threads at once); null: the system clock. */
  readonly clock: BigInt64Array | null;
}

type FromThread = { readonly type: 'listening'; readonly url: string } | { readonly type: 'failed'; readonly setting: string | null; readonly message: string };

export interface CredentialsThread {
  /** Where the credentials thread listens, e.g. http://127.0.0.1:4001. */
  readonly url: string;
  /** The running worker (diagnostics and tests; a new one after a restart). */
  readonly worker: Worker;
  close(): Promise<void>;
}

/** How long a stopping thread may take to finish its requests and write its counts. */
const STOP_MS = 10_000;
/** The wait before a thread that died is started again. */
const RESTART_MS = 1000;

/** Started after the migrations and the main thread's signing keys, so the thread only reads and serves. */
export async function startCredentialsThread(config: Config, verifier: Verifier, clock: Clock, logger: Logger): Promise<CredentialsThread> {
  let closing = false;
  let current = await spawn(config, verifier, clock);
  const watch = (running: Running): void => {
    running.worker.on('error', (error: Error) => logger.error({ err: error.message, stack: error.stack }, 'the credentials thread failed'));
    void running.exited.then((code) => {
      if (closing) return;
      logger.error({ code }, `the credentials thread stopped unexpectedly; starting it again in ${RESTART_MS} ms (verify and token stay answered on PORT meanwhile)`);
      const again = (): void => {
        if (closing) return;
        spawn(config, verifier, clock).then(
          (started) => {
            // Closed while it was starting: it stops at once.
            if (closing) return void stop(started);
            current = started;
            watch(started);
            logger.warn({ url: started.url }, 'the credentials thread is serving again');
          },
          (error: unknown) => {
            logger.error({ err: error instanceof Error ? error.message : String(error) }, 'the credentials thread could not start again; retrying');
            setTimeout(again, RESTART_MS).unref();
          },
        );
      };
      setTimeout(again, RESTART_MS).unref();
    });
  };
  watch(current);
  return {
    get url() {
      return current.url;
    },
    get worker() {
      return current.worker;
    },
    async close() {
      closing = true;
      await stop(current);
    },
  };
}

interface Running {
  readonly worker: Worker;
  readonly url: string;
  /** Settles with the exit code when the thread ends, however it ends. */
  readonly exited: Promise<number>;
}

/** Asks the thread to finish its requests and write its counts; terminates it after STOP_MS. A thread already gone resolves at once. */
async function stop(running: Running): Promise<void> {
  running.worker.postMessage('stop');
  const timer = setTimeout(() => void running.worker.terminate(), STOP_MS);
  await running.exited;
  clearTimeout(timer);
}

async function spawn(config: Config, verifier: Verifier, clock: Clock): Promise<Running> {
  const channel = new MessageChannel();
  const counts = new Int32Array(new SharedArrayBuffer(8));
  // Rate-limit leases without Redis: the credentials thread holds the counts, the main thread asks it.
  const leases = new MessageChannel();
  verifier.linkThread({ port: channel.port1, counts, slot: 0 }, leases.port1);
  let sharedTime: BigInt64Array | null = null;
  if (clock instanceof ManualClock) {
    sharedTime = new BigInt64Array(new SharedArrayBuffer(8));
    clock.mirrorTo(sharedTime);
  }
  const data: ThreadData = { keywardCredentialsThread: true, config, origin: verifier.origin, port: channel.port2, leases: leases.port2, counts, clock: sharedTime };
  // From TypeScript sources (development, tests) the thread compiles them as the main thread does.
  const typescript = extname(__filename) === '.ts';
  const worker = new Worker(__filename, {
    workerData: data,
    transferList: [channel.port2, leases.port2],
    execArgv: typescript ? ['-r', '@swc-node/register'] : undefined,
    name: 'keyward-credentials',
    resourceLimits: { maxYoungGenerationSizeMb: config.credentialsYoungGenerationMb },
  });
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  const answer = await new Promise<FromThread>((resolve, reject) => {
    worker.once('message', (message: FromThread) => resolve(message));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the credentials thread exited with ${code} while starting`)));
  });
  if (answer.type === 'listening') return { worker, url: answer.url, exited };
  await worker.terminate();
  throw answer.setting ? new StartupError(answer.setting, answer.message) : new Error(answer.message);
}

/**
 * Lowers the main thread's CPU priority once the credentials thread serves, so that on a busy core
 * the scheduler runs verify first (KEYWARD_MANAGEMENT_PRIORITY): `idle` is Linux's SCHED_IDLE
 * (through `chrt`), `low` is nice 19, `normal` leaves it. On Linux a priority belongs to one thread,
 * and the main thread's id is the process id; threads it starts later inherit it, so libuv's pool
 * is started first and stays at the normal priority.
 */
export async function lowerManagementPriority(priority: Config['managementPriority'], logger: Logger): Promise<string> {
  if (priority === 'normal') return 'normal';
  await stat(__filename);
  if (priority === 'idle' && process.platform === 'linux') {
    const chrt = spawnSync('chrt', ['--idle', '-p', '0', String(process.pid)], { stdio: 'ignore' });
    if (chrt.status === 0) return 'idle';
    logger.warn({}, 'KEYWARD_MANAGEMENT_PRIORITY=idle needs chrt (util-linux); lowering the main thread to nice 19 instead');
  }
  try {
    setPriority(process.pid, 19);
    return 'low';
  } catch (error) {
    logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not lower the main thread\'s priority; it stays normal');
    return 'normal';
  }
}

/** The thread itself: its own database connections and credential services, one listener. */
async function serve(data: ThreadData): Promise<void> {
  const port = parentPort!;
  const { config } = data;
  const logger = createLogger(config.logLevel);
  let dataSource: DataSource | null = null;
  let reader: DataSource | null = null;
  try {
    dataSource = await openDatabase(config);
    reader = await prepareServing(dataSource, config, logger, GRAPHQL_LIMITS.executionTimeoutMs);
    const services = createCredentialServices(config, dataSource, data.clock ? sharedClock(data.clock) : systemClock, logger, reader, data.origin);
    services.verifier.linkThread({ port: data.port, counts: data.counts, slot: 1 }, data.leases);
    const app = await createCredentialApp(services, logger);
    services.usageCounter.start();
    try {
      await app.listen({ port: config.credentialsPort ?? 0, host: config.host });
    } catch (error) {
      await app.close().catch(() => undefined);
      throw listenError(error, config, 'KEYWARD_CREDENTIALS_PORT');
    }
    port.postMessage({ type: 'listening', url: listeningUrl(app.server.address() as AddressInfo) } satisfies FromThread);
    port.once('message', () => {
      void (async () => {
        await app.close();
        // Counts of the last requests are written before the database closes (SPEC 8).
        await services.usageCounter.stop().catch(() => undefined);
        services.changes.detach();
        await closeDatabase(dataSource, reader);
        // Ends this thread only, with whatever timers a library left behind.
        process.exit(0);
      })();
    });
  } catch (error) {
    await closeDatabase(dataSource, reader).catch(() => undefined);
    const setting = error instanceof StartupError ? error.setting : null;
    port.postMessage({ type: 'failed', setting, message: error instanceof StartupError ? error.message.slice(setting!.length + 2) : error instanceof Error ? error.message : String(error) } satisfies FromThread);
  }
}

if (!isMainThread && (workerData as Partial<ThreadData> | null)?.keywardCredentialsThread === true) void serve(workerData as ThreadData);
