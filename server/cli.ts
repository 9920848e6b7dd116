import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig } from './config';
import { createDemo, localBaseUrl } from './demo';
import { createLogger } from './logger';
import { runMigrations, startServer } from './main';
import { systemClock } from './clock';
import { createServices } from './services';
import { randomString } from './shared/random';
import { openDatabase } from './startup';

function fail(error: unknown): never {
  if (error instanceof ConfigError) console.error(`keyward: configuration error: ${error.message}`);
  else console.error(`keyward: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

function collectVar(value: string, previous: Record<string, unknown>): Record<string, unknown> {
  const eq = value.indexOf('=');
  if (eq < 1) throw new InvalidArgumentError(`--var takes name=value, got "${value}"`);
  const name = value.slice(0, eq);
  const raw = value.slice(eq + 1);
  let parsed: unknown = raw;
  // JSON when it parses (numbers, booleans, objects, arrays, null); a plain string otherwise.
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = raw;
  }
  return { ...previous, [name]: parsed };
}

const program = new Command('keyward').description('Keyward: API keys for a payment platform').showHelpAfterError();

program
  .command('serve')
  .description('start the server (runs migrations first)')
  .action(async () => {
    try {
      const server = await startServer({ announce: (line) => console.log(line) });
      console.log(`Keyward is listening on ${server.url} (console at ${server.url}/, GraphQL at ${server.url}/graphql)`);
      if (server.credentialsUrl) console.log(`Credentials thread is listening on ${server.credentialsUrl} (verify at ${server.credentialsUrl}/v1/keys/verify, token at ${server.credentialsUrl}/oauth/token)`);
      // Graceful shutdown: stop accepting, let in-flight requests finish, close sockets (1001),
      // flush batched writes and the outbox, close the pools. A stuck close is cut off at 20 s.
      const stop = (signal: string) => async (): Promise<void> => {
        console.log(`keyward: ${signal} received, shutting down`);
        setTimeout(() => {
          console.error('keyward: shutdown took longer than 20 s; exiting');
          process.exit(1);
        }, 20_000).unref();
        await server.close();
        console.log('keyward: stopped');
        process.exit(0);
      };
      process.once('SIGTERM', stop('SIGTERM'));
      process.once('SIGINT', stop('SIGINT'));
    } catch (error) {
      fail(error);
    }
  });

program
  .command('migrate')
  .description('apply pending migrations to the configured database')
  .action(async () => {
    try {
      const dataSource = await openDatabase(loadConfig());
      const applied = await runMigrations(dataSource);
      await dataSource.destroy();
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    } catch (error) {
      fail(error);
    }
  });

program
  .command('create-admin')
  .description('create a platform admin (KEYWARD_ADMIN_EMAIL / KEYWARD_ADMIN_PASSWORD, or --email/--password)')
  .option('--email <email>', 'email of the new admin')
  .option('--password <password>', 'password (12+ characters); generated and printed when omitted')
  .action(async (options: { email?: string; password?: string }) => {
    try {
      const config = loadConfig();
      const dataSource = await openDatabase(config);
      await runMigrations(dataSource);
      const services = createServices(config, dataSource, systemClock, createLogger(config.logLevel));
      const email = options.email ?? config.adminEmail;
      const password = options.password ?? config.adminPassword ?? randomString(20);
      if (password.length < 12) throw new Error('the password must be at least 12 characters');
      const user = await services.auth.createUser(null, { email, password, isPlatformAdmin: true });
      await dataSource.destroy();
      console.log(`created platform admin ${user.email}${options.password || config.adminPassword ? '' : ` with password ${password}`}`);
    } catch (error) {
      fail(error);
    }
  });

program
  .command('gql <file>')
  .description('run a GraphQL operation from a file against a server (KEYWARD_URL, KEYWARD_TOKEN)')
  .option('--var <name=value>', 'an operation variable (JSON when it parses); repeatable', collectVar, {})
  .option('--url <url>', 'server URL (default: KEYWARD_URL or http://127.0.0.1:4000)')
  .option('--token <token>', 'session or personal access token (default: KEYWARD_TOKEN)')
  .action(async (file: string, options: { var: Record<string, unknown>; url?: string; token?: string }) => {
    try {
      const query = readFileSync(file, 'utf8');
      const base = (options.url ?? process.env.KEYWARD_URL ?? 'http://127.0.0.1:4000').replace(/\/+$/, '');
      const token = options.token ?? process.env.KEYWARD_TOKEN;
      const endpoint = `${base}/graphql`;
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify({ query, variables: options.var }),
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        throw new Error(
          `cannot reach Keyward at ${endpoint} (${cause?.code ?? cause?.message ?? (error as Error).message}): start it with "npx keyward serve", or point to it with --url or KEYWARD_URL (e.g. KEYWARD_URL=https://keys.example.com)`,
        );
      }
      const body = (await response.json()) as { errors?: unknown[] };
      console.log(JSON.stringify(body, null, 2));
      if (body.errors?.length) process.exitCode = 2;
    } catch (error) {
      fail(error);
    }
  });

program
  .command('demo')
  .description('development only: create a demo organization, application and TEST key, and print a curl line that verifies it')
  .action(async () => {
    try {
      if (process.env.NODE_ENV === 'production') throw new Error('demo: refuses to run with NODE_ENV=production (it creates a demo organization and key); use it in development');
      const config = loadConfig();
      const dataSource = await openDatabase(config);
      await runMigrations(dataSource);
      const services = createServices(config, dataSource, systemClock, createLogger(config.logLevel));
      const baseUrl = localBaseUrl(config);
      const demo = await createDemo(services, baseUrl);
      await services.rateLimits.close();
      await dataSource.destroy();
      if (demo.createdAdmin) {
        console.log(`Created platform admin ${demo.createdAdmin.email}${demo.createdAdmin.generatedPassword ? ` with password ${demo.createdAdmin.generatedPassword} (shown once: change it or keep it safe)` : ''}.`);
      }
      console.log(`Demo organization ${demo.organizationId}, application ${demo.applicationId}, TEST key ${demo.keyId}.`);
      console.log(`Secret (shown once): ${demo.secret}`);
      console.log('Verify it (with the server running: npx keyward serve, or npm start):');
      console.log(`  ${demo.curl}`);
      console.log(`Console: ${demo.consoleUrl}`);
    } catch (error) {
      fail(error);
    }
  });

program.parseAsync(process.argv).catch(fail);
