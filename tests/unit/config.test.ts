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
    ['KEYWARD_WEBHOOK_ALLOW_PRIVATE', 'maybe', /KEYWARD_WEBHOOK_ALLOW_PRIVATE/],
    ['NODE_ENV', 'staging', /NODE_ENV/],
    ['KEYWARD_ADMIN_PASSWORD', 'short', /KEYWARD_ADMIN_PASSWORD/],
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
