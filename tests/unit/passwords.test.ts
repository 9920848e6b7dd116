import bcrypt from 'bcrypt';
import fc from 'fast-check';
import { hashPassword, PENDING_PASSWORD_HASH, verifyPassword } from '../../server/auth/passwords';

describe('password hashing', () => {
  it('two passwords that share their first 72 bytes are different passwords', async () => {
    const prefix = fc.string({ unit: 'binary', minLength: 72, maxLength: 100 });
    await fc.assert(
      fc.asyncProperty(prefix, fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }), async (start, a, b) => {
        fc.pre(a !== b);
        const hash = await hashPassword(start + a);
        expect(await verifyPassword(start + a, hash)).toBe(true);
        expect(await verifyPassword(start + b, hash)).toBe(false);
        expect(await verifyPassword(start, hash)).toBe(false);
      }),
      { numRuns: 10 },
    );
  });

  it('hashes made before the prefix (plain bcrypt) still verify, so existing users keep signing in', async () => {
    const legacy = await bcrypt.hash('Existing-user-password-1', 4);
    expect(await verifyPassword('Existing-user-password-1', legacy)).toBe(true);
    expect(await verifyPassword('Existing-user-password-2', legacy)).toBe(false);
    expect(await hashPassword('x')).toMatch(/^\$kw1\$\$2[ab]\$/);
  });

  it('a pending user (no password yet) and a missing user match nothing', async () => {
    for (const attempt of ['', 'anything', 'keyward-dummy-password']) {
      expect(await verifyPassword(attempt, PENDING_PASSWORD_HASH)).toBe(false);
      expect(await verifyPassword(attempt, null)).toBe(false);
    }
  });
});
