import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every setting server/config.ts reads is documented in .env.example and in the README's settings
 * table (or its Limits table): adding a variable without documenting it fails here.
 */
const ROOT = join(__dirname, '..', '..');
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

export function settingsReadBy(source: string): string[] {
  const names = new Set<string>();
  for (const match of source.matchAll(/\benv\.([A-Z][A-Z0-9_]+)|\benv\[['"]([A-Z][A-Z0-9_]+)['"]\]|\(env, ['"]([A-Z][A-Z0-9_]+)['"]/g)) {
    names.add((match[1] ?? match[2] ?? match[3])!);
  }
  return [...names].sort();
}

describe('settings are documented', () => {
  const settings = settingsReadBy(read('server/config.ts'));

  it('config.ts reads the settings this test knows how to find', () => {
    expect(settings).toEqual(expect.arrayContaining(['PORT', 'HOST', 'DATABASE_URL', 'KEYWARD_SECRET', 'KEYWARD_ISSUER', 'LOG_LEVEL', 'KEYWARD_LOGIN_FAILURES_PER_ACCOUNT']));
  });

  it('.env.example names every setting', () => {
    const example = read('.env.example');
    expect(settings.filter((name) => !new RegExp(`^#? ?${name}=`, 'm').test(example))).toEqual([]);
  });

  it('the README documents every setting in a table', () => {
    const tableRows = read('README.md').split('\n').filter((line) => line.startsWith('|'));
    expect(settings.filter((name) => !tableRows.some((row) => row.includes(`\`${name}\``)))).toEqual([]);
  });
});

describe('rate limits are documented', () => {
  it('every limit name a RATE_LIMITED error can carry as extensions.limit is in the README', () => {
    // Every name the rate-limit rules declare (the known-address memory refuses nothing), and the fixed ones.
    const source = read('server/shared/rate-limits.ts');
    const names = [...source.matchAll(/name: '([a-z-]+)'|rateLimited\('([a-z-]+)'/g)].map((m) => (m[1] ?? m[2])!).filter((name) => name !== 'login-known-address');
    expect(names).toEqual(expect.arrayContaining(['login-address', 'login-account-address', 'key-creations', 'account-secret']));
    const readme = read('README.md');
    expect([...new Set(names)].filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });
});
