import fc from 'fast-check';
import { VerifyCode, type Credential } from '../../server/credentials/credential';
import { describeEachDialect } from '../helpers/databases';
import { startTestServer, TestServer } from '../helpers/server';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** A request counted for key `key`, `minutesAgo` before the test's now. */
interface Counted {
  readonly key: number;
  readonly minutesAgo: number;
  readonly valid: boolean;
  readonly count: number;
}

/**
 * Model-based: random traffic over the last 6 days, counted through the real counter and flushed
 * into the real tables, then `rankKeys` over a random range is compared with the ranking computed
 * from the model (whole hours up to 48 h, whole days beyond, busiest first). Traffic is skewed per
 * bucket (some keys busy in one hour only), which is what makes a ranking by index stop too early:
 * the model catches any candidate list or bound that misses a key, whatever its shape.
 */
describeEachDialect('topApiKeys ranks the busiest keys exactly, from the rank index', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect, { KEYWARD_ANALYTICS_FLUSH_MS: '3600000' });
  });
  afterAll(async () => {
    await server?.close();
  });

  const randomTraffic = fc.array(
    fc.record({
      key: fc.nat({ max: 39 }),
      // Most traffic in the last two days, some older (day ranges), clustered on a few minutes.
      minutesAgo: fc.oneof(fc.integer({ min: 0, max: 48 * 60 }), fc.integer({ min: 0, max: 6 * 24 * 60 }), fc.constantFrom(5, 65, 125, 1_500)),
      valid: fc.boolean(),
      count: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 40 })),
    }),
    { minLength: 0, maxLength: 120 },
  );
  /**
   * The shape that defeats a ranking read from each bucket's top list alone: in every hour (or day)
   * more than a list's depth of keys burst once, while a steady key is in none of the lists yet has
   * the most requests over the range.
   */
  const steadyAgainstBursts = fc
    .record({ buckets: fc.integer({ min: 2, max: 8 }), bursting: fc.integer({ min: 11, max: 14 }), steady: fc.integer({ min: 2, max: 3 }), burst: fc.integer({ min: 4, max: 9 }), daily: fc.boolean() })
    .map(({ buckets, bursting, steady, burst, daily }): Counted[] => {
      const bucketMinutes = daily ? 24 * 60 : 60;
      const counted: Counted[] = [];
      for (let b = 0; b < buckets; b += 1) {
        const minutesAgo = 30 + b * bucketMinutes;
        counted.push({ key: 1_000, minutesAgo, valid: true, count: steady });
        for (let k = 0; k < bursting; k += 1) counted.push({ key: b * 100 + k, minutesAgo, valid: k % 2 === 0, count: burst });
      }
      return counted;
    });
  const traffic = fc.oneof(randomTraffic, steadyAgainstBursts);
  const query = fc.record({
    fromHoursAgo: fc.oneof(fc.integer({ min: 1, max: 48 }), fc.integer({ min: 49, max: 10 * 24 })),
    toHoursAgo: fc.integer({ min: 0, max: 3 }),
    limit: fc.integer({ min: 1, max: 12 }),
  });

  it('equals the ranking computed from the counted traffic, for any traffic and range', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(traffic, query, async (counted: Counted[], q) => {
        run += 1;
        const organizationId = `org_top_${process.pid}_${run}_${Math.random().toString(36).slice(2, 8)}`;
        const now = server.clock.now().getTime();
        const credentials = new Map<number, Credential>();
        const credentialOf = (key: number) => {
          let credential = credentials.get(key);
          if (!credential) {
            credential = { keyId: `key_${run}_${String(key).padStart(4, '0')}`, applicationId: `app_${run}_${key % 3}`, organizationId } as Credential;
            credentials.set(key, credential);
          }
          return credential;
        };
        const counter = server.server.services.usageCounter;
        for (const c of counted) for (let i = 0; i < c.count; i += 1) counter.count(credentialOf(c.key), c.valid ? VerifyCode.VALID : VerifyCode.RATE_LIMITED, now - c.minutesAgo * MINUTE_MS);
        await counter.flush();

        const from = new Date(now - q.fromHoursAgo * HOUR_MS);
        const to = new Date(now - Math.min(q.toHoursAgo, q.fromHoursAgo - 1) * HOUR_MS);
        // As answered, and with a candidate budget so small that the ranking must stop reading early.
        const answer = await server.server.services.analytics.rankKeys(organizationId, from, to, q.limit);
        const early = await server.server.services.analytics.rankKeys(organizationId, from, to, q.limit, 3);

        // The model: whole hours up to 48 h, whole days beyond.
        const size = to.getTime() - from.getTime() <= 48 * HOUR_MS ? HOUR_MS : DAY_MS;
        const first = Math.floor(from.getTime() / size) * size;
        const last = Math.ceil(to.getTime() / size) * size;
        const totals = new Map<string, { total: number; valid: number }>();
        for (const c of counted) {
          const at = now - c.minutesAgo * MINUTE_MS;
          if (at < first || at >= last) continue;
          const id = credentialOf(c.key).keyId;
          const sum = totals.get(id) ?? { total: 0, valid: 0 };
          sum.total += c.count;
          if (c.valid) sum.valid += c.count;
          totals.set(id, sum);
        }
        const expected = [...totals.values()].map((t) => t.total).sort((a, b) => b - a).slice(0, q.limit);

        // Busiest first, exact counts, and the same totals as the model's top (keys tied at the cut-off may be any of them).
        expect(answer.map((row) => row.total)).toEqual(expected);
        expect(answer.every((row) => row.certain)).toBe(true);
        for (const ranked of [answer, early]) {
          for (const row of ranked) expect({ id: row.apiKeyId, ...totals.get(row.apiKeyId) }).toEqual({ id: row.apiKeyId, total: row.total, valid: row.valid });
          expect(new Set(ranked.map((row) => row.apiKeyId)).size).toBe(ranked.length);
          expect(ranked.length).toBe(expected.length);
          expect([...ranked].sort((a, b) => b.total - a.total)).toEqual(ranked);
        }
        // Stopped early: each row marked certain has at least the requests of every key left out.
        const listed = new Set(early.map((row) => row.apiKeyId));
        const leftOut = Math.max(0, ...[...totals].filter(([id]) => !listed.has(id)).map(([, t]) => t.total));
        for (const row of early) if (row.certain) expect(row.total).toBeGreaterThanOrEqual(leftOut);
      }),
      { numRuns: dialect === 'mysql' ? 25 : 60 },
    );
  }, 120_000);

  it('refuses ranges it cannot answer with a clear error', async () => {
    const analytics = server.server.services.analytics;
    const now = server.clock.now().getTime();
    await expect(analytics.rankKeys('org_x', new Date(now), new Date(now - HOUR_MS), 5)).rejects.toThrow('must be before to');
    await expect(analytics.rankKeys('org_x', new Date(now - 800 * DAY_MS), new Date(now), 5)).rejects.toThrow('at most 731 days');
    await expect(analytics.rankKeys('org_x', new Date(Number.NaN), new Date(now), 5)).rejects.toThrow('must be dates');
  });
});
