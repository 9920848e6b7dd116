import { In } from 'typeorm';
import { ApiKey } from '../api-keys/api-key.entity';
import { AccessService } from '../auth/access.service';
import { Actor } from '../auth/actor';
import { Permission } from '../auth/roles';
import { Clock } from '../clock';
import { Config } from '../config';
import { toDate, toSqlDatetime } from '../credentials/credential-store';
import { Database } from '../database/database';
import { BackgroundLoop, LoopLogger } from '../shared/background-loop';
import { badField } from '../shared/validation';
import { ApiKeyUsage, StatsGranularity, VerificationBucket } from './analytics.types';
import { KeyTotalGranularity } from './verification-key-total.entity';
import { RollupGranularity } from './verification-rollup.entity';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

interface GranularityRule {
  readonly stored: RollupGranularity;
  readonly bucketMs: number;
  readonly defaultSpanMs: number;
  /** The longest range one query may cover (bounds the buckets answered). */
  readonly maxSpanMs: number;
}

const RULES: Readonly<Record<StatsGranularity, GranularityRule>> = {
  [StatsGranularity.MINUTE]: { stored: 'm', bucketMs: 60_000, defaultSpanMs: HOUR_MS, maxSpanMs: 48 * HOUR_MS },
  [StatsGranularity.HOUR]: { stored: 'h', bucketMs: HOUR_MS, defaultSpanMs: DAY_MS, maxSpanMs: 90 * DAY_MS },
  [StatsGranularity.DAY]: { stored: 'd', bucketMs: DAY_MS, defaultSpanMs: 30 * DAY_MS, maxSpanMs: 731 * DAY_MS },
};

/** A checked range: bucket-aligned, inside retention and the per-query bound. */
export interface StatsRange {
  readonly granularity: StatsGranularity;
  readonly from: Date;
  readonly to: Date;
}

interface CountRow {
  owner?: string;
  bucket_start: string | Date;
  code: string;
  n: number | string;
}

/** One key of `rankKeys`' answer; `certain` when no key left out of the answer has more requests. */
export interface RankedKey {
  readonly apiKeyId: string;
  readonly total: number;
  readonly valid: number;
  readonly certain: boolean;
}

/** The ranking's order: most requests first, then by key id. */
const busiestFirst = (a: { apiKeyId: string; total: number }, b: { apiKeyId: string; total: number }): number => b.total - a.total || (a.apiKeyId < b.apiKeyId ? -1 : 1);

/** Which rows a statistics query reads: the organization's, one application's or one key's. */
export type StatsScope = { readonly organizationId: string; readonly applicationId?: string; readonly apiKeyId?: string };

/**
 * Reads the verification rollups (SPEC 8). Every range is checked and bucket-aligned first, so a
 * query answers a bounded number of buckets from one indexed range scan, zero-filled.
 */
export class AnalyticsService {
  private readonly retention: BackgroundLoop;

  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly clock: Clock,
    private readonly config: Config,
    logger: LoopLogger,
  ) {
    this.retention = new BackgroundLoop('analytics retention', () => this.purge(), logger);
  }

  /** Enforces retention every `intervalMs` (0 = never: tests call purge with their clock). */
  start(intervalMs: number): void {
    this.retention.start(intervalMs);
  }

  async stop(): Promise<void> {
    await this.retention.stop();
  }

  /** Members (VIEWER and up) read their organization's statistics. */
  range(granularity: StatsGranularity, from: Date | null | undefined, to: Date | null | undefined): StatsRange {
    const rule = RULES[granularity];
    const now = this.clock.now().getTime();
    const end = to ? to.getTime() : now;
    const start = from ? from.getTime() : end - rule.defaultSpanMs;
    if (!Number.isFinite(start) || !Number.isFinite(end)) throw badField('from', 'from and to must be dates');
    if (start >= end) throw badField('from', 'must be before to');
    const alignedFrom = Math.floor(start / rule.bucketMs) * rule.bucketMs;
    const alignedTo = Math.ceil(end / rule.bucketMs) * rule.bucketMs;
    if (alignedTo - alignedFrom > rule.maxSpanMs) throw badField('from', `${granularity} statistics cover at most ${rule.maxSpanMs % DAY_MS === 0 ? `${rule.maxSpanMs / DAY_MS} days` : `${rule.maxSpanMs / HOUR_MS} hours`} per query${granularity === StatsGranularity.DAY ? '' : '; use a coarser granularity'}`);
    const retained = now - this.retentionMs(rule.stored);
    if (alignedFrom < retained - rule.bucketMs) throw badField('from', `${granularity} buckets are kept ${Math.round(this.retentionMs(rule.stored) / HOUR_MS)} hours; use a coarser granularity for older data`);
    return { granularity, from: new Date(alignedFrom), to: new Date(alignedTo) };
  }

  retentionMs(granularity: RollupGranularity): number {
    const { retentionMinuteHours, retentionHourDays, retentionDayDays } = this.config.analytics;
    return granularity === 'm' ? retentionMinuteHours * HOUR_MS : granularity === 'h' ? retentionHourDays * DAY_MS : retentionDayDays * DAY_MS;
  }

  /**
   * Buckets of one scope (organization, optionally narrowed to an application or key). A key's come
   * from its rollups; an application's and the organization's from their totals — a constant number
   * of rows per bucket (one per code seen), whatever the number of keys.
   */
  async buckets(scope: StatsScope, range: StatsRange): Promise<VerificationBucket[]> {
    if (scope.apiKeyId) {
      const where = ['organization_id = ?', 'api_key_id = ?'];
      const parameters: unknown[] = [scope.organizationId, scope.apiKeyId];
      if (scope.applicationId) {
        where.push('application_id = ?');
        parameters.push(scope.applicationId);
      }
      return this.fill(await this.counts('verification_rollups', where, parameters, range, null), range);
    }
    const where = scope.applicationId
      ? ["scope = 'a'", 'scope_id = ?', 'organization_id = ?']
      : ["scope = 'o'", 'scope_id = ?'];
    const parameters = scope.applicationId ? [scope.applicationId, scope.organizationId] : [scope.organizationId];
    return this.fill(await this.counts('verification_totals', where, parameters, range, null), range);
  }

  /** Buckets for many keys or applications in one statement (the DataLoaders' batch). */
  async bucketsByOwner(column: 'api_key_id' | 'application_id', ids: readonly string[], range: StatsRange): Promise<Map<string, VerificationBucket[]>> {
    const marks = ids.map(() => '?').join(', ');
    const rows = column === 'api_key_id'
      ? await this.counts('verification_rollups', [`api_key_id IN (${marks})`], [...ids], range, 'api_key_id')
      : await this.counts('verification_totals', ["scope = 'a'", `scope_id IN (${marks})`], [...ids], range, 'scope_id');
    const byOwner = new Map<string, CountRow[]>(ids.map((id) => [id, []]));
    for (const row of rows) byOwner.get(row.owner!)?.push(row);
    return new Map([...byOwner].map(([id, owned]) => [id, this.fill(owned, range)]));
  }

  /** The organization's busiest keys in a range, with the keys themselves in one more query. */
  async topApiKeys(organizationId: string, from: Date | null | undefined, to: Date | null | undefined, limit: number): Promise<ApiKeyUsage[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw badField('limit', 'must be 1 to 100');
    const end = to ?? this.clock.now();
    const ranked = await this.rankKeys(organizationId, from ?? new Date(end.getTime() - DAY_MS), end, limit);
    if (ranked.length === 0) return [];
    const keys = new Map((await this.db.manager.find(ApiKey, { where: { id: In(ranked.map((r) => r.apiKeyId)), organizationId } })).map((k) => [k.id, k]));
    return ranked.flatMap((row) => {
      const apiKey = keys.get(row.apiKeyId);
      return apiKey ? [{ apiKey, total: row.total, valid: row.valid, certain: row.certain }] : [];
    });
  }

  /**
   * The `limit` keys with the most requests in whole hours (ranges up to 48 h) or whole days
   * (longer ranges) covering `from`–`to`, busiest first; keys tied at the cut-off may be any of
   * them. Reads `verification_key_totals` by its rank index (Fagin's threshold algorithm): the
   * busiest `depth` keys of each bucket are the candidates, and a key in none of those lists has
   * at most the sum of each list's last total (the bound). A candidate whose exact total over the
   * range reaches the bound is `certain`: no key left out has more. Until the `limit`-th is, the
   * lists are read four times deeper — up to `maxCandidates` keys: when many keys are nearly equally
   * busy, no list is short enough, and summing every key of the range costs seconds at 100,000
   * keys (measured: 14–33 s), so the busiest candidates are answered with their exact totals and
   * `certain: false` on those a key left out might beat. The work is bounded by the candidates.
   */
  async rankKeys(organizationId: string, from: Date, to: Date, limit: number, maxCandidates = 2_000): Promise<RankedKey[]> {
    // Hour buckets up to 48 h, day buckets beyond: the same checks and alignment as the statistics.
    const range = this.range(to.getTime() - from.getTime() <= 48 * HOUR_MS ? StatsGranularity.HOUR : StatsGranularity.DAY, from, to);
    const granularity: KeyTotalGranularity = range.granularity === StatsGranularity.HOUR ? 'h' : 'd';
    const size = granularity === 'h' ? HOUR_MS : DAY_MS;
    const first = range.from.getTime();
    const last = range.to.getTime();
    const buckets: string[] = [];
    for (let start = first; start < last; start += size) buckets.push(toSqlDatetime(new Date(start)));
    const end = toSqlDatetime(new Date(last));
    for (let depth = Math.max(limit, 10); ; depth *= 4) {
      const lists = await this.busiestPerBucket(organizationId, granularity, buckets, depth);
      let bound = 0;
      const candidates = new Set<string>();
      for (const list of lists) {
        for (const row of list) candidates.add(row.api_key_id);
        if (list.length === depth) bound += Number(list[depth - 1]!.total);
      }
      if (candidates.size === 0) return [];
      const ranked = (await this.totalsOf(organizationId, granularity, [...candidates], buckets[0]!, end)).sort(busiestFirst).slice(0, limit);
      // bound 0: every list was read to its end, so every key with a request is a candidate.
      const done = bound === 0 || (ranked.length >= limit && ranked[limit - 1]!.total >= bound);
      // Reading deeper would make about four times the candidates: past the budget, answer what is known.
      if (done || candidates.size * 4 > maxCandidates) return ranked.map((row) => ({ ...row, certain: row.total >= bound }));
    }
  }

  /** The `depth` busiest keys of each bucket, read from the rank index (bounded: buckets × depth rows). */
  private async busiestPerBucket(organizationId: string, granularity: KeyTotalGranularity, buckets: readonly string[], depth: number): Promise<Array<Array<{ api_key_id: string; total: string | number }>>> {
    const lists = buckets.map(() => [] as Array<{ api_key_id: string; total: string | number }>);
    const perStatement = 31;
    for (let i = 0; i < buckets.length; i += perStatement) {
      const slice = buckets.slice(i, i + perStatement);
      const sql = slice
        .map((_, j) => `SELECT * FROM (SELECT ${i + j} AS b, api_key_id, total FROM verification_key_totals WHERE organization_id = ? AND granularity = ? AND bucket_start = ? ORDER BY total DESC LIMIT ${depth}) t${j}`)
        .join(' UNION ALL ');
      const rows = (await this.db.reader.query(sql, slice.flatMap((bucket) => [organizationId, granularity, bucket]))) as Array<{ b: number | string; api_key_id: string; total: string | number }>;
      for (const row of rows) lists[Number(row.b)]!.push(row);
    }
    // UNION ALL keeps no order between its parts: each list is sorted again, busiest first.
    for (const list of lists) list.sort((a, b) => Number(b.total) - Number(a.total));
    return lists;
  }

  /** The candidates' exact totals over the buckets (by primary key: a range read per key), 500 keys a statement. */
  private async totalsOf(organizationId: string, granularity: KeyTotalGranularity, apiKeyIds: readonly string[], from: string, to: string): Promise<RankedKey[]> {
    const totals: RankedKey[] = [];
    for (let i = 0; i < apiKeyIds.length; i += 500) {
      const ids = apiKeyIds.slice(i, i + 500);
      const rows = (await this.db.reader.query(
        `SELECT api_key_id, SUM(total) AS total, SUM(valid) AS valid FROM verification_key_totals
         WHERE api_key_id IN (${ids.map(() => '?').join(', ')}) AND granularity = ? AND bucket_start >= ? AND bucket_start < ? AND organization_id = ?
         GROUP BY api_key_id`,
        [...ids, granularity, from, to, organizationId],
      )) as Array<{ api_key_id: string; total: string | number; valid: string | number }>;
      for (const row of rows) totals.push({ apiKeyId: row.api_key_id, total: Number(row.total), valid: Number(row.valid), certain: true });
    }
    return totals;
  }

  /** Deletes buckets (of keys, totals and key totals) past their retention, in small batches (safe on every instance at once). */
  async purge(now: Date = this.clock.now()): Promise<number> {
    let deleted = 0;
    for (const table of ['verification_rollups', 'verification_totals', 'verification_key_totals'] as const) for (const granularity of ['m', 'h', 'd'] as const) {
      const before = toSqlDatetime(new Date(now.getTime() - this.retentionMs(granularity)));
      for (;;) {
        const sql = this.db.dialect === 'mysql'
          ? `DELETE FROM ${table} WHERE granularity = ? AND bucket_start < ? LIMIT 1000`
          : `DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE granularity = ? AND bucket_start < ? LIMIT 1000)`;
        const affected = await this.db.write(async (manager) => {
          const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
          try {
            return (await runner.query(sql, [granularity, before], true)).affected ?? 0;
          } finally {
            if (!manager.queryRunner) await runner.release();
          }
        });
        deleted += affected;
        if (affected < 1000) break;
      }
    }
    return deleted;
  }

  private async counts(table: 'verification_rollups' | 'verification_totals', where: string[], parameters: unknown[], range: StatsRange, owner: 'api_key_id' | 'scope_id' | null): Promise<CountRow[]> {
    const ownerColumn = owner ? `${owner} AS owner, ` : '';
    const groupOwner = owner ? `${owner}, ` : '';
    return (await this.db.reader.query(
      `SELECT ${ownerColumn}bucket_start, code, SUM(count) AS n FROM ${table}
       WHERE ${where.join(' AND ')} AND granularity = ? AND bucket_start >= ? AND bucket_start < ?
       GROUP BY ${groupOwner}bucket_start, code`,
      [...parameters, RULES[range.granularity].stored, toSqlDatetime(range.from), toSqlDatetime(range.to)],
    )) as CountRow[];
  }

  private fill(rows: readonly CountRow[], range: StatsRange): VerificationBucket[] {
    const size = RULES[range.granularity].bucketMs;
    const byStart = new Map<number, Map<string, number>>();
    for (const row of rows) {
      const start = toDate(row.bucket_start)!.getTime();
      const codes = byStart.get(start) ?? new Map<string, number>();
      codes.set(row.code, (codes.get(row.code) ?? 0) + Number(row.n));
      byStart.set(start, codes);
    }
    const buckets: VerificationBucket[] = [];
    for (let start = range.from.getTime(); start < range.to.getTime(); start += size) {
      const codes = byStart.get(start);
      const byCode = codes ? [...codes].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)) : [];
      buckets.push({ start: new Date(start), total: byCode.reduce((sum, c) => sum + c.count, 0), valid: codes?.get('VALID') ?? 0, byCode });
    }
    return buckets;
  }
}
