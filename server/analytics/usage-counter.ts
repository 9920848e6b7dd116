import { Credential, VERIFY_CODES, VerifyCode } from '../credentials/credential';
import { toSqlDatetime } from '../credentials/credential-store';
import { Database } from '../database/database';
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
}

/** One minute's counts: per cached credential object (cheap to find), one slot per code. */
type MinuteCounts = Map<Credential, Uint32Array>;

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
const TABLE_ORDER = Object.keys(TABLES) as Array<Row['table']>;

/**
 * Counts verify and token outcomes per key, code and minute in memory — an array slot increment
 * on the hot path — and adds them to `verification_rollups` every `flushMs` in multi-row upserts
 * that increment (so every instance's counts merge), into the minute, hour and day buckets at
 * once. The same flush adds the per-application and per-organization sums to `verification_totals`
 * (a few rows more per flush), so those statistics never sum keys at read time, and each key's hour
 * and day total over all codes to `verification_key_totals` (two rows per key), which `topApiKeys`
 * ranks by index. A crash loses at
 * most the counts since the last flush; `stop()` flushes.
 */
export class UsageCounter {
  private minute = -1;
  private current: MinuteCounts = new Map();
  private finished: Array<{ minute: number; counts: MinuteCounts }> = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  /** Counts that could not be written yet (database down): kept and retried, bounded. */
  private retry: Row[] = [];

  constructor(
    private readonly db: Database,
    private readonly logger: CounterLogger,
    private readonly flushMs: number,
    private readonly maxRetryRows = 200_000,
  ) {}

  count(credential: Credential, code: VerifyCode, nowMs: number): void {
    const minute = Math.floor(nowMs / MINUTE_MS);
    if (minute !== this.minute) {
      if (this.current.size) this.finished.push({ minute: this.minute, counts: this.current });
      this.current = new Map();
      this.minute = minute;
    }
    let slots = this.current.get(credential);
    if (slots === undefined) {
      slots = new Uint32Array(VERIFY_CODES.length);
      this.current.set(credential, slots);
    }
    slots[CODE_INDEX.get(code)!]! += 1;
  }

  start(): void {
    if (this.timer || this.flushMs <= 0) return;
    this.timer = setInterval(() => void this.flush(), this.flushMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  /** Writes everything counted so far; concurrent calls run one after another. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  private take(): Row[] {
    const batches = [...this.finished, ...(this.current.size ? [{ minute: this.minute, counts: this.current }] : [])];
    this.finished = [];
    this.current = new Map();
    const keyRows = new Map<string, KeyRow>();
    const totalRows = new Map<string, TotalRow>();
    const keyTotalRows = new Map<string, KeyTotalRow>();
    const addKeyTotal = (credential: Credential, granularity: KeyTotalGranularity, bucketStart: number, code: VerifyCode, count: number) => {
      const id = `${credential.keyId}|${granularity}|${bucketStart}`;
      const valid = code === VerifyCode.VALID ? count : 0;
      const row = keyTotalRows.get(id);
      if (row) {
        row.total += count;
        row.valid += valid;
      } else keyTotalRows.set(id, { table: 'keyTotals', apiKeyId: credential.keyId, organizationId: credential.organizationId, granularity, bucketStart, total: count, valid });
    };
    const addTotal = (scope: TotalScope, scopeId: string, organizationId: string, granularity: RollupGranularity, bucketStart: number, code: VerifyCode, count: number) => {
      const id = `${scope}|${scopeId}|${granularity}|${bucketStart}|${code}`;
      const row = totalRows.get(id);
      if (row) row.count += count;
      else totalRows.set(id, { table: 'totals', scope, scopeId, organizationId, granularity, bucketStart, code, count });
    };
    const add = (credential: Credential, granularity: RollupGranularity, bucketStart: number, code: VerifyCode, count: number) => {
      const id = `${credential.keyId}|${granularity}|${bucketStart}|${code}`;
      const row = keyRows.get(id);
      if (row) row.count += count;
      else keyRows.set(id, { table: 'rollups', apiKeyId: credential.keyId, applicationId: credential.applicationId, organizationId: credential.organizationId, granularity, bucketStart, code, count });
      addTotal('a', credential.applicationId, credential.organizationId, granularity, bucketStart, code, count);
      addTotal('o', credential.organizationId, credential.organizationId, granularity, bucketStart, code, count);
    };
    for (const { minute, counts } of batches) {
      const start = minute * MINUTE_MS;
      for (const [credential, slots] of counts) {
        slots.forEach((count, i) => {
          if (count === 0) return;
          const code = VERIFY_CODES[i]!;
          const hour = start - (start % HOUR_MS);
          const day = start - (start % DAY_MS);
          add(credential, 'm', start, code, count);
          add(credential, 'h', hour, code, count);
          add(credential, 'd', day, code, count);
          addKeyTotal(credential, 'h', hour, code, count);
          addKeyTotal(credential, 'd', day, code, count);
        });
      }
    }
    return [...this.retry, ...keyRows.values(), ...totalRows.values(), ...keyTotalRows.values()];
  }

  private async write(): Promise<void> {
    const rows = this.take();
    this.retry = [];
    // Each statement writes one table; a failure keeps that statement's rows and every later one's.
    const chunks: Row[][] = [];
    for (const table of TABLE_ORDER) {
      const ofTable = rows.filter((r) => r.table === table);
      for (let i = 0; i < ofTable.length; i += ROWS_PER_STATEMENT) chunks.push(ofTable.slice(i, i + ROWS_PER_STATEMENT));
    }
    for (let i = 0; i < chunks.length; i += 1) {
      try {
        await this.upsert(chunks[i]!);
      } catch (error) {
        // Kept for the next flush (bounded): analytics must not be lost to a short outage, nor grow without end.
        const left = chunks.slice(i).flat();
        this.retry = left.slice(0, this.maxRetryRows);
        this.logger.warn({ err: error instanceof Error ? error.message : String(error), rows: left.length }, 'usage analytics: could not write counts; retrying at the next flush');
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
