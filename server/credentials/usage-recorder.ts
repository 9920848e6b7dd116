import { LRUCache } from 'lru-cache';
import { Database } from '../database/database';
import { toSqlDatetime } from './credential-store';

export interface UsageLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

const CHUNK = 500;
/** Ids whose last write this instance remembers (≈ 100 bytes each). */
const REMEMBERED = 200_000;

/**
 * `lastUsedAt` of keys and secrets, written in batches (SPEC 4.2: no write per request) and only
 * to a granularity (default 5 minutes, KEYWARD_LAST_USED_GRANULARITY_SECONDS): a use within the
 * granularity of the value last written is not written again, so a key in steady use costs one
 * row write per granularity, not one per flush. Uses are noted in memory — the latest time per
 * id — and flushed every `intervalMs` as one UPDATE per table and chunk, which never moves a
 * timestamp backwards and leaves a row alone when another instance has already written a value
 * within the granularity (no write, no undo, no binlog event for it).
 */
export class UsageRecorder {
  private keys = new Map<string, number>();
  private secrets = new Map<string, number>();
  /** The value this instance last wrote per id (key or secret): uses within the granularity of it are dropped at once. */
  private readonly written = new LRUCache<string, number>({ max: REMEMBERED });
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private writing = false;

  constructor(
    private readonly db: Database,
    private readonly logger: UsageLogger,
    private readonly intervalMs = 5000,
    private readonly granularityMs = 300_000,
  ) {}

  touch(keyId: string, secretId: string, at: number): void {
    if (this.fresh(keyId, at) && this.fresh(secretId, at)) return;
    if ((this.keys.get(keyId) ?? 0) < at) this.keys.set(keyId, at);
    if ((this.secrets.get(secretId) ?? 0) < at) this.secrets.set(secretId, at);
  }

  /** Whether the value last written for `id` is within the granularity of `at` (not older than it by more). */
  private fresh(id: string, at: number): boolean {
    // peek: the LRU order is refreshed when a value is written, not each time one is checked.
    const written = this.written.peek(id);
    return written !== undefined && at - written < this.granularityMs;
  }

  get pending(): number {
    return this.keys.size + this.secrets.size;
  }

  start(): void {
    if (this.timer) return;
    // A flush still writing is not joined by another: the next tick takes what waited meanwhile.
    this.timer = setInterval(() => void (this.writing || this.flush()), this.intervalMs);
    this.timer.unref();
  }

  /** Stops periodic flushing (pending uses stay until the next flush). */
  stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Stops the timer and writes what is pending. */
  async stop(): Promise<void> {
    this.stopTimer();
    await this.flush();
  }

  /** Writes pending uses now; flushes never overlap. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  private async write(): Promise<void> {
    if (this.keys.size === 0 && this.secrets.size === 0) return;
    const keys = this.keys;
    const secrets = this.secrets;
    this.keys = new Map();
    this.secrets = new Map();
    this.writing = true;
    try {
      await this.update('api_keys', keys);
      await this.update('api_key_secrets', secrets);
      for (const [id, at] of keys) this.written.set(id, at);
      for (const [id, at] of secrets) this.written.set(id, at);
    } catch (error) {
      // Keep them for the next flush rather than lose them.
      for (const [id, at] of keys) this.touchMap(this.keys, id, at);
      for (const [id, at] of secrets) this.touchMap(this.secrets, id, at);
      this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not record lastUsedAt; will retry');
    } finally {
      this.writing = false;
    }
  }

  private touchMap(map: Map<string, number>, id: string, at: number): void {
    if ((map.get(id) ?? 0) < at) map.set(id, at);
  }

  private async update(table: 'api_keys' | 'api_key_secrets', uses: Map<string, number>): Promise<void> {
    // A statement's worth at a time: a copy of all the uses would live as long as a slow database takes.
    const chunk: Array<[string, number]> = [];
    for (const use of uses) {
      chunk.push(use);
      if (chunk.length === CHUNK) await this.updateChunk(table, chunk.splice(0));
    }
    if (chunk.length > 0) await this.updateChunk(table, chunk);
  }

  private updateChunk(table: 'api_keys' | 'api_key_secrets', chunk: ReadonlyArray<[string, number]>): Promise<unknown> {
    const cases = chunk.map(() => 'WHEN ? THEN ?').join(' ');
    const values = chunk.flatMap(([id, at]) => [id, toSqlDatetime(new Date(at))]);
    const thresholds = chunk.flatMap(([id, at]) => [id, toSqlDatetime(new Date(at - this.granularityMs))]);
    const sql = `UPDATE ${table} SET last_used_at = (CASE id ${cases} END) WHERE id IN (${chunk.map(() => '?').join(', ')}) AND (last_used_at IS NULL OR last_used_at <= (CASE id ${cases} END))`;
    return this.db.write((manager) => manager.query(sql, [...values, ...chunk.map(([id]) => id), ...thresholds]));
  }
}
