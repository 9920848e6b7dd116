import fc from 'fast-check';
import { UsageCounter } from '../../server/analytics/usage-counter';
import { Credential, VERIFY_CODES, VerifyCode } from '../../server/credentials/credential';
import type { Database } from '../../server/database/database';

/**
 * Usage analytics' counter keeps a bounded amount in memory whatever the database's speed (README,
 * "Usage analytics"), and never at the price of the sums: a model of any traffic over keys,
 * minutes, hours and days, flushed at any points, against a database that adds what each upsert
 * says to the rows it names (as `ON DUPLICATE KEY UPDATE count = count + VALUES(count)` does).
 *
 * - what waits is at most the bound of key-minutes plus the bound of key-hours, at every step;
 * - the application and organization sums are exact, bound or no bound;
 * - a key's rows never count more than it was asked, and what a bound kept from a key's minute
 *   rows (`folded`) or from all its rows (`unattributed`) is exactly what is missing;
 * - with a bound that holds everything, every row is exact.
 */
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const BASE = Date.UTC(2026, 11, 2, 22, 0, 0);

/** The database: rows by table and primary key, each upsert adding its counts. */
class Tables {
  readonly rows = new Map<string, number[]>();
  readonly db = {
    dialect: 'mysql',
    write: async (work: (manager: { query(sql: string, values: unknown[]): Promise<unknown> }) => Promise<unknown>) => work({ query: async (sql, values) => this.apply(sql, values) }),
  } as unknown as Database;

  private apply(sql: string, values: unknown[]): void {
    const [, table, columnList] = /^INSERT INTO (\w+) \(([^)]*)\)/.exec(sql)!;
    const columns = columnList!.split(', ');
    const counts = table === 'verification_key_totals' ? 2 : 1;
    const key = table === 'verification_rollups' ? [0, 1, 2, 3] : table === 'verification_totals' ? [0, 1, 2, 3, 4] : [0, 1, 2];
    for (let i = 0; i < values.length; i += columns.length) {
      const row = values.slice(i, i + columns.length);
      const id = `${table}|${key.map((k) => String(row[k])).join('|')}`;
      const added = row.slice(columns.length - counts).map(Number);
      const stored = this.rows.get(id) ?? added.map(() => 0);
      this.rows.set(id, stored.map((n, j) => n + added[j]!));
    }
  }

  get(id: string): number {
    return this.rows.get(id)?.[0] ?? 0;
  }

  /** Sum of the first count of every row whose id starts with `prefix`. */
  sum(prefix: string): number {
    let total = 0;
    for (const [id, counts] of this.rows) if (id.startsWith(prefix)) total += counts[0]!;
    return total;
  }
}

const sqlTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
const credentials: Credential[] = Array.from({ length: 12 }, (_, i) => ({ keyId: `key_${i}`, applicationId: `app_${i % 3}`, organizationId: `org_${i % 2}` }) as Credential);

const step = fc.oneof(
  { weight: 9, arbitrary: fc.record({ kind: fc.constant('count' as const), key: fc.nat({ max: credentials.length - 1 }), code: fc.constantFrom(...VERIFY_CODES), at: fc.constantFrom(0, 1, 2, 59, 61, 120, 1439, 1441).chain((minute) => fc.constant(BASE + minute * MINUTE_MS)) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('flush' as const) }) },
);

describe('usage analytics: the counter\'s memory bound (model)', () => {
  it('holds at most twice its bound, keeps every sum exact, and loses from keys only what it reports', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 30 }), fc.array(step, { maxLength: 300 }), async (bound, steps) => {
        const tables = new Tables();
        const counter = new UsageCounter(tables.db, { warn: () => undefined, error: () => undefined }, 0, bound);
        const asked: Array<{ credential: Credential; code: VerifyCode; at: number }> = [];
        for (const s of steps) {
          if (s.kind === 'flush') await counter.flush();
          else {
            counter.count(credentials[s.key]!, s.code, s.at);
            asked.push({ credential: credentials[s.key]!, code: s.code, at: s.at });
          }
          expect(counter.stats().pendingEntries).toBeLessThanOrEqual(2 * bound);
        }
        await counter.flush();
        const { folded, unattributed, pendingEntries } = counter.stats();
        expect(pendingEntries).toBe(0);

        const expected = new Map<string, number>();
        const add = (id: string) => expected.set(id, (expected.get(id) ?? 0) + 1);
        for (const { credential, code, at } of asked) {
          const buckets = [['m', at], ['h', at - (at % HOUR_MS)], ['d', at - (at % DAY_MS)]] as const;
          for (const [g, start] of buckets) {
            add(`verification_totals|a|${credential.applicationId}|${g}|${sqlTime(start)}|${code}`);
            add(`verification_totals|o|${credential.organizationId}|${g}|${sqlTime(start)}|${code}`);
            add(`verification_rollups|${credential.keyId}|${g}|${sqlTime(start)}|${code}`);
          }
        }
        // The sums: exact.
        for (const [id, count] of expected) if (id.startsWith('verification_totals|')) expect([id, tables.get(id)]).toEqual([id, count]);
        expect(tables.sum('verification_totals|o|')).toBe(asked.length * 3);
        // A key's rows: never more than asked; what is missing is what was reported.
        for (const [id, count] of expected) if (id.startsWith('verification_rollups|')) expect(tables.get(id)).toBeLessThanOrEqual(count);
        const minuteRows = [...tables.rows].filter(([id]) => /^verification_rollups\|[^|]+\|m\|/.test(id)).reduce((n, [, [c]]) => n + c!, 0);
        const hourRows = [...tables.rows].filter(([id]) => /^verification_rollups\|[^|]+\|h\|/.test(id)).reduce((n, [, [c]]) => n + c!, 0);
        expect(minuteRows).toBe(asked.length - folded - unattributed);
        expect(hourRows).toBe(asked.length - unattributed);
        // Each key's hour and day totals (what topApiKeys ranks) agree with its rollups.
        for (const [id, [total, valid]] of tables.rows) {
          if (!id.startsWith('verification_key_totals|')) continue;
          const [, keyId, g, start] = id.split('|');
          const codes = VERIFY_CODES.map((code) => tables.get(`verification_rollups|${keyId}|${g}|${start}|${code}`));
          expect([total, valid]).toEqual([codes.reduce((a, b) => a + b, 0), tables.get(`verification_rollups|${keyId}|${g}|${start}|VALID`)]);
        }
        // A bound that holds every key-minute loses nothing.
        const keyMinutes = new Set(asked.map(({ credential, at }) => `${credential.keyId}|${Math.floor(at / MINUTE_MS)}`)).size;
        if (keyMinutes <= bound && !steps.some((s) => s.kind === 'flush')) {
          expect([folded, unattributed]).toEqual([0, 0]);
          for (const [id, count] of expected) expect([id, tables.get(id)]).toEqual([id, count]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a flush slower than the interval is not joined by another: the next takes what waited meanwhile', async () => {
    const tables = new Tables();
    let release: () => void = () => undefined;
    let statements = 0;
    const slow = {
      dialect: 'mysql',
      write: async (work: Parameters<Tables['db']['write']>[0]) => {
        statements += 1;
        if (statements === 1) await new Promise<void>((resolve) => (release = resolve));
        return tables.db.write(work);
      },
    } as unknown as Database;
    const counter = new UsageCounter(slow, { warn: () => undefined, error: () => undefined }, 5, 1000);
    const passes = jest.spyOn(counter as unknown as { write(): Promise<void> }, 'write');
    counter.count(credentials[0]!, VerifyCode.VALID, BASE);
    counter.start();
    // About a dozen 5 ms intervals while the first flush waits on the database.
    await new Promise((resolve) => setTimeout(resolve, 60));
    counter.count(credentials[0]!, VerifyCode.VALID, BASE + MINUTE_MS);
    release();
    await counter.stop();
    // The waiting flush, then stop()'s, which takes what waited meanwhile: none queued behind it.
    expect(passes).toHaveBeenCalledTimes(2);
    expect(statements).toBeGreaterThan(1);
    expect(tables.get(`verification_rollups|key_0|h|${sqlTime(BASE)}|VALID`)).toBe(2);
  });
});
