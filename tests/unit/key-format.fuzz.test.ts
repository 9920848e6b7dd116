import fc from 'fast-check';
import { generateSecret, parseSecret } from '../../server/api-keys/key-format';
import { BASE62 } from '../../server/shared/random';

describe('key format parser (property-based)', () => {
  it('never throws, and accepts nothing but a well-formed key', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.anything()), (input) => {
        const parsed = parseSecret(input);
        if (parsed !== null) expect(typeof input === 'string' && input.length === 44).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects any single-character change to a real key (the checksum catches it)', () => {
    const kinds = fc.constantFrom(['PERMANENT', 'TEST'], ['PERMANENT', 'LIVE'], ['TEMPORARY', 'TEST'], ['TEMPORARY', 'LIVE']) as fc.Arbitrary<[ 'PERMANENT' | 'TEMPORARY', 'TEST' | 'LIVE']>;
    fc.assert(
      fc.property(kinds, fc.integer({ min: 8, max: 43 }), fc.integer({ min: 1, max: 61 }), ([kind, env], position, shift) => {
        const secret = generateSecret(kind, env);
        expect(parseSecret(secret)).not.toBeNull();
        const replacement = BASE62[(BASE62.indexOf(secret[position]!) + shift) % 62]!;
        const mutated = secret.slice(0, position) + replacement + secret.slice(position + 1);
        expect(parseSecret(mutated)).toBeNull();
      }),
      { numRuns: 3000 },
    );
  });
});
