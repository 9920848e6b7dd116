import { randomUUID } from 'node:crypto';
import { KNOWN_ADDRESS_DAYS, LimitRule, RateLimits } from '../../server/shared/rate-limits';
import { REDIS_URL, redisForSuite } from '../helpers/redis';

/**
 * What sign-in builds on (README, Limits): an attempt given back is no longer counted, and a
 * remembered key (an address an account signed in from) is known until its rule's duration ends —
 * the same in process memory and in Redis, where every instance shares it.
 */
describe.each([
  ['memory', undefined],
  ['Redis', REDIS_URL],
])('RateLimits in %s: giving back and remembering', (_store, redisUrl) => {
  let limits: RateLimits;
  let reachable = true;
  beforeAll(async () => {
    if (redisUrl) reachable = await redisForSuite('rate limits in Redis');
    limits = new RateLimits(reachable ? redisUrl : undefined);
  });
  afterAll(async () => limits?.close());
  // Fresh names per run: Redis outlives the test. Outside RATE_LIMIT_NAMES, so `consume` takes one only as asserted.
  const rule = (points: number, durationSeconds = 60): LimitRule<string> => ({ name: `test-${randomUUID()}`, points, durationSeconds, blockSeconds: 60 });

  it('an attempt given back leaves the budget as it was', async () => {
    const budget = rule(2) as LimitRule;
    await limits.consume(budget, 'k');
    await limits.giveBack(budget, 'k');
    await limits.consume(budget, 'k');
    await limits.consume(budget, 'k');
    await expect(limits.consume(budget, 'k', 'spent')).rejects.toThrow(/^spent; retry in/);
  });

  it('remembers a key for its duration, and only that key', async () => {
    // Fourteen days: in memory a setTimeout, which must stay under its 24.8-day bound.
    const known = rule(1, KNOWN_ADDRESS_DAYS * 86_400);
    expect(await limits.remembers(known, 'a|1')).toBe(false);
    await limits.remember(known, 'a|1');
    await limits.remember(known, 'a|1');
    expect(await limits.remembers(known, 'a|1')).toBe(true);
    expect(await limits.remembers(known, 'a|2')).toBe(false);
    await limits.reset(known, 'a|1');
    expect(await limits.remembers(known, 'a|1')).toBe(false);
  });

  it('forgets a remembered key when its duration ends', async () => {
    const brief = rule(1, 1);
    await limits.remember(brief, 'a|1');
    expect(await limits.remembers(brief, 'a|1')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(await limits.remembers(brief, 'a|1')).toBe(false);
  });
});
