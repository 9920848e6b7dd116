import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../server/clock';
import { loadConfig } from '../../server/config';
import { Logger } from '../../server/logger';
import { RunningServer, startServer } from '../../server/main';
import { createTestDatabase, TestDatabase, TestDialect } from './databases';

export const ADMIN_EMAIL = 'admin@keyward.test';
export const ADMIN_PASSWORD = 'Admin-password-for-tests-1';
export const SERVICE_TOKEN = 'svc_test_service_token_0123456789abcdef';
export const TEST_SECRET = 'test-root-secret-0123456789-abcdefghijklmnop';

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
}

export interface TestServer {
  readonly url: string;
  readonly server: RunningServer;
  readonly clock: ManualClock;
  readonly dialect: TestDialect;
  /** POSTs an operation to /graphql; `token` is sent as a Bearer token. */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  /** Like gql, but fails the test on any error and returns data. */
  ok<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
  adminToken(): Promise<string>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /**
   * Serve an existing database instead of creating a fresh one (several instances sharing one
   * database); the caller owns it, so close() leaves it in place.
   */
  readonly databaseUrl?: string;
  /** Where the server logs (tests that read the log lines); silent by default. */
  readonly logger?: Logger;
  /** How often live GraphQL sockets re-check their session token. */
  readonly sessionCheckMs?: number;
  /** GraphQL execution deadline; -1 makes every operation overrun it. */
  readonly graphqlExecutionTimeoutMs?: number;
  readonly graphqlMaxRowsPerRequest?: number;
}

export async function startTestServer(dialect: TestDialect, env: Record<string, string> = {}, options: TestServerOptions = {}): Promise<TestServer> {
  const database: TestDatabase = options.databaseUrl ? { url: options.databaseUrl, drop: async () => undefined } : await createTestDatabase(dialect);
  const clock = new ManualClock(new Date());
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    KEYWARD_SECRET: TEST_SECRET,
    KEYWARD_DATA_DIR: mkdtempSync(join(tmpdir(), 'keyward-data-')),
    KEYWARD_ADMIN_EMAIL: ADMIN_EMAIL,
    KEYWARD_ADMIN_PASSWORD: ADMIN_PASSWORD,
    KEYWARD_SERVICE_TOKENS: SERVICE_TOKEN,
    // Suites sign in many fixture users from 127.0.0.1; the brute-force tests set their own limits.
    KEYWARD_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE: '10000',
    KEYWARD_SERVICE_TOKEN_FAILURES_PER_ADDRESS_PER_MINUTE: '10000',
    KEYWARD_TOKEN_FAILURES_PER_CLIENT_PER_MINUTE: '10000',
    // Never GitHub's real document: a loopback port where nothing listens, unless a suite serves one.
    KEYWARD_SECRET_SCANNING_KEYS_URL: 'http://127.0.0.1:9/no-keys',
    // Production requires the public URL (as a real deployment does); a loopback one for tests.
    ...(env.NODE_ENV === 'production' && env.KEYWARD_ISSUER === undefined ? { KEYWARD_ISSUER: 'http://127.0.0.1' } : {}),
    ...env,
  });
  let server: RunningServer;
  try {
    // Lifecycle jobs do not run on a timer in tests: they drive them with clock + services.lifecycleJobs.runOnce().
    // Nor do the event dispatcher's and webhook worker's polls: commits nudge them, and tests drive
    // retries with the clock and services.events.worker.runOnce().
    server = await startServer({ config, clock, jobIntervalMs: 0, eventPollMs: 0, logger: options.logger, sessionCheckMs: options.sessionCheckMs, graphqlExecutionTimeoutMs: options.graphqlExecutionTimeoutMs, graphqlMaxRowsPerRequest: options.graphqlMaxRowsPerRequest });
  } catch (error) {
    await database.drop();
    throw error;
  }
  let adminToken: string | null = null;
  let adminTokenAt = 0;

  const gql = async <T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>> => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  };
  const ok = async <T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T> => {
    const result = await gql<T>(query, variables, token);
    if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data as T;
  };

  return {
    url: server.url,
    server,
    clock,
    dialect,
    gql,
    ok,
    async adminToken() {
      // Sessions follow the ManualClock: sign in again once a test has moved it past the session's life.
      const now = clock.now().getTime();
      if (adminToken === null || now < adminTokenAt || now - adminTokenAt > 30 * 60_000) {
        adminToken = (await ok<{ login: { token: string } }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: ADMIN_EMAIL, p: ADMIN_PASSWORD })).login.token;
        adminTokenAt = now;
      }
      return adminToken;
    },
    async close() {
      await server.close();
      await database.drop();
    },
  };
}

/** The `extensions.code` of the first error, for assertions. */
export function errorCode(result: GraphQLResponse): string | undefined {
  return result.errors?.[0]?.extensions?.code;
}
