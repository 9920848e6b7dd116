import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checksum, generateSecret, KEY_PATTERN, KEY_REGEX_SOURCE, keyPrefixOf, parseSecret, SECRET_LENGTH } from '../../server/api-keys/key-format';

describe('key format', () => {
  it('generates secrets of the documented shape for every kind and environment', () => {
    for (const [kind, env, prefix] of [['PERMANENT', 'TEST', 'sk_test_'], ['PERMANENT', 'LIVE', 'sk_live_'], ['TEMPORARY', 'TEST', 'tk_test_'], ['TEMPORARY', 'LIVE', 'tk_live_']] as const) {
      const secret = generateSecret(kind, env);
      expect(secret.startsWith(prefix)).toBe(true);
      expect(secret).toHaveLength(44);
      expect(secret).toMatch(new RegExp(`^${KEY_REGEX_SOURCE}$`));
      expect(parseSecret(secret)).toEqual({ kind, environment: env });
      expect(keyPrefixOf(secret)).toBe(secret.slice(0, 12));
    }
  });

  it('ends with a 6-character base62 CRC32 of everything before it', () => {
    const secret = generateSecret('PERMANENT', 'TEST');
    expect(secret.slice(38)).toBe(checksum(secret.slice(0, 38)));
    // Known value: CRC32("sk_test_" + 30 zeros), computed independently of toBase62.
    const body = `sk_test_${'0'.repeat(30)}`;
    const crc = require('node:zlib').crc32(body) >>> 0;
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    let n = crc;
    let expected = '';
    for (let i = 0; i < 6; i += 1) {
      expected = alphabet[n % 62] + expected;
      n = Math.floor(n / 62);
    }
    expect(checksum(body)).toBe(expected);
  });

  it('rejects a mistyped character, a wrong prefix, a wrong length and non-strings', () => {
    const secret = generateSecret('PERMANENT', 'LIVE');
    const i = 20;
    const flipped = secret.slice(0, i) + (secret[i] === 'a' ? 'b' : 'a') + secret.slice(i + 1);
    expect(parseSecret(flipped)).toBeNull();
    expect(parseSecret(secret.replace('sk_', 'pk_'))).toBeNull();
    expect(parseSecret(secret.slice(0, -1))).toBeNull();
    expect(parseSecret(`${secret}x`)).toBeNull();
    expect(parseSecret('')).toBeNull();
    expect(parseSecret(undefined)).toBeNull();
    expect(parseSecret(42)).toBeNull();
    expect(parseSecret(secret.replace('_live_', '_prod_'))).toBeNull();
  });

  it('the documented regular expression finds keys in text, as a secret scanner would', () => {
    const secrets = [generateSecret('PERMANENT', 'LIVE'), generateSecret('TEMPORARY', 'TEST')];
    const text = `config: KEY=${secrets[0]}\nother=${secrets[1]} end`;
    const found = text.match(new RegExp(KEY_REGEX_SOURCE, 'g'));
    expect(found).toEqual(secrets);
    expect(KEY_PATTERN.test(secrets[0]!)).toBe(true);
  });

  it('draws random characters without visible bias', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 400; i += 1) for (const c of generateSecret('PERMANENT', 'TEST').slice(8, 38)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(62);
    const values = [...counts.values()];
    // 12,000 draws over 62 symbols: about 194 each; a modulo bias would skew the low symbols.
    expect(Math.min(...values)).toBeGreaterThan(120);
    expect(Math.max(...values)).toBeLessThan(270);
  });

  it('the README\'s scanner expression and example key are right', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const expression = /^\\b\(sk\|tk\).*$/m.exec(readme)?.[0];
    expect(expression).toBeDefined();
    const scanner = new RegExp(expression!, 'g');
    const keys = [generateSecret('PERMANENT', 'LIVE'), generateSecret('TEMPORARY', 'TEST')];
    expect(`a=${keys[0]} b="${keys[1]}"`.match(scanner)).toEqual(keys);
    const example = /Example \(of no account\): `([^`]+)`/.exec(readme)?.[1];
    expect(parseSecret(example)).toEqual({ kind: 'PERMANENT', environment: 'LIVE' });
  });

  it('agrees with itself: the length, the pattern, the scanners\' expression and the parser describe the same secrets', () => {
    // Verify refuses any other length before hashing (SECRET_LENGTH), so a length that drifted from
    // what generateSecret makes would turn every key MALFORMED; an edited secret must never parse.
    const kinds = fc.constantFrom('PERMANENT' as const, 'TEMPORARY' as const);
    const envs = fc.constantFrom('TEST' as const, 'LIVE' as const);
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_';
    fc.assert(
      fc.property(kinds, envs, fc.nat(), fc.nat(), fc.constantFrom('insert', 'delete', 'replace'), (kind, env, at, pick, edit) => {
        const secret = generateSecret(kind, env);
        expect(secret).toHaveLength(SECRET_LENGTH);
        expect(secret).toMatch(KEY_PATTERN);
        expect(secret).toMatch(new RegExp(`^${KEY_REGEX_SOURCE}$`));
        expect(parseSecret(secret)).toEqual({ kind, environment: env });
        const i = at % secret.length;
        const c = alphabet[pick % alphabet.length]!;
        const edited = edit === 'insert' ? secret.slice(0, i) + c + secret.slice(i) : edit === 'delete' ? secret.slice(0, i) + secret.slice(i + 1) : secret.slice(0, i) + c + secret.slice(i + 1);
        if (edited !== secret) expect(parseSecret(edited)).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });
});
