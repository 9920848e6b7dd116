import { LeaseStore } from './lease-store';
import { RateLimitSpec } from './usage.constants';

/** One limit to count a call against: `owner` names the counter (`key:<id>` or `app:<id>`). */
export interface LimitCheck {
  readonly owner: string;
  readonly spec: RateLimitSpec;
}

/**
 * On a state the limiter made: the state's JSON text before and after `remaining`, written once per
 * window, so a verify answer writes only the count per call (`jsonOf`). A symbol key: JSON.stringify
 * skips it.
 */
export const STATE_TEXT = Symbol('limit state text');

/** What the verify answer says about one limit. */
export interface LimitState {
  readonly name: string;
  readonly limit: number;
  readonly remaining: number;
  readonly resetAt: string;
  readonly [STATE_TEXT]?: readonly [string, string];
}

/** The states of a call counted against no limit (one shared, frozen list). */
export const NO_LIMIT_STATES: readonly LimitState[] = Object.freeze([]);

export type RateVerdict =
  | { readonly admitted: true; readonly states: readonly LimitState[] }
  | { readonly admitted: false; readonly states: readonly LimitState[]; readonly retryAfterSeconds: number };

/** The share of a limit all instances together may admit beyond it per window (SPEC 7: 10 %). */
export const OVERDRAFT_SHARE = 0.1;
const MAX_CHUNK = 100_000;
const ATTEMPTS = 3;

interface Window {
  /** The window's number (start / length): a check's current window is reused while it matches. */
  readonly index: number;
  /** The key of `windows` (owner, name, length, limit, index). */
  readonly id: string;
  readonly storeKey: string;
  readonly name: string;
  readonly limit: number;
  readonly resetAt: number;
  /** `resetAt` as the answer shows it, made once per window rather than per call. */
  readonly resetAtText: string;
  /** The state's JSON text around `remaining` (see `STATE_TEXT`). */
  readonly text: readonly [string, string];
  /** Units granted to this instance by the store and not yet admitted. */
  lease: number;
  /** Units admitted on overdraft and not yet charged to the store. */
  debt: number;
  /** Every unit this instance admitted on overdraft in this window: bounded by `overdraftAllowance`. */
  overdraft: number;
  /** The store's count after this instance's last request (every instance's grants and charged debt). */
  used: number;
  lastGrant: number;
  exhausted: boolean;
  fetching: Promise<void> | null;
}

/**
 * Rate limits over fixed windows, counted by leases (server/usage/README in the main README,
 * "Rate limits across instances"). An instance asks the store for a lease of a window's budget and
 * admits calls from it without asking again; the store never grants past the limit, so leases
 * alone admit at most the limit. To keep a call from waiting on Redis when its lease runs dry, an
 * instance may admit up to `floor(10 % × limit / N)` units per window on overdraft while it
 * refills, charged to the store with the next request. All instances together therefore admit at
 * most limit + N × floor(0.1 × limit / N) ≤ 1.1 × limit per window. A call waits only when both
 * lease and overdraft are spent while the window still has budget (small limits, where
 * 10 % / N is under one unit).
 */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  /** The window each check last counted in: found without building its id while the window lasts. */
  private readonly current = new WeakMap<LimitCheck, Window>();
  private calls = 0;

  constructor(private readonly store: LeaseStore) {}

  /**
   * Counts a call of `cost` against every limit, all or nothing: synchronous while leases last,
   * a promise when a lease must be fetched first.
   */
  admit(checks: readonly LimitCheck[], cost: number, nowMs: number, attempt = 0): RateVerdict | Promise<RateVerdict> {
    if (++this.calls % 4096 === 0) this.sweep(nowMs);
    const windows = checks.map((check) => this.window(check, nowMs));
    for (let pass = 0; pass < 2; pass += 1) {
      // Made only when a lease must be waited for: admitting from leases allocates nothing here.
      let pending: Array<Promise<void>> | null = null;
      let refetched = false;
      for (const window of windows) {
        const verdict = this.verdict(window, cost);
        if (verdict === 'refuse') return this.refused(windows, nowMs);
        if (verdict !== 'wait') continue;
        const fetch = this.fetch(window, cost, nowMs);
        if (fetch === null) refetched = true;
        else (pending ??= []).push(fetch);
      }
      if (pending !== null) {
        if (attempt >= ATTEMPTS) return this.refused(windows, nowMs);
        return Promise.all(pending).then(() => this.admit(checks, cost, nowMs, attempt + 1));
      }
      if (!refetched) return this.consume(windows, cost, nowMs);
    }
    return this.refused(windows, nowMs);
  }

  /** The state of each limit without counting (answers for calls refused before counting). */
  peek(checks: readonly LimitCheck[], nowMs: number): LimitState[] {
    return checks.map((check) => this.stateOf(this.window(check, nowMs)));
  }

  private verdict(window: Window, cost: number): 'lease' | 'overdraft' | 'refuse' | 'wait' {
    if (window.lease >= cost) return 'lease';
    if (window.exhausted) return 'refuse';
    // In process the store answers at once: ask it, so one instance counts exactly.
    if (!this.store.synchronous && window.overdraft + cost <= this.overdraftAllowance(window)) return 'overdraft';
    return 'wait';
  }

  private overdraftAllowance(window: Window): number {
    return Math.floor((OVERDRAFT_SHARE * window.limit) / Math.max(1, this.store.instances));
  }

  private consume(windows: readonly Window[], cost: number, nowMs: number): RateVerdict {
    for (const window of windows) {
      if (window.lease >= cost) {
        window.lease -= cost;
      } else {
        window.overdraft += cost;
        window.debt += cost;
      }
      // Refill ahead of need, so the lease rarely runs dry under a steady load.
      if (!window.exhausted && window.fetching === null && (window.debt > 0 || window.lease * 4 <= window.lastGrant)) this.fetch(window, 0, nowMs);
    }
    return { admitted: true, states: windows.map((window) => this.stateOf(window)) };
  }

  private refused(windows: readonly Window[], nowMs: number): RateVerdict {
    const blocking = windows.filter((window) => window.exhausted);
    const resetAt = Math.max(...(blocking.length ? blocking : windows).map((window) => window.resetAt));
    return { admitted: false, states: windows.map((window) => this.stateOf(window)), retryAfterSeconds: Math.max(1, Math.ceil((resetAt - nowMs) / 1000)) };
  }

  /** Asks the store for more; null when it answered at once (in process), else the promise of its answer. */
  private fetch(window: Window, cost: number, nowMs: number): Promise<void> | null {
    if (window.fetching !== null) return window.fetching;
    const remaining = Math.max(0, window.limit - window.used);
    const chunk = Math.min(MAX_CHUNK, Math.max(1, Math.floor(remaining / (8 * Math.max(1, this.store.instances)))));
    const want = Math.max(cost, chunk);
    const debt = window.debt;
    window.debt = 0;
    const apply = (granted: number, used: number): void => {
      window.lease += granted;
      window.used = used;
      window.lastGrant = granted;
      window.exhausted = used >= window.limit;
    };
    const answer = this.store.acquire(window.storeKey, want, debt, window.limit, window.resetAt - nowMs + 1000);
    if (!(answer instanceof Promise)) {
      apply(answer.granted, answer.used);
      return null;
    }
    window.fetching = answer.then(
      (grant) => {
        window.fetching = null;
        apply(grant.granted, grant.used);
      },
      () => {
        window.fetching = null;
        window.debt += debt;
      },
    );
    return window.fetching;
  }

  private window(check: LimitCheck, nowMs: number): Window {
    const { spec } = check;
    const lengthMs = spec.windowSeconds * 1000;
    const index = Math.floor(nowMs / lengthMs);
    const last = this.current.get(check);
    if (last !== undefined && last.index === index && this.windows.get(last.id) === last) return last;
    // Checks of other credentials (a key's secrets, an application's keys) share the window by id.
    // The limit is part of the local id: a changed limit starts from a fresh lease on the same count.
    const id = `${check.owner}|${spec.name}|${spec.windowSeconds}|${spec.limit}|${index}`;
    let window = this.windows.get(id);
    if (window === undefined) {
      const resetAtText = new Date((index + 1) * lengthMs).toISOString();
      const text = [`{"name":${JSON.stringify(spec.name)},"limit":${JSON.stringify(spec.limit)},"remaining":`, `,"resetAt":${JSON.stringify(resetAtText)}}`] as const;
      window = { index, id, storeKey: `${check.owner}:${spec.name}:${spec.windowSeconds}:${index}`, name: spec.name, limit: spec.limit, resetAt: (index + 1) * lengthMs, resetAtText, text, lease: 0, debt: 0, overdraft: 0, used: 0, lastGrant: 0, exhausted: false, fetching: null };
      this.windows.set(id, window);
    }
    this.current.set(check, window);
    return window;
  }

  private stateOf(window: Window): LimitState {
    return { name: window.name, limit: window.limit, remaining: Math.max(0, window.limit - window.used + window.lease), resetAt: window.resetAtText, [STATE_TEXT]: window.text };
  }

  /** Forgets windows that have ended (their leases end with them). */
  private sweep(nowMs: number): void {
    for (const [id, window] of this.windows) if (window.resetAt <= nowMs && window.fetching === null) this.windows.delete(id);
  }
}
