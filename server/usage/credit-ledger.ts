import { Database } from '../database/database';
import { SYSTEM_ACTOR } from '../events/audit';
import { lockBalance, writeBalance } from './credit-balance';
import { nextRefillBoundary } from './usage-rules';
import { CreditRefillSpec } from './usage.constants';

/** What verify knows about a metered key (from its cached credential). */
export interface Metered {
  readonly keyId: string;
  readonly creditEpoch: number;
  readonly creditRefill: CreditRefillSpec | null;
}

export type CreditVerdict = { readonly spent: true; readonly remaining: number } | { readonly spent: false; readonly remaining: number };

export interface LedgerLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

interface Lease {
  /** The balance's epoch the lease was taken from: a later epoch (SET, refill) voids it. */
  epoch: number;
  /** Credits taken from the shared balance and not yet spent. */
  held: number;
  /** The shared balance after this instance last took from it. */
  balanceSeen: number;
  /** When the lease's refill period ends: after it the lease is void and the refilled balance counts. */
  validUntil: number;
  exhausted: boolean;
  checkedAt: number;
  /** The cached credential's usage object the exhaustion was seen with. */
  seenWith: Metered | null;
  lastUse: number;
  fetching: Promise<boolean> | null;
  /** The size last asked for, and when that lease was taken: the next size follows how fast it went. */
  size: number;
  takenAt: number;
}

/** The first lease of a key, and the least any lease asks for. */
const MIN_LEASE = 1000;
/** A lease is sized to last about this long at the rate the last one was spent. */
const LEASE_SPAN_MS = 1000;
/** How much larger one lease may be than the last (a burst does not take a huge lease at once). */
const LEASE_GROWTH = 4;
/** A refusal for want of credits is re-checked against the database at most this often. */
const EXHAUSTED_RECHECK_MS = 1000;
/** A lease unused this long goes back to the balance. */
const IDLE_RETURN_MS = 5000;

/**
 * How many credits the next lease of a key asks for: about `LEASE_SPAN_MS` of spending at the rate
 * the last lease went (at most `LEASE_GROWTH` times it), never under `MIN_LEASE`. A key verified
 * thousands of times a second takes one lease a second instead of one per 1,000 calls, each a
 * locked-row transaction; a slow key keeps small leases, so little is held away from the balance.
 */
export function leaseSize(last: { readonly size: number; readonly takenAt: number }, nowMs: number): number {
  if (last.size === 0) return MIN_LEASE;
  const elapsed = Math.max(1, nowMs - last.takenAt);
  return Math.max(MIN_LEASE, Math.min(last.size * LEASE_GROWTH, Math.ceil((last.size * LEASE_SPAN_MS) / elapsed)));
}

/**
 * Spends credits without overspending across instances: the durable balance in `api_keys.credits`
 * is the shared atomic one (a locked row update per lease), and each instance spends in process
 * from a lease it took from it. The sum of leases never exceeds the balance, so no interleaving of
 * instances can spend a credit twice; a verify waits on the database only when its lease is empty.
 * Leases unused for 5 s, and all leases at shutdown, go back to the balance (an instance that dies
 * loses its lease: credits may be underspent, never overspent).
 */
export class CreditLedger {
  private readonly leases = new Map<string, Lease>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly db: Database, private readonly now: () => Date, private readonly logger: LedgerLogger) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.returnIdle(false), 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.returnIdle(true);
  }

  /** Spends `cost` credits of a metered key: synchronous while its lease lasts. */
  spend(key: Metered, cost: number, attempt = 0): CreditVerdict | Promise<CreditVerdict> {
    const nowMs = this.now().getTime();
    let lease = this.leases.get(key.keyId);
    // A newer balance (SET, refill) or a past refill boundary voids what this instance holds.
    if (lease !== undefined && (key.creditEpoch > lease.epoch || nowMs >= lease.validUntil)) {
      this.leases.delete(key.keyId);
      lease = undefined;
    }
    if (lease !== undefined && lease.held >= cost) {
      lease.held -= cost;
      lease.lastUse = nowMs;
      return { spent: true, remaining: lease.balanceSeen + lease.held };
    }
    // Exhaustion holds for the credential it was seen with: a reloaded credential (any committed
    // change of the key, e.g. an INCREMENT, drops it from verify's cache) looks again at once.
    if (lease !== undefined && lease.exhausted && lease.seenWith === key && nowMs - lease.checkedAt < EXHAUSTED_RECHECK_MS) return { spent: false, remaining: lease.balanceSeen + lease.held };
    // Each fetch takes credits or marks the lease exhausted, so this ends; the bound is a guard.
    if (attempt >= 1000) return { spent: false, remaining: lease ? lease.balanceSeen + lease.held : 0 };
    return this.fetch(key, cost).then((unlimited) => (unlimited ? { spent: true, remaining: 0 } : this.spend(key, cost, attempt + 1)));
  }

  /** Takes a lease from the locked balance row (one transaction; concurrent callers share it). */
  private fetch(key: Metered, cost: number): Promise<boolean> {
    const current = this.leases.get(key.keyId);
    if (current?.fetching) return current.fetching;
    const placeholder: Lease = current ?? { epoch: key.creditEpoch, held: 0, balanceSeen: 0, validUntil: Number.POSITIVE_INFINITY, exhausted: false, checkedAt: 0, seenWith: null, lastUse: 0, fetching: null, size: 0, takenAt: 0 };
    this.leases.set(key.keyId, placeholder);
    const fetching = this.db
      .transaction(async (manager) => {
        const now = this.now();
        const balance = await lockBalance(this.db, manager, key.keyId, now);
        const size = leaseSize(placeholder, now.getTime());
        if (balance === null || balance.credits === null) return { epoch: balance?.epoch ?? key.creditEpoch, taken: 0, left: 0, unlimited: true, now, size };
        // Lease sizes shrink with the balance so that little is stranded on one instance near the end.
        const want = Math.max(cost, Math.min(size, Math.ceil(balance.credits / 16)));
        const taken = Math.min(balance.credits, want);
        if (taken > 0) await writeBalance(manager, balance, balance.credits - taken, SYSTEM_ACTOR, now);
        return { epoch: balance.epoch, taken, left: balance.credits, unlimited: false, now, size };
      })
      .then(
        ({ epoch, taken, left, now, unlimited, size }) => {
          // The credential was cached before credits were removed: spend nothing, hold nothing.
          if (unlimited) {
            this.leases.delete(key.keyId);
            return true;
          }
          const lease = placeholder.epoch === epoch ? placeholder : { ...placeholder, epoch, held: 0 };
          lease.fetching = null;
          lease.held += taken;
          lease.balanceSeen = left;
          lease.exhausted = left === 0;
          lease.checkedAt = now.getTime();
          lease.seenWith = key;
          lease.lastUse = now.getTime();
          lease.size = size;
          lease.takenAt = now.getTime();
          lease.validUntil = key.creditRefill ? nextRefillBoundary(key.creditRefill, now).getTime() : Number.POSITIVE_INFINITY;
          this.leases.set(key.keyId, lease);
          return false;
        },
        (error: unknown) => {
          placeholder.fetching = null;
          throw error;
        },
      );
    placeholder.fetching = fetching;
    return fetching;
  }

  /** Gives leases back to the balance of their epoch (an epoch moved on meanwhile keeps its balance). */
  private async returnIdle(all: boolean): Promise<void> {
    const nowMs = this.now().getTime();
    // Empty leases (exhausted keys, keys no longer called) are only bookkeeping: forget them.
    for (const [keyId, lease] of this.leases) if (lease.fetching === null && lease.held === 0 && nowMs - lease.lastUse > IDLE_RETURN_MS) this.leases.delete(keyId);
    const idle = [...this.leases].filter(([, lease]) => lease.fetching === null && lease.held > 0 && (all || nowMs - lease.lastUse > IDLE_RETURN_MS));
    for (const [keyId, lease] of idle) {
      this.leases.delete(keyId);
      try {
        await this.db.transaction((manager) => manager.query(`UPDATE api_keys SET credits = credits + ? WHERE id = ? AND credit_epoch = ? AND credits IS NOT NULL`, [lease.held, keyId, lease.epoch]));
      } catch (error) {
        this.logger.warn({ err: (error as Error).message, keyId }, 'credits: could not return a lease; those credits stay unspent until the next SET or refill');
      }
    }
  }
}
