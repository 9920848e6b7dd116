import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RATE_LIMIT_NAMES } from '../../server/shared/rate-limits';

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
  it('the README names exactly the limits a RATE_LIMITED error can carry as extensions.limit', () => {
    // RATE_LIMIT_NAMES is the type of every refusing rule's name: a limit not declared there does not compile.
    const row = read('README.md').split('\n').find((line) => line.startsWith('| `RATE_LIMITED` |'));
    expect(row).toBeDefined();
    const listed = /naming the limit met \(([^)]*)\)/.exec(row!)?.[1] ?? '';
    const documented = [...listed.matchAll(/`([a-z-]+)`/g)].map((match) => match[1]!);
    expect([...documented].sort()).toEqual([...RATE_LIMIT_NAMES].sort());
  });
});
