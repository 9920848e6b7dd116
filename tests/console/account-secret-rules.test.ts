import fc from 'fast-check';
import { accountSecretRules, meetsLocalRules } from '../../console/src/organizations/account-secret-policy';
import { checkAccountSecretShape } from '../../server/organizations/account-secret-policy';

/** The console's checklist and the server agree on every secret (no hand copy to drift). */
test('the console accepts exactly the secrets whose shape the server accepts', () => {
  const pieces = fc.constantFrom('a', 'A', 'Z', '7', '-', ' ', 'é', 'É', '😀', '٣', 'Ⅻ', '_', '!', 'ß');
  const secrets = fc.oneof(fc.string({ maxLength: 40 }), fc.array(pieces, { maxLength: 40 }).map((p) => p.join('')), fc.string({ unit: 'grapheme', maxLength: 35 }));
  fc.assert(
    fc.property(secrets, (secret) => {
      expect(meetsLocalRules(secret)).toBe(checkAccountSecretShape(secret) === null);
    }),
    { numRuns: 2000 },
  );
  // The examples that drifted: an emoji counts once; a non-decimal numeral is not a digit; bcrypt's 72 bytes.
  expect(meetsLocalRules('Aaaaaaaaaa😀')).toBe(checkAccountSecretShape('Aaaaaaaaaa😀') === null);
  expect(accountSecretRules('x').map((r) => r.id)).toContain('history');
});
