import type { StatsGranularity, VerificationBucketFieldsFragment } from '../gql/graphql';
import { csvText } from '../audit/csv';

/** The ranges the console offers, and the bucket size each is drawn with. */
export const RANGES = [
  { id: '24h', label: 'Last 24 hours', spanMs: 86_400_000, granularity: 'HOUR' as StatsGranularity },
  { id: '7d', label: 'Last 7 days', spanMs: 7 * 86_400_000, granularity: 'HOUR' as StatsGranularity },
  { id: '30d', label: 'Last 30 days', spanMs: 30 * 86_400_000, granularity: 'DAY' as StatsGranularity },
] as const;

export type RangeId = (typeof RANGES)[number]['id'];

export function rangeOf(id: RangeId, now: number = Date.now()): { granularity: StatsGranularity; from: string } {
  const range = RANGES.find((r) => r.id === id)!;
  return { granularity: range.granularity, from: new Date(now - range.spanMs).toISOString() };
}

/** One row per bucket: valid, refused, and the count of each refusal code seen in the range. */
export interface UsageRow {
  readonly start: string;
  readonly valid: number;
  readonly refused: number;
  readonly [code: string]: number | string;
}

export function refusalCodes(buckets: readonly VerificationBucketFieldsFragment[]): string[] {
  const codes = new Set<string>();
  for (const bucket of buckets) for (const c of bucket.byCode) if (c.code !== 'VALID') codes.add(c.code);
  return [...codes].sort();
}

export function rowsOf(buckets: readonly VerificationBucketFieldsFragment[]): UsageRow[] {
  return buckets.map((bucket) => {
    const row: Record<string, number | string> = { start: bucket.start, valid: bucket.valid, refused: bucket.total - bucket.valid };
    for (const c of bucket.byCode) if (c.code !== 'VALID') row[c.code] = c.count;
    return row as UsageRow;
  });
}

export function totals(buckets: readonly VerificationBucketFieldsFragment[]): { total: number; valid: number; refusalRate: number } {
  const total = buckets.reduce((n, b) => n + b.total, 0);
  const valid = buckets.reduce((n, b) => n + b.valid, 0);
  return { total, valid, refusalRate: total === 0 ? 0 : (total - valid) / total };
}

/** The table alternative as CSV: one line per bucket, a column per refusal code. */
export function usageCsv(buckets: readonly VerificationBucketFieldsFragment[]): string {
  const codes = refusalCodes(buckets);
  return csvText(
    ['start', 'total', 'valid', ...codes],
    buckets.map((bucket) => {
      const count = (code: string) => bucket.byCode.find((c) => c.code === code)?.count ?? 0;
      return [bucket.start, bucket.total, bucket.valid, ...codes.map(count)];
    }),
  );
}
