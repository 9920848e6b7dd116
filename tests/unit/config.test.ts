import fc from 'fast-check';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../server/config';

const dataDir = (): string => mkdtempSync(join(tmpdir(), 'kw-config-'));
const base = (): Record<string, string> => ({ KEYWARD_DATA_DIR: dataDir(), NODE_ENV: 'development' });

describe('configuration', () => {
  it('defaults to the embedded SQLite file, 127.0.0.1:4000 and an issuer from them', () => {
    const env = base();
    const config = loadConfig(env);
    expect(config.database).toEqual({ type: 'sqlite', path: join(env.KEYWARD_DATA_DIR!, 'keyward.sqlite') });
    expect(config.port).toBe(4000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.issuer).toBe('http://127.0.0.1:4000');
    expect(config.webhookAllowPrivate).toBe(false);
    expect(config.heapGrowingPercent).toBe(20);
    expect(loadConfig({ ...base(), KEYWARD_HEAP_GROWING_PERCENT: '0' }).heapGrowingPercent).toBe(0);
    expect([loadConfig(base()).analytics.pendingEntries, loadConfig({ ...base(), KEYWARD_ANALYTICS_PENDING_ENTRIES: '1000' }).analytics.pendingEntries]).toEqual([200_000, 1000]);
  });

  it('serves credentials on the main port alone unless KEYWARD_CREDENTIALS_PORT is set; the thread needs a database it can open too', () => {
    expect(loadConfig(base()).credentialsPort).toBeNull();
    expect(loadConfig({ ...base(), KEYWARD_CREDENTIALS_PORT: '4001' })).toMatchObject({ credentialsPort: 4001, managementPriority: 'idle', credentialsYoungGenerationMb: 192 });
    expect(loadConfig({ ...base(), KEYWARD_CREDENTIALS_PORT: '4001', KEYWARD_CREDENTIALS_YOUNG_GENERATION_MB: '48' }).credentialsYoungGenerationMb).toBe(48);
    expect(loadConfig({ ...base(), KEYWARD_CREDENTIALS_PORT: '4001', KEYWARD_MANAGEMENT_PRIORITY: 'normal' }).managementPriority).toBe('normal');
    expect(() => loadConfig({ ...base(), KEYWARD_CREDENTIALS_PORT: '4001', DATABASE_URL: 'sqlite::memory:' })).toThrow(/KEYWARD_CREDENTIALS_PORT: needs a database file or MySQL/);
  });

  it('generates KEYWARD_SECRET and a service token once in development, and reuses them', () => {
    const env = base();
    const first = loadConfig(env);
    expect(first.notices).toHaveLength(2);
    expect(readFileSync(join(env.KEYWARD_DATA_DIR!, 'keyward-secret'), 'utf8').trim()).toBe(first.secret);
    const second = loadConfig(env);
    expect(second.secret).toBe(first.secret);
    expect(second.serviceTokens).toEqual(first.serviceTokens);
    expect(second.notices).toHaveLength(0);
  });

  it.each([
    ['PORT', 'eighty', /PORT/],
    ['PORT', '70000', /PORT/],
    ['DATABASE_URL', 'postgres://x@h/db', /DATABASE_URL/],
    ['DATABASE_URL', 'mysql://root@127.0.0.1:3306', /DATABASE_URL: names no database/],
    ['REDIS_URL', 'http://127.0.0.1', /REDIS_URL/],
    ['KEYWARD_SECRET', 'short', /KEYWARD_SECRET/],
    ['KEYWARD_SERVICE_TOKENS', 'tiny', /KEYWARD_SERVICE_TOKENS/],
    ['KEYWARD_SERVICE_TOKENS', 'svc_token with a space_0123456789', /KEYWARD_SERVICE_TOKENS: each token must be one token68/],
    ['KEYWARD_SERVICE_TOKENS', 'svc_token_0123456789abcdef=x', /KEYWARD_SERVICE_TOKENS: each token must be one token68/],
    ['KEYWARD_WEBHOOK_ALLOW_PRIVATE', 'maybe', /KEYWARD_WEBHOOK_ALLOW_PRIVATE/],
    ['NODE_ENV', 'staging', /NODE_ENV/],
    ['KEYWARD_ADMIN_PASSWORD', 'short', /KEYWARD_ADMIN_PASSWORD/],
    ['KEYWARD_CREDENTIALS_PORT', 'verify', /KEYWARD_CREDENTIALS_PORT: must be a port number/],
    ['KEYWARD_CREDENTIALS_PORT', '4000', /KEYWARD_CREDENTIALS_PORT: must differ from PORT \(4000\)/],
    ['KEYWARD_CREDENTIALS_YOUNG_GENERATION_MB', '8', /KEYWARD_CREDENTIALS_YOUNG_GENERATION_MB: must be a whole number from 16 to 3072/],
    ['KEYWARD_CREDENTIALS_YOUNG_GENERATION_MB', 'big', /KEYWARD_CREDENTIALS_YOUNG_GENERATION_MB: must be a whole number/],
    ['KEYWARD_HEAP_GROWING_PERCENT', '301', /KEYWARD_HEAP_GROWING_PERCENT: must be a whole number from 0 to 300/],
    ['KEYWARD_HEAP_GROWING_PERCENT', '-5', /KEYWARD_HEAP_GROWING_PERCENT: must be a whole number from 0 to 300/],
    ['KEYWARD_ANALYTICS_PENDING_ENTRIES', '999', /KEYWARD_ANALYTICS_PENDING_ENTRIES: must be a whole number from 1000/],
    ['KEYWARD_ANALYTICS_PENDING_ENTRIES', '1e6', /KEYWARD_ANALYTICS_PENDING_ENTRIES: must be a whole number/],
    ['KEYWARD_MANAGEMENT_PRIORITY', 'lowest', /KEYWARD_MANAGEMENT_PRIORITY: must be idle, low or normal/],
  ])('refuses %s=%s with a message naming the variable', (name, value, message) => {
    expect(() => loadConfig({ ...base(), [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base(), [name]: value })).toThrow(message);
  });

  it('requires KEYWARD_SECRET in production', () => {
    expect(() => loadConfig({ ...base(), NODE_ENV: 'production' })).toThrow(/KEYWARD_SECRET: is required/);
  });

  it('reads a MySQL URL', () => {
    expect(loadConfig({ ...base(), DATABASE_URL: 'mysql://u:p@db:3306/keyward' }).database).toEqual({ type: 'mysql', url: 'mysql://u:p@db:3306/keyward' });
  });
});

describe('configuration of a deployment', () => {
  const production = (extra: Record<string, string> = {}): Record<string, string> => ({
    NODE_ENV: 'production',
    KEYWARD_DATA_DIR: dataDir(),
    KEYWARD_SECRET: 'production-secret-0123456789-0123456789',
    KEYWARD_SERVICE_TOKENS: 'svc_production_token_0123456789',
    KEYWARD_ISSUER: 'https://keys.example.test',
    ...extra,
  });

  it('production refuses to start without KEYWARD_ISSUER or KEYWARD_SERVICE_TOKENS, naming them', () => {
    expect(() => loadConfig(production({ KEYWARD_ISSUER: '' }))).toThrow(/^KEYWARD_ISSUER: is required when NODE_ENV=production/);
    expect(() => loadConfig(production({ KEYWARD_SERVICE_TOKENS: '' }))).toThrow(/^KEYWARD_SERVICE_TOKENS: is required when NODE_ENV=production/);
    expect(loadConfig(production()).issuer).toBe('https://keys.example.test');
  });

  it('sessions never depend on the listening port: any two instances with one KEYWARD_ISSUER (or none) agree', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 }), fc.constantFrom('127.0.0.1', '0.0.0.0', '::1'), fc.option(fc.constantFrom('https://keys.example.test', 'http://lb.internal:8080'), { nil: undefined }), (p1, p2, host, issuer) => {
        const env = (port: number): Record<string, string> => ({ ...base(), PORT: String(port), HOST: host, ...(issuer ? { KEYWARD_ISSUER: issuer } : {}) });
        const [a, b] = [loadConfig(env(p1)), loadConfig(env(p2))];
        expect([a.sessionIssuer, a.sessionAudience]).toEqual([b.sessionIssuer, b.sessionAudience]);
        if (issuer) expect(a.issuer).toBe(b.issuer);
      }),
      { numRuns: 50 },
    );
  });

  it('LOG_LEVEL is checked: a wrong one names LOG_LEVEL and the allowed values', () => {
    expect(() => loadConfig({ ...base(), LOG_LEVEL: 'verbose' })).toThrow('LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent; got "verbose"');
    expect(loadConfig({ ...base(), LOG_LEVEL: 'DEBUG' }).logLevel).toBe('debug');
  });

  it.each(['mysql:/root@127.0.0.1/keyward', 'mysql:root@127.0.0.1/keyward', 'mysql:///keyward'])('DATABASE_URL %s without a host names DATABASE_URL', (url) => {
    expect(() => loadConfig({ ...base(), DATABASE_URL: url })).toThrow(/^DATABASE_URL: names no host/);
  });

  it('a DATABASE_URL message never carries the password', () => {
    expect(() => loadConfig({ ...base(), DATABASE_URL: 'mysql:/root:hunter2secret@127.0.0.1/keyward' })).toThrow(/^DATABASE_URL: (?!.*hunter2secret)/);
  });
});
