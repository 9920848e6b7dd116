import { BlockList } from 'node:net';
import { Clock } from '../clock';
import { Database } from '../database/database';
import { CreditLedger, CreditVerdict, LedgerLogger, Metered } from './credit-ledger';
import type { MessagePort } from 'node:worker_threads';
import { LeaseStore, ProcessLeaseStore, RedisLeaseStore } from './lease-store';
import { LimitCheck, LimitState, NO_LIMIT_STATES, RateLimiter, RateVerdict } from './rate-limiter';
import { allows } from '../shared/ip-ranges';

/** A credential's usage settings, compiled once when it is loaded into verify's cache. */
export interface Usage {
  /** The key's limits, then its application's (counted together, all or nothing). */
  readonly limits: readonly LimitCheck[];
  /** Every allowlist present (key's, application's): an address must be inside each. */
  readonly allowlists: readonly BlockList[];
  readonly metered: Metered | null;
}

export type Admission =
  | { readonly code: 'VALID'; readonly rateLimits: readonly LimitState[]; readonly credits: { readonly remaining: number } | null }
  | { readonly code: 'RATE_LIMITED'; readonly rateLimits: readonly LimitState[]; readonly credits: null; readonly retryAfterSeconds: number }
  | { readonly code: 'USAGE_EXCEEDED'; readonly rateLimits: readonly LimitState[]; readonly credits: { readonly remaining: number } };

function withCredits(states: readonly LimitState[], credit: CreditVerdict): Admission {
  const credits = { remaining: credit.remaining };
  return credit.spent ? { code: 'VALID', rateLimits: states, credits } : { code: 'USAGE_EXCEEDED', rateLimits: states, credits };
}

/** Whether `ip` may use a credential with these allowlists (a missing address never may). */
export function ipAllowed(usage: Usage, ip: string | undefined): boolean {
  if (usage.allowlists.length === 0) return true;
  if (ip === undefined) return false;
  for (const list of usage.allowlists) if (!allows(list, ip)) return false;
  return true;
}

/**
 * Rate limits, then credits, for a call that passed every other check (README, "Verify: the
 * order of checks"). Synchronous while leases last; a promise when one must be refilled.
 */
export class Governor {
  readonly limiter: RateLimiter;
  readonly ledger: CreditLedger;
  private readonly store: LeaseStore;

  constructor(db: Database, private readonly clock: Clock, redisUrl: string | undefined, logger: LedgerLogger) {
    this.store = redisUrl ? new RedisLeaseStore(redisUrl, logger) : new ProcessLeaseStore();
    this.limiter = new RateLimiter(this.store);
    this.ledger = new CreditLedger(db, () => clock.now(), logger);
  }

  /**
   * Joins the other thread of this process (README, "The credentials port"). With Redis both
   * threads already share the counts; without it the credentials thread (slot 1) holds them and
   * the main thread (slot 0) leases from it.
   */
  linkThread(port: MessagePort, slot: 0 | 1): void {
    if (!(this.store instanceof ProcessLeaseStore)) return void port.close();
    if (slot === 0) this.store.askThread(port);
    else this.store.answerThread(port);
  }

  async start(): Promise<void> {
    await this.store.start();
    this.ledger.start();
  }

  async stop(): Promise<void> {
    await this.ledger.stop();
    await this.store.stop();
  }

  admit(usage: Usage, cost: number, nowMs: number): Admission | Promise<Admission> {
    // No closures on the synchronous path: this runs on every governed verify.
    const rate = usage.limits.length > 0 ? this.limiter.admit(usage.limits, cost, nowMs) : null;
    return rate instanceof Promise ? rate.then((verdict) => this.afterRate(usage, cost, verdict)) : this.afterRate(usage, cost, rate);
  }

  private afterRate(usage: Usage, cost: number, verdict: RateVerdict | null): Admission | Promise<Admission> {
    const states = verdict?.states ?? NO_LIMIT_STATES;
    if (verdict !== null && !verdict.admitted) return { code: 'RATE_LIMITED', rateLimits: states, credits: null, retryAfterSeconds: verdict.retryAfterSeconds };
    if (usage.metered === null) return { code: 'VALID', rateLimits: states, credits: null };
    const spent = this.ledger.spend(usage.metered, cost);
    return spent instanceof Promise ? spent.then((credit) => withCredits(states, credit)) : withCredits(states, spent);
  }

  /** A token request: the allowlists on the source address, then 1 against the same rate limits (no credits). */
  admitClient(usage: Usage, nowMs: number): { readonly retryAfterSeconds: number } | null | Promise<{ readonly retryAfterSeconds: number } | null> {
    if (usage.limits.length === 0) return null;
    const verdict = this.limiter.admit(usage.limits, 1, nowMs);
    const decide = (v: Awaited<typeof verdict>): { retryAfterSeconds: number } | null => (v.admitted ? null : { retryAfterSeconds: v.retryAfterSeconds });
    return verdict instanceof Promise ? verdict.then(decide) : decide(verdict);
  }
}
