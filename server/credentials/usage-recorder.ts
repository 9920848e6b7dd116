import { Database } from '../database/database';
import { BackgroundLoop } from '../shared/background-loop';
import { toSqlDatetime } from './credential-store';

export interface UsageLogger {
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

const CHUNK = 500;

/**
 * `lastUsedAt` of keys and secrets, written in batches (SPEC 4.2: no write per request). The
 * verifier hands over only uses due for a write: one per cached credential and granularity
 * (default 5 minutes, KEYWARD_LAST_USED_GRANULARITY_SECONDS; the mark is on the cache entry, see
 * `CredentialCache.useDue`). Uses are noted in memory — the latest time per id — and written on
 * a `BackgroundLoop` every `intervalMs` (passes never overlap: one that finds the database slow
 * takes everything that waited meanwhile) as one UPDATE per table and chunk, which never moves a
 * timestamp backwards and leaves a row alone when another instance has already written a value
 * within the granularity (no write, no undo, no binlog event for it).
 */
export class UsageRecorder {
  private keys = new Map<string, number>();
  private secrets = new Map<string, number>();
  private readonly loop: BackgroundLoop<void>;

  constructor(
    private readonly db: Database,
    private readonly logger: UsageLogger,
    private readonly intervalMs = 5000,
    private readonly granularityMs = 300_000,
  ) {
    this.loop = new BackgroundLoop('lastUsedAt writes', () => this.write(), logger);
  }

  touch(keyId: string, secretId: string, at: number): void {
    this.touchMap(this.keys, keyId, at);
    this.touchMap(this.secrets, secretId, at);
  }

  get pending(): number {
    return this.keys.size + this.secrets.size;
  }

  start(): void {
    this.loop.start(this.intervalMs);
  }

  /** Stops periodic writes (pending uses stay until the next flush). */
  stopTimer(): Promise<void> {
    return this.loop.stop();
  }

  /** Stops the timer and writes what is pending. */
  async stop(): Promise<void> {
    await this.loop.stop();
    await this.flush();
  }

  /** Writes pending uses now, after a write under way. */
  flush(): Promise<void> {
    return this.loop.runOnce();
  }

  private async write(): Promise<void> {
    if (this.keys.size === 0 && this.secrets.size === 0) return;
    const keys = this.keys;
    const secrets = this.secrets;
    this.keys = new Map();
    this.secrets = new Map();
    try {
      await this.update('api_keys', keys);
      await this.update('api_key_secrets', secrets);
    } catch (error) {
      // Keep them for the next flush rather than lose them.
      for (const [id, at] of keys) this.touchMap(this.keys, id, at);
      for (const [id, at] of secrets) this.touchMap(this.secrets, id, at);
      this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not record lastUsedAt; will retry');
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
