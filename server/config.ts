import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { parseIpRange } from './shared/ip-ranges';
import { isToken68 } from './shared/authorization';
import { normalEmail } from './shared/validation';

/** Every setting Keyward reads, parsed and validated once (SPEC 4.4). */
export interface Config {
  readonly port: number;
  readonly host: string;
  /**
   * KEYWARD_CREDENTIALS_PORT: where a thread of its own serves verify, the token endpoints and JWKS,
   * apart from GraphQL and the console (README, "The credentials port"); null: only on `port`.
   */
  readonly credentialsPort: number | null;
  /**
   * KEYWARD_CREDENTIALS_YOUNG_GENERATION_MB: the credentials thread's young generation (V8's
   * `maxYoungGenerationSizeMb`; 192 is two 64 MB semi-spaces, V8's default 48). Large enough that a
   * request's garbage dies young instead of being promoted among the cached credentials, whose old
   * generation each major collection marks whole (bench/RESULTS.md, "Verify on the credentials thread").
   */
  readonly credentialsYoungGenerationMb: number;
  /**
   * KEYWARD_HEAP_GROWING_PERCENT: how far V8 lets the old generation grow past its live size before
   * the next major collection, in per cent (V8's --heap-growing-percent; 0: V8's own factor, which
   * let a million cached credentials' heap reach 1.7 GB of mostly garbage under a miss load).
   */
  readonly heapGrowingPercent: number;
  /** KEYWARD_MANAGEMENT_PRIORITY: the CPU priority of the main thread while the credentials thread runs. */
  readonly managementPriority: 'idle' | 'low' | 'normal';
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly dataDir: string;
  readonly database: { readonly type: 'sqlite'; readonly path: string } | { readonly type: 'mysql'; readonly url: string };
  readonly redisUrl: string | undefined;
  readonly secret: string;
  readonly adminEmail: string;
  readonly adminPassword: string | undefined;
  readonly serviceTokens: readonly string[];
  /** `iss` of access tokens and sessions, and the base of the metadata document's URLs. */
  readonly issuer: string;
  /**
   * Audience of session tokens: bound to KEYWARD_ISSUER when it is set, never to the listening
   * port, so every instance of one deployment accepts the others' sessions.
   */
  readonly sessionAudience: string;
  /** `iss` of session tokens: KEYWARD_ISSUER when set, otherwise a constant (not HOST:PORT). */
  readonly sessionIssuer: string;
  readonly logLevel: LogLevel;
  readonly webhookAllowPrivate: boolean;
  /** KEYWARD_TRUSTED_PROXIES: CIDRs of the proxies whose X-Forwarded-For names the client, for every per-address limit and allowlist. */
  readonly trustedProxies: readonly string[];
  /** Where GitHub's secret scanning public keys are published (SPEC 9); fetched only from this URL. */
  readonly secretScanningKeysUrl: string;
  /** WebAuthn relying party for passkeys (README, Sign-in and second factors). */
  readonly webauthn: { readonly rpId: string; readonly rpName: string; readonly origins: readonly string[] };
  /** Brute-force limits (README, Security). */
  readonly limits: {
    readonly loginAttemptsPerAddressPerMinute: number;
    readonly loginFailuresPerAccount: number;
    readonly secondFactorFailuresPerAccount: number;
    readonly tokenFailuresPerClientPerMinute: number;
    readonly verifyFailuresPerServiceTokenPerMinute: number;
    readonly serviceTokenFailuresPerAddressPerMinute: number;
  };
  /** Verify's in-process credential cache and lastUsedAt writes (README, "Verify's cache"). */
  readonly verifyCache: {
    readonly maxEntries: number;
    readonly maxAgeMs: number;
    readonly lastUsedGranularityMs: number;
  };
  /** Usage analytics (SPEC 8): how often counts are written, and how long each bucket size is kept. */
  readonly analytics: {
    readonly flushMs: number;
    /** Key-minutes (and, past them, key-hours) of counts that may wait in memory for a flush: the counter's memory bound. */
    readonly pendingEntries: number;
    readonly retentionMinuteHours: number;
    readonly retentionHourDays: number;
    readonly retentionDayDays: number;
  };
  /** Messages to print once on start (generated development credentials). */
  readonly notices: readonly string[];
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The session audience when KEYWARD_ISSUER is not set (development, tests). */
export const DEFAULT_SESSION_AUDIENCE = 'keyward:session';

/** GitHub's secret scanning public keys (SPEC 9). */
export const DEFAULT_SECRET_SCANNING_KEYS_URL = 'https://api.github.com/meta/public_keys/secret_scanning';

export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function parsePort(env: Env, name: 'PORT' | 'KEYWARD_CREDENTIALS_PORT', fallback = '4000'): number {
  const raw = env[name] ?? fallback;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) throw new ConfigError(name, `must be a port number 0-65535, got "${raw}"`);
  return Number(raw);
}

function parseCredentialsPort(env: Env, port: number, database: Config['database']): number | null {
  if (env.KEYWARD_CREDENTIALS_PORT === undefined || env.KEYWARD_CREDENTIALS_PORT === '') return null;
  const credentialsPort = parsePort(env, 'KEYWARD_CREDENTIALS_PORT');
  if (credentialsPort === port && port !== 0) throw new ConfigError('KEYWARD_CREDENTIALS_PORT', `must differ from PORT (${port}): the credentials thread listens on a port of its own`);
  // The thread opens the database itself: an in-memory SQLite database cannot be shared with it.
  if (database.type === 'sqlite' && database.path === ':memory:') throw new ConfigError('KEYWARD_CREDENTIALS_PORT', 'needs a database file or MySQL: an in-memory SQLite database (DATABASE_URL=sqlite::memory:) cannot be opened by a second thread');
  return credentialsPort;
}

function parseManagementPriority(env: Env): Config['managementPriority'] {
  const value = env.KEYWARD_MANAGEMENT_PRIORITY || 'idle';
  if (value !== 'idle' && value !== 'low' && value !== 'normal') throw new ConfigError('KEYWARD_MANAGEMENT_PRIORITY', `must be idle, low or normal, got "${value}"`);
  return value;
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
  // `mysql:/…` or `mysql:host/db` parse as URLs without a host: the driver would then try '' as user on localhost.
  if (!/^mysql:\/\/[^/]/.test(url) || parsed.hostname === '') {
    throw new ConfigError('DATABASE_URL', 'names no host (it must start with mysql:// followed by user:pass@host); expected mysql://user:pass@host:3306/db');
  }
  if (parsed.username === '') throw new ConfigError('DATABASE_URL', 'names no user; expected mysql://user:pass@host:3306/db');
  if (parsed.pathname.length < 2) throw new ConfigError('DATABASE_URL', 'names no database; expected mysql://user:pass@host:3306/db');
  return { type: 'mysql', url };
}

function parseLogLevel(env: Env, nodeEnv: Config['nodeEnv']): LogLevel {
  const raw = env.LOG_LEVEL;
  if (raw === undefined || raw === '') return nodeEnv === 'test' ? 'silent' : 'info';
  const level = LOG_LEVELS.find((l) => l === raw.toLowerCase());
  if (!level) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}; got "${raw}"`);
  return level;
}

/** A URL without its password, for messages about it. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
  }
}

function parseCount(env: Env, name: string, fallback: number, min = 1, max = 9_999_999): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,7}$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new ConfigError(name, `must be a whole number from ${min}${max < 9_999_999 ? ` to ${max}` : ''}, got "${raw}"`);
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

function parseTrustedProxies(env: Env): string[] {
  const entries = (env.KEYWARD_TRUSTED_PROXIES ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  for (const entry of entries) {
    if (parseIpRange(entry) === null) throw new ConfigError('KEYWARD_TRUSTED_PROXIES', `"${entry}" is not an IP address or CIDR range`);
  }
  return entries;
}

export function loadConfig(env: Env = process.env): Config {
  const port = parsePort(env, 'PORT');
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
  // A token outside token68 could never arrive as `Authorization: Bearer <token>`: say so at start.
  if (serviceTokens.some((t) => !isToken68(t))) {
    throw new ConfigError('KEYWARD_SERVICE_TOKENS', 'each token must be one token68 (letters, digits and - . _ ~ + /, then any = padding), as it is sent in Authorization: Bearer <token>');
  }
  if (serviceTokens.length === 0 && nodeEnv === 'production') {
    // Without a token every verify would answer 401: refuse to start rather than look healthy.
    throw new ConfigError('KEYWARD_SERVICE_TOKENS', 'is required when NODE_ENV=production: the payment API sends one of these comma-separated tokens (24+ characters each) to /v1/keys/verify, e.g. KEYWARD_SERVICE_TOKENS=svc_$(openssl rand -hex 24)');
  }
  if (serviceTokens.length === 0) {
    const dev = developmentValue(dataDir, 'service-token', () => `svc_${randomBytes(24).toString('base64url')}`);
    serviceTokens = [dev.value];
    if (dev.generated) notices.push(`Generated a service token for /v1/keys/verify: ${dev.value} (kept in ${join(dataDir, 'service-token')}).`);
  }

  const adminEmail = normalEmail(env.KEYWARD_ADMIN_EMAIL || 'admin@localhost');
  if (!/^[^\s@]+@[^\s@]+$/.test(adminEmail)) throw new ConfigError('KEYWARD_ADMIN_EMAIL', `is not an email address: "${adminEmail}"`);
  const adminPassword = env.KEYWARD_ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && adminPassword.length < 12) throw new ConfigError('KEYWARD_ADMIN_PASSWORD', 'must be at least 12 characters');

  const configuredIssuer = env.KEYWARD_ISSUER || undefined;
  if (configuredIssuer === undefined && nodeEnv === 'production') {
    // Derived from HOST:PORT, every instance would name itself and refuse the others' tokens.
    throw new ConfigError('KEYWARD_ISSUER', 'is required when NODE_ENV=production: the public URL clients reach Keyward at, the same on every instance, e.g. KEYWARD_ISSUER=https://keys.example.com');
  }
  const issuer = (configuredIssuer ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/+$/, '');
  let parsedIssuer: URL | undefined;
  try {
    parsedIssuer = new URL(issuer);
  } catch {
    parsedIssuer = undefined;
  }
  if (!parsedIssuer || !/^https?:$/.test(parsedIssuer.protocol)) throw new ConfigError('KEYWARD_ISSUER', `is not an http(s) URL: "${issuer}"`);
  const sessionAudience = configuredIssuer === undefined ? DEFAULT_SESSION_AUDIENCE : `${DEFAULT_SESSION_AUDIENCE}:${issuer}`;

  const secretScanningKeysUrl = env.KEYWARD_SECRET_SCANNING_KEYS_URL || DEFAULT_SECRET_SCANNING_KEYS_URL;
  let keysUrl: URL;
  try {
    keysUrl = new URL(secretScanningKeysUrl);
  } catch {
    throw new ConfigError('KEYWARD_SECRET_SCANNING_KEYS_URL', `is not a URL: "${secretScanningKeysUrl}"`);
  }
  if (keysUrl.protocol !== 'https:' && keysUrl.protocol !== 'http:') throw new ConfigError('KEYWARD_SECRET_SCANNING_KEYS_URL', 'must be an https:// URL');
  const issuerUrl = new URL(issuer);
  // An IPv6 literal cannot be a WebAuthn relying party: passkeys then need KEYWARD_WEBAUTHN_RP_ID
  // (and origins) set explicitly; the server still starts, with passkeys bound to localhost.
  const namedIssuer = !issuerUrl.hostname.startsWith('[');
  const rpId = (env.KEYWARD_WEBAUTHN_RP_ID || (namedIssuer ? issuerUrl.hostname : 'localhost')).toLowerCase();
  if (!/^[a-z0-9.-]{1,253}$/.test(rpId)) throw new ConfigError('KEYWARD_WEBAUTHN_RP_ID', `must be a host name (the console's domain or a parent of it), got "${rpId}"`);
  const origins = (env.KEYWARD_WEBAUTHN_ORIGINS || (namedIssuer ? issuerUrl.origin : '')).split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of origins) {
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      throw new ConfigError('KEYWARD_WEBAUTHN_ORIGINS', `is not a list of origins: "${origin}"`);
    }
    if (parsed.origin !== origin) throw new ConfigError('KEYWARD_WEBAUTHN_ORIGINS', `"${origin}" is not an origin (scheme://host[:port], no path)`);
    if (parsed.hostname !== rpId && !parsed.hostname.endsWith(`.${rpId}`)) throw new ConfigError('KEYWARD_WEBAUTHN_ORIGINS', `"${origin}" is not on ${rpId} (KEYWARD_WEBAUTHN_RP_ID)`);
  }

  return {
    port,
    host,
    credentialsPort: parseCredentialsPort(env, port, database),
    credentialsYoungGenerationMb: parseCount(env, 'KEYWARD_CREDENTIALS_YOUNG_GENERATION_MB', 192, 16, 3072),
    heapGrowingPercent: parseCount(env, 'KEYWARD_HEAP_GROWING_PERCENT', 20, 0, 300),
    managementPriority: parseManagementPriority(env),
    nodeEnv,
    dataDir,
    database,
    redisUrl,
    secret,
    adminEmail,
    adminPassword,
    serviceTokens,
    issuer,
    sessionAudience,
    sessionIssuer: configuredIssuer === undefined ? 'keyward' : issuer,
    logLevel: parseLogLevel(env, nodeEnv),
    webhookAllowPrivate: parseBoolean(env, 'KEYWARD_WEBHOOK_ALLOW_PRIVATE', false),
    trustedProxies: parseTrustedProxies(env),
    secretScanningKeysUrl,
    webauthn: { rpId, rpName: env.KEYWARD_WEBAUTHN_RP_NAME || 'Keyward', origins },
    analytics: {
      flushMs: parseCount(env, 'KEYWARD_ANALYTICS_FLUSH_MS', 10_000),
      pendingEntries: parseCount(env, 'KEYWARD_ANALYTICS_PENDING_ENTRIES', 200_000, 1000),
      retentionMinuteHours: parseCount(env, 'KEYWARD_ANALYTICS_RETENTION_MINUTE_HOURS', 48),
      retentionHourDays: parseCount(env, 'KEYWARD_ANALYTICS_RETENTION_HOUR_DAYS', 90),
      retentionDayDays: parseCount(env, 'KEYWARD_ANALYTICS_RETENTION_DAY_DAYS', 730),
    },
    limits: {
      loginAttemptsPerAddressPerMinute: parseCount(env, 'KEYWARD_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE', 30),
      loginFailuresPerAccount: parseCount(env, 'KEYWARD_LOGIN_FAILURES_PER_ACCOUNT', 5),
      secondFactorFailuresPerAccount: parseCount(env, 'KEYWARD_SECOND_FACTOR_FAILURES_PER_ACCOUNT', 5),
      tokenFailuresPerClientPerMinute: parseCount(env, 'KEYWARD_TOKEN_FAILURES_PER_CLIENT_PER_MINUTE', 20),
      verifyFailuresPerServiceTokenPerMinute: parseCount(env, 'KEYWARD_VERIFY_FAILURES_PER_SERVICE_TOKEN_PER_MINUTE', 1000),
      serviceTokenFailuresPerAddressPerMinute: parseCount(env, 'KEYWARD_SERVICE_TOKEN_FAILURES_PER_ADDRESS_PER_MINUTE', 20),
    },
    verifyCache: {
      maxEntries: parseCount(env, 'KEYWARD_VERIFY_CACHE_ENTRIES', 500_000),
      maxAgeMs: parseCount(env, 'KEYWARD_VERIFY_CACHE_MAX_AGE_SECONDS', 3600) * 1000,
      lastUsedGranularityMs: parseCount(env, 'KEYWARD_LAST_USED_GRANULARITY_SECONDS', 300) * 1000,
    },
    notices,
  };
}
