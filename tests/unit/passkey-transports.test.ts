import fc from 'fast-check';
import { storedTransports } from '../../server/auth/second-factor.service';

/** The transports a browser claims for a new passkey are its words: whatever they are, what is stored fits its column. */
describe('storedTransports', () => {
  it('keeps the names a browser sends', () => {
    expect(storedTransports(['usb', 'nfc', 'hybrid', 'usb'])).toBe('usb,nfc,hybrid');
    expect(storedTransports(['internal'])).toBe('internal');
  });

  it('turns anything else into a short list of names or null, never a throw', () => {
    expect(storedTransports('usb')).toBeNull();
    expect(storedTransports(undefined)).toBeNull();
    expect(storedTransports([1, null, { a: 1 }])).toBeNull();
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.array(fc.oneof(fc.string(), fc.stringMatching(/^[a-z-]{1,20}$/)), { maxLength: 200 })), (claimed) => {
        const stored = storedTransports(claimed);
        if (stored === null) return;
        expect(stored.length).toBeLessThanOrEqual(255);
        expect(stored).toMatch(/^[a-z-]{1,16}(,[a-z-]{1,16}){0,7}$/);
      }),
      { numRuns: 500 },
    );
  });
});
