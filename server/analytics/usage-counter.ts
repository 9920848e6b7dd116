import { Credential, VERIFY_CODES, VerifyCode } from '../credentials/credential';
import { toSqlDatetime } from '../credentials/credential-store';
import { Database } from '../database/database';
import { BackgroundLoop } from '../shared/background-loop';
import { RollupGranularity } from './verification-rollup.entity';
import { KeyTotalGranularity } from './verification-key-total.entity';
import { TotalScope } from './verification-total.entity';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const CODE_INDEX = new Map<VerifyCode, number>(VERIFY_CODES.map((code, i) => [code, i]));
const ROWS_PER_STATEMENT = 300;

export interface CounterLogger {
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

/**
 * A key's counts in one bucket, one slot per code. Nearly every key is answered with one code in a
 * minute, so that case is one small integer (`count * CODES + code`: no object for the garbage
 * collector to trace); a second code turns it into an array.
 */
type Tally = number | Uint32Array;
const CODES = VERIFY_CODES.length;

function bump(tally: Tally | undefined, code: number, count: number): Tally {
  if (tally === undefined) return count * CODES + code;
  if (typeof tally !== 'number') {
    tally[code]! += count;
    return tally;
  }
  if (tally % CODES === code) return tally + count * CODES;
  const slots = new Uint32Array(CODES);
  slots[tally % CODES] = Math.floor(tally / CODES);
  slots[code] = count;
  return slots;
}

function addTally(into: Tally | undefined, from: Tally): Tally {
  if (typeof from === 'number') return bump(into, from % CODES, Math.floor(from / CODES));
  let sum = into;
  from.forEach((count, code) => {
    if (count > 0) sum = bump(sum, code, count);
  });
  return sum!;
}

function forEachCount(tally: Tally, each: (code: VerifyCode, count: number) => void): void {
  if (typeof tally === 'number') each(VERIFY_CODES[tally % CODES]!, Math.floor(tally / CODES));
  else tally.forEach((count, code) => count > 0 && each(VERIFY_CODES[code]!, count));
}

/** A key's counts in one hour whose minutes are not written for the key; another hour of the same key chains on. */
interface HourTally {
  readonly hour: number;
  tally: Tally;
  next: HourTally | undefined;
}

/** Per application or organization: its buckets, keyed `bucketStart + granularity index` (starts are whole minutes). */
interface ScopeTotals {
  readonly organizationId: string;
  readonly buckets: Map<number, Tally>;
}
const GRANULARITIES: readonly RollupGranularity[] = ['m', 'h', 'd'];

/** What waits in memory to be written. */
class Pending {
  /** Per minute: each key's counts (its minute, hour and day rows). */
  readonly minutes = new Map<number, Map<Credential, Tally>>();
  minuteEntries = 0;
  /** Counts kept per key and hour only, once `minuteEntries` reached its bound (their minutes are not written for the key). */
  readonly hours = new Map<Credential, HourTally>();
  hourEntries = 0;
  /** Sums per application and organization of what is in `hours` and of what no key could hold. */
  readonly totals = { a: new Map<string, ScopeTotals>(), o: new Map<string, ScopeTotals>() };
  /** Counts kept per hour only / kept only in the sums (no key's rows), since the last take. */
  folded = 0;
  unattributed = 0;

  addTotals(credential: Credential, minuteStart: number, tally: Tally): void {
    this.addScope(this.totals.a, credential.applicationId, credential.organizationId, minuteStart, tally);
    this.addScope(this.totals.o, credential.organizationId, credential.organizationId, minuteStart, tally);
  }

  private addScope(scopes: Map<string, ScopeTotals>, id: string, organizationId: string, minuteStart: number, tally: Tally): void {
    let totals = scopes.get(id);
    if (totals === undefined) scopes.set(id, (totals = { organizationId, buckets: new Map() }));
    for (let g = 0, start = minuteStart; g < 3; g += 1, start -= start % (g === 1 ? HOUR_MS : DAY_MS)) {
      const bucket = start + g;
      const sum = totals.buckets.get(bucket);
      // Sums always get their own array: they are few, and a shared one would be changed twice.
      totals.buckets.set(bucket, addTally(sum === undefined ? new Uint32Array(CODES) : sum, tally));
    }
  }

  /** Adds to `credential`'s hour entry; false when it has none and none may be made. */
  addHour(credential: Credential, hour: number, tally: Tally, bound: number): boolean {
    const first = this.hours.get(credential);
    for (let entry = first; entry !== undefined; entry = entry.next) {
      if (entry.hour === hour) {
        entry.tally = addTally(entry.tally, tally);
        return true;
      }
    }
    if (this.hourEntries >= bound) return false;
    this.hours.set(credential, { hour, tally: addTally(undefined, tally), next: first });
    this.hourEntries += 1;
    return true;
  }
}

/** A key's bucket (`verification_rollups`). */
interface KeyRow {
  readonly table: 'rollups';
  readonly apiKeyId: string;
  readonly applicationId: string;
  readonly organizationId: string;
  readonly granularity: RollupGranularity;
  readonly bucketStart: number;
  readonly code: VerifyCode;
  count: number;
}

/** An application's or organization's bucket (`verification_totals`): the sum of its keys' rows. */
interface TotalRow {
  readonly table: 'totals';
  readonly scope: TotalScope;
  readonly scopeId: string;
  readonly organizationId: string;
  readonly granularity: RollupGranularity;
  readonly bucketStart: number;
  readonly code: VerifyCode;
  count: number;
}

/** A key's requests in an hour or day, all codes together (`verification_key_totals`): what `topApiKeys` ranks. */
interface KeyTotalRow {
  readonly table: 'keyTotals';
  readonly apiKeyId: string;
  readonly organizationId: string;
  readonly granularity: KeyTotalGranularity;
  readonly bucketStart: number;
  total: number;
  valid: number;
}

type Row = KeyRow | TotalRow | KeyTotalRow;

/** Where each kind of row goes: its table, primary key, columns written on insert, and the counts an upsert adds. */
interface Table<R extends Row> {
  readonly name: string;
  readonly key: readonly string[];
  readonly fixed: readonly string[];
  readonly counts: readonly string[];
  /** The row's values in the order key, fixed, counts. */
  values(row: R): unknown[];
}
const sqlTime = (ms: number) => toSqlDatetime(new Date(ms));
const TABLES: { readonly [T in Row['table']]: Table<Extract<Row, { table: T }>> } = {
  rollups: { name: 'verification_rollups', key: ['api_key_id', 'granularity', 'bucket_start', 'code'], fixed: ['organization_id', 'application_id'], counts: ['count'], values: (r) => [r.apiKeyId, r.granularity, sqlTime(r.bucketStart), r.code, r.organizationId, r.applicationId, r.count] },
  totals: { name: 'verification_totals', key: ['scope', 'scope_id', 'granularity', 'bucket_start', 'code'], fixed: ['organization_id'], counts: ['count'], values: (r) => [r.scope, r.scopeId, r.granularity, sqlTime(r.bucketStart), r.code, r.organizationId, r.count] },
  keyTotals: { name: 'verification_key_totals', key: ['api_key_id', 'granularity', 'bucket_start'], fixed: ['organization_id'], counts: ['total', 'valid'], values: (r) => [r.apiKeyId, r.granularity, sqlTime(r.bucketStart), r.organizationId, r.total, r.valid] },
};

/** Entries merged per turn of the event loop while a flush prepares its rows: verify runs in between. */
const MERGED_PER_TURN = 5_000;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface CounterStats {
  /** Key-minutes and key-hours waiting to be written. */
  readonly pendingEntries: number;
  /** Requests counted for their key per hour only, since start (bound reached: no minute row for the key). */
  readonly folded: number;
  /** Requests counted only in their application's and organization's sums, since start (both bounds reached). */
  readonly unattributed: number;
}

/**
 * Counts verify and token outcomes per key, code and minute in memory — a map update on the hot
 * path — and adds them to `verification_rollups` every `flushMs` in multi-row upserts that
 * increment (so every instance's counts merge), into the minute, hour and day buckets at once. The
 * same flush adds the per-application and per-organization sums to `verification_totals` (a few
 * rows more per flush), so those statistics never sum keys at read time, and each key's hour and
 * day total over all codes to `verification_key_totals` (two rows per key), which `topApiKeys`
 * ranks by index. A crash loses at most the counts since the last flush; `stop()` flushes.
 *
 * Memory is bounded whatever the database's speed. At most `maxEntries` key-minutes wait; past
 * that, a key's counts wait per hour (at most `maxEntries` key-hours: its minute rows are not
 * written for those counts); past both, only in its application's and organization's sums, which
 * stay exact. Flushes run on a `BackgroundLoop`, so one that takes longer than the interval is
 * never joined by another: the next takes what waited meanwhile, so a key's hour and day rows are written once for all of it — a slower
 * database gets fewer rows per request.
 */
export class UsageCounter {
  private pending = new Pending();
  /** The minute last counted, and its map (most counts fall in it). */
  private minute = -1;
  private current: Map<Credential, Tally> | undefined;
  private readonly loop: BackgroundLoop<void>;
  private folded = 0;
  private unattributed = 0;
  /** Counts that could not be written yet (database down): kept and retried, bounded. */
  private retry: Row[] = [];

  constructor(
    private readonly db: Database,
    private readonly logger: CounterLogger,
    private readonly flushMs: number,
    private readonly maxEntries = 200_000,
    private readonly maxRetryRows = 200_000,
  ) {
    this.loop = new BackgroundLoop('usage analytics flush', () => this.write(), logger);
  }

  count(credential: Credential, code: VerifyCode, nowMs: number): void {
    const pending = this.pending;
    const minute = Math.floor(nowMs / MINUTE_MS);
    let counts = this.current;
    if (minute !== this.minute || counts === undefined) {
      counts = pending.minutes.get(minute);
      if (counts === undefined) pending.minutes.set(minute, (counts = new Map()));
      this.current = counts;
      this.minute = minute;
    }
    const index = CODE_INDEX.get(code)!;
    const tally = counts.get(credential);
    if (tally !== undefined || pending.minuteEntries < this.maxEntries) {
      if (tally === undefined) pending.minuteEntries += 1;
      counts.set(credential, bump(tally, index, 1));
      return;
    }
    const start = minute * MINUTE_MS;
    const one = bump(undefined, index, 1);
    if (pending.addHour(credential, start - (start % HOUR_MS), one, this.maxEntries)) pending.folded += 1;
    else pending.unattributed += 1;
    pending.addTotals(credential, start, one);
  }

  /** What waits, and what the bounds have cost since start (`/metrics`). */
  stats(): CounterStats {
    const { minuteEntries, hourEntries, folded, unattributed } = this.pending;
    return { pendingEntries: minuteEntries + hourEntries, folded: this.folded + folded, unattributed: this.unattributed + unattributed };
  }

  /** Flushes every `flushMs` after the last flush ended (0: only when asked): a slow one is never joined by another. */
  start(): void {
    this.loop.start(this.flushMs);
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    await this.flush();
  }

  /** Writes everything counted so far, after a flush under way. */
  flush(): Promise<void> {
    return this.loop.runOnce();
  }

  /** Hands what waits to a flush, and starts afresh. */
  private take(): Pending {
    const taken = this.pending;
    this.pending = new Pending();
    this.current = undefined;
    this.minute = -1;
    this.folded += taken.folded;
    this.unattributed += taken.unattributed;
    if (taken.folded + taken.unattributed > 0) {
      this.logger.warn({ folded: taken.folded, unattributed: taken.unattributed, bound: this.maxEntries }, 'usage analytics: more keys were counted than KEYWARD_ANALYTICS_PENDING_ENTRIES holds; some keys\' minutes (folded) or keys (unattributed) were not written per key');
    }
    return taken;
  }

  /**
   * Moves the taken minutes' counts into per-key hours too (the key's hour and day rows, written
   * once each however many minutes it was counted in) and into the sums, a slice per turn of the
   * event loop. The minute maps stay for the key's minute rows.
   */
  private async merge(taken: Pending): Promise<void> {
    let done = 0;
    for (const [minute, counts] of taken.minutes) {
      const start = minute * MINUTE_MS;
      const hour = start - (start % HOUR_MS);
      for (const [credential, tally] of counts) {
        taken.addHour(credential, hour, tally, Infinity);
        taken.addTotals(credential, start, tally);
        if (++done % MERGED_PER_TURN === 0) await nextTurn();
      }
    }
  }

  private async write(): Promise<void> {
    const taken = this.take();
    await this.merge(taken);
    const retry = this.retry;
    this.retry = [];
    await this.upsertAll(chunks(rowsOf(taken, retry)));
  }

  /** Each statement writes one table; a failure keeps that statement's rows and every later one's (bounded). */
  private async upsertAll(statements: Iterator<Row[]>): Promise<void> {
    for (let next = statements.next(); !next.done; next = statements.next()) {
      try {
        await this.upsert(next.value);
      } catch (error) {
        // Kept for the next flush (bounded): analytics must not be lost to a short outage, nor grow without end.
        const kept = next.value.slice(0, this.maxRetryRows);
        let left = next.value.length;
        for (let rest = statements.next(); !rest.done; rest = statements.next()) {
          left += rest.value.length;
          for (const row of rest.value) if (kept.length < this.maxRetryRows) kept.push(row);
        }
        this.retry = kept;
        this.logger.warn({ err: error instanceof Error ? error.message : String(error), rows: left, kept: kept.length }, 'usage analytics: could not write counts; retrying at the next flush');
        return;
      }
    }
  }

  /** One multi-row upsert that increments, into the one table all `rows` belong to. */
  private upsert(rows: Row[]): Promise<unknown> {
    const table = TABLES[rows[0]!.table] as Table<Row>;
    const columns = [...table.key, ...table.fixed, ...table.counts];
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    const insert = `INSERT INTO ${table.name} (${columns.join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}`;
    const sql = this.db.dialect === 'mysql'
      ? `${insert} ON DUPLICATE KEY UPDATE ${table.counts.map((c) => `${c} = ${c} + VALUES(${c})`).join(', ')}`
      : `${insert} ON CONFLICT (${table.key.join(', ')}) DO UPDATE SET ${table.counts.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`;
    const values = rows.flatMap((row) => table.values(row));
    return this.db.write((manager) => manager.query(sql, values));
  }
}

/** Rows to write, made as they are written (a statement's worth at a time): retried rows, then each table in turn. */
function* rowsOf(taken: Pending, retry: readonly Row[]): Generator<Row> {
  yield* retry;
  const keyRow = (credential: Credential, granularity: RollupGranularity, bucketStart: number, code: VerifyCode, count: number): KeyRow =>
    ({ table: 'rollups', apiKeyId: credential.keyId, applicationId: credential.applicationId, organizationId: credential.organizationId, granularity, bucketStart, code, count });
  const rows: Row[] = [];
  for (const [minute, counts] of taken.minutes) {
    for (const [credential, tally] of counts) {
      forEachCount(tally, (code, count) => rows.push(keyRow(credential, 'm', minute * MINUTE_MS, code, count)));
      yield* rows.splice(0);
    }
  }
  for (const [credential, hours] of taken.hours) {
    for (const { bucketStart, granularity, tally } of hoursAndDays(hours)) forEachCount(tally, (code, count) => rows.push(keyRow(credential, granularity, bucketStart, code, count)));
    yield* rows.splice(0);
  }
  for (const scope of ['a', 'o'] as const) {
    for (const [scopeId, { organizationId, buckets }] of taken.totals[scope]) {
      for (const [bucket, tally] of buckets) {
        const g = bucket % MINUTE_MS;
        forEachCount(tally, (code, count) => rows.push({ table: 'totals', scope, scopeId, organizationId, granularity: GRANULARITIES[g]!, bucketStart: bucket - g, code, count }));
      }
      yield* rows.splice(0);
    }
  }
  for (const [credential, hours] of taken.hours) {
    for (const { bucketStart, granularity, tally } of hoursAndDays(hours)) {
      let total = 0;
      forEachCount(tally, (code, count) => (total += count));
      const valid = typeof tally === 'number' ? (tally % CODES === VALID ? total : 0) : tally[VALID]!;
      yield { table: 'keyTotals', apiKeyId: credential.keyId, organizationId: credential.organizationId, granularity: granularity as KeyTotalGranularity, bucketStart, total, valid };
    }
  }
}
const VALID = CODE_INDEX.get(VerifyCode.VALID)!;

/** A key's hour entries, and the days they make up (usually one hour, in one day). */
function hoursAndDays(first: HourTally): Array<{ bucketStart: number; granularity: 'h' | 'd'; tally: Tally }> {
  const buckets: Array<{ bucketStart: number; granularity: 'h' | 'd'; tally: Tally }> = [];
  const days = new Map<number, Tally>();
  for (let entry: HourTally | undefined = first; entry !== undefined; entry = entry.next) {
    buckets.push({ bucketStart: entry.hour, granularity: 'h', tally: entry.tally });
    const day = entry.hour - (entry.hour % DAY_MS);
    days.set(day, addTally(days.get(day), entry.tally));
  }
  for (const [day, tally] of days) buckets.push({ bucketStart: day, granularity: 'd', tally });
  return buckets;
}

/** Statements' worth of rows: at most ROWS_PER_STATEMENT, all of one table. */
function* chunks(rows: Iterable<Row>): Generator<Row[]> {
  let chunk: Row[] = [];
  for (const row of rows) {
    if (chunk.length === ROWS_PER_STATEMENT || (chunk.length > 0 && chunk[0]!.table !== row.table)) {
      yield chunk;
      chunk = [];
    }
    chunk.push(row);
  }
  if (chunk.length > 0) yield chunk;
}
