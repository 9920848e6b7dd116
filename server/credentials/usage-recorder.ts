import { Database } from '../database/database';
import { toSqlDatetime } from './credential-store';

export interface UsageLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

const CHUNK = 200;

/**
 * `lastUsedAt` of keys and secrets, written in batches (SPEC 4.2: no write per request). Uses are
 * noted in memory — the latest time per id — and flushed every `intervalMs` as one UPDATE per
 * table and chunk, which never moves a timestamp backwards (another instance may have written a
 * later one).
 */
export class UsageRecorder {
  private keys = new Map<string, number>();
  private secrets = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly logger: UsageLogger,
    private readonly intervalMs = 5000,
  ) {}

  touch(keyId: string, secretId: string, at: number): void {
    if ((this.keys.get(keyId) ?? 0) < at) this.keys.set(keyId, at);
    if ((this.secrets.get(secretId) ?? 0) < at) this.secrets.set(secretId, at);
  }

  get pending(): number {
    return this.keys.size + this.secrets.size;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.intervalMs);
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
    const all = [...uses];
    for (let i = 0; i < all.length; i += CHUNK) {
      const chunk = all.slice(i, i + CHUNK);
      const cases = chunk.map(() => 'WHEN ? THEN ?').join(' ');
      const pairs = chunk.flatMap(([id, at]) => [id, toSqlDatetime(new Date(at))]);
      const value = `(CASE id ${cases} END)`;
      const sql = `UPDATE ${table} SET last_used_at = ${value} WHERE id IN (${chunk.map(() => '?').join(', ')}) AND (last_used_at IS NULL OR last_used_at < ${value})`;
      await this.db.dataSource.query(sql, [...pairs, ...chunk.map(([id]) => id), ...pairs]);
    }
  }
}
