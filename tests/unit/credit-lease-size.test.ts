import fc from 'fast-check';
import { leaseSize } from '../../server/usage/credit-ledger';

/**
 * A credit lease is sized from how fast the last one was spent: about a second of spending, at
 * least 1,000, at most 4 times the last. Whatever the history of rates, no lease is below the
 * minimum or jumps more than 4×, and a steady rate settles within a few leases at about one
 * transaction a second.
 */
describe('credit lease size', () => {
  it('a first lease is 1,000; then never under 1,000 nor over 4 times the last', () => {
    expect(leaseSize({ size: 0, takenAt: 0 }, 123)).toBe(1000);
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 10_000_000 }), fc.integer({ min: 0, max: 3_600_000 }), (size, elapsed) => {
        const next = leaseSize({ size, takenAt: 1_000_000 }, 1_000_000 + elapsed);
        expect(next).toBeGreaterThanOrEqual(1000);
        expect(next).toBeLessThanOrEqual(size * 4);
      }),
    );
  });

  it('at a steady rate the leases settle at about a second of spending', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200_000 }), (perSecond) => {
        let size = 0;
        let takenAt = 0;
        let now = 0;
        const sizes: number[] = [];
        for (let i = 0; i < 12; i += 1) {
          size = leaseSize({ size, takenAt }, now);
          sizes.push(size);
          takenAt = now;
          now += Math.ceil((size / perSecond) * 1000);
        }
        const last = sizes[sizes.length - 1]!;
        expect(last).toBeGreaterThanOrEqual(Math.min(1000, perSecond));
        expect(last).toBeLessThanOrEqual(Math.max(1000, perSecond * 1.01 + 1));
      }),
    );
  });
});
