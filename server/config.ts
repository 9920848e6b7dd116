import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';

/** Every setting Keyward reads, parsed and validated once (SPEC 4.4). */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly dataDir: string;
  readonly database: { readonly type: 'sqlite'; readonly path: string } | { readonly type: 'mysql'; readonly url: string };
  readonly redisUrl: string | undefined;
  readonly secret: string;
  readonly adminEmail: string;
  readonly adminPassword: string | undefined;
  readonly serviceTokens: readonly string[];
  readonly issuer: string;
  readonly webhookAllowPrivate: boolean;
  /** Brute-force limits (README, Security). */
  readonly limits: {
    readonly loginAttemptsPerAddressPerMinute: number;
    readonly loginFailuresPerAccount: number;
    readonly tokenFailuresPerClientPerMinute: number;
    readonly verifyFailuresPerServiceTokenPerMinute: number;
    readonly serviceTokenFailuresPerAddressPerMinute: number;
  };
  /** Messages to print once on start (generated development credentials). */
  readonly notices: readonly string[];
}

export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function parsePort(env: Env): number {
  const raw = env.PORT ?? '4000';
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) throw new ConfigError('PORT', `must be a port number 0-65535, got "${raw}"`);
  return Number(raw);
}

function parseHost(env: Env): string {
  const host = env.HOST ?? '127.0.0.1';
  if (!(isIP(host) || /^[a-zA-Z0-9.-]{1,253}$/.test(host))) throw new ConfigError('HOST', `must be an IP address or host name, got "${host}"`);
  return host;
}

function parseNodeEnv(env: Env): Config['nodeEnv'] {
  const value = env.NODE_ENV ?? 'development';
  if (value !== 'development' && value !== 'production' && value !== 'test') {
    throw new ConfigError('NODE_ENV', `must be development, production or test, got "${value}"`);
  }
  return value;
}

function parseDatabase(env: Env, dataDir: string): Config['database'] {
  const url = env.DATABASE_URL;
  if (url === undefined || url === '') return { type: 'sqlite', path: join(dataDir, 'keyward.sqlite') };
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!path) throw new ConfigError('DATABASE_URL', 'sqlite: URL needs a file path, e.g. sqlite:./data/keyward.sqlite');
    return { type: 'sqlite', path: path === ':memory:' ? path : resolve(path) };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('DATABASE_URL', 'is not a URL; expected mysql://user:pass@host:3306/db');
  }
  if (parsed.protocol !== 'mysql:') throw new ConfigError('DATABASE_URL', `unsupported scheme "${parsed.protocol}"; expected mysql://user:pass@host:3306/db`);
  if (parsed.pathname.length < 2) throw new ConfigError('DATABASE_URL', 'names no database; expected mysql://user:pass@host:3306/db');
  return { type: 'mysql', url };
}

function parseCount(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,7}$/.test(raw) || Number(raw) < 1) throw new ConfigError(name, `must be a whole number from 1, got "${raw}"`);
  return Number(raw);
}

function parseBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

/** Reads a development credential from `dataDir`, generating it on first use. */
function developmentValue(dataDir: string, file: string, generate: () => string): { value: string; generated: boolean } {
  const path = join(dataDir, file);
  if (existsSync(path)) return { value: readFileSync(path, 'utf8').trim(), generated: false };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const value = generate();
  writeFileSync(path, `${value}\n`, { mode: 0o600 });
  return { value, generated: true };
}

export function loadConfig(env: Env = process.env): Config {
  const port = parsePort(env);
  const host = parseHost(env);
  const nodeEnv = parseNodeEnv(env);
  const dataDir = resolve(env.KEYWARD_DATA_DIR || './data');
  const database = parseDatabase(env, dataDir);
  const notices: string[] = [];

  const redisUrl = env.REDIS_URL || undefined;
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) {
    throw new ConfigError('REDIS_URL', 'must start with redis:// or rediss://');
  }

  let secret = env.KEYWARD_SECRET;
  if (secret === undefined || secret === '') {
    if (nodeEnv === 'production') throw new ConfigError('KEYWARD_SECRET', 'is required when NODE_ENV=production (at least 32 characters)');
    const dev = developmentValue(dataDir, 'keyward-secret', () => randomBytes(32).toString('base64url'));
    secret = dev.value;
    if (dev.generated) notices.push(`Generated KEYWARD_SECRET into ${join(dataDir, 'keyward-secret')} (development only).`);
  }
  if (secret.length < 32) throw new ConfigError('KEYWARD_SECRET', 'must be at least 32 characters');

  let serviceTokens = (env.KEYWARD_SERVICE_TOKENS ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  if (serviceTokens.some((t) => t.length < 24)) throw new ConfigError('KEYWARD_SERVICE_TOKENS', 'each token must be at least 24 characters');
  if (serviceTokens.length === 0 && nodeEnv !== 'production') {
    const dev = developmentValue(dataDir, 'service-token', () => `svc_${randomBytes(24).toString('base64url')}`);
    serviceTokens = [dev.value];
    if (dev.generated) notices.push(`Generated a service token for /v1/keys/verify: ${dev.value} (kept in ${join(dataDir, 'service-token')}).`);
  }

  const adminEmail = (env.KEYWARD_ADMIN_EMAIL || 'admin@localhost').toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(adminEmail)) throw new ConfigError('KEYWARD_ADMIN_EMAIL', `is not an email address: "${adminEmail}"`);
  const adminPassword = env.KEYWARD_ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && adminPassword.length < 12) throw new ConfigError('KEYWARD_ADMIN_PASSWORD', 'must be at least 12 characters');

  const issuer = env.KEYWARD_ISSUER || `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  try {
    new URL(issuer);
  } catch {
    throw new ConfigError('KEYWARD_ISSUER', `is not a URL: "${issuer}"`);
  }

  return {
    port,
    host,
    nodeEnv,
    dataDir,
    database,
    redisUrl,
    secret,
    adminEmail,
    adminPassword,
    serviceTokens,
    issuer,
    webhookAllowPrivate: parseBoolean(env, 'KEYWARD_WEBHOOK_ALLOW_PRIVATE', false),
    limits: {
      loginAttemptsPerAddressPerMinute: parseCount(env, 'KEYWARD_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE', 30),
      loginFailuresPerAccount: parseCount(env, 'KEYWARD_LOGIN_FAILURES_PER_ACCOUNT', 5),
      tokenFailuresPerClientPerMinute: parseCount(env, 'KEYWARD_TOKEN_FAILURES_PER_CLIENT_PER_MINUTE', 20),
      verifyFailuresPerServiceTokenPerMinute: parseCount(env, 'KEYWARD_VERIFY_FAILURES_PER_SERVICE_TOKEN_PER_MINUTE', 1000),
      serviceTokenFailuresPerAddressPerMinute: parseCount(env, 'KEYWARD_SERVICE_TOKEN_FAILURES_PER_ADDRESS_PER_MINUTE', 20),
    },
    notices,
  };
}
