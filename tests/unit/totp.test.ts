import { Secret } from 'otpauth';
import { ManualClock } from '../../server/clock';
import { matchTotp, newTotpSecret, otpauthUri, totpCode, totpStep } from '../../server/auth/totp';

/** RFC 6238 Appendix B, the SHA-1 rows: the seed is the ASCII string "12345678901234567890". */
const RFC_SEED = Secret.fromLatin1('12345678901234567890');
const RFC_VECTORS: Array<[number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238, SHA-1, 30 s)', () => {
  it.each(RFC_VECTORS)('T=%i s gives %s (8 digits, as in the RFC)', (seconds, expected) => {
    expect(totpCode(RFC_SEED, new Date(seconds * 1000), 8)).toBe(expected);
  });

  it.each(RFC_VECTORS)('T=%i s: the 6-digit code Keyward accepts is the low 6 digits', (seconds, expected) => {
    const at = new Date(seconds * 1000);
    expect(totpCode(RFC_SEED, at)).toBe(expected.slice(2));
    expect(matchTotp(RFC_SEED.base32, expected.slice(2), at, null)).toBe(totpStep(at));
  });

  describe('with the injectable clock', () => {
    const secret = newTotpSecret();
    const clock = new ManualClock(new Date('2026-01-01T00:00:15Z'));

    it('accepts the code of the previous and next step, not two steps away', () => {
      const now = clock.now();
      for (const [offset, ok] of [[-60, false], [-30, true], [0, true], [30, true], [60, false]] as const) {
        const code = totpCode(secret, new Date(now.getTime() + offset * 1000));
        expect(matchTotp(secret, code, now, null) !== null).toBe(ok);
      }
    });

    it('refuses a code reused in the same step, and an older one after a newer one', () => {
      const now = clock.now();
      const code = totpCode(secret, now);
      const step = matchTotp(secret, code, now, null);
      expect(step).toBe(totpStep(now));
      expect(matchTotp(secret, code, now, step)).toBeNull();
      clock.advance(10_000);
      expect(matchTotp(secret, code, clock.now(), step)).toBeNull();
      const previous = totpCode(secret, new Date(clock.now().getTime() - 30_000));
      expect(matchTotp(secret, previous, clock.now(), step)).toBeNull();
      clock.advance(30_000);
      const next = totpCode(secret, clock.now());
      expect(matchTotp(secret, next, clock.now(), step)).toBe(step! + 1);
    });

    it('refuses anything that is not six digits', () => {
      for (const bad of ['', '12345', '1234567', 'abcdef', ' 123456', '12345a']) expect(matchTotp(secret, bad, clock.now(), null)).toBeNull();
    });
  });

  it('writes an otpauth URI an authenticator app reads', () => {
    const secret = newTotpSecret();
    const uri = new URL(otpauthUri(secret, 'ops@example.test', 'Keyward'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('algorithm')).toBe('SHA1');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
    expect(Secret.fromBase32(secret).bytes).toHaveLength(20);
  });
});
