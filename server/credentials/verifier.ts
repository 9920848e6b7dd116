import type { MessagePort } from 'node:worker_threads';
import { requestScope } from '../logger';
import { parseSecret, SECRET_LENGTH } from '../api-keys/key-format';
import { Clock } from '../clock';
import { Database } from '../database/database';
import { KeyRing } from '../shared/keyring';
import { CommittedChange, UNATTRIBUTED } from '../events/audit';
import { Answers, Credential, governedResultFor, MALFORMED_RESULT, NOT_FOUND_RESULT, VerifyCode, VerifyResult } from './credential';
import { Admission, Governor, ipAllowed } from '../usage/governor';
import { cacheIndexOf, CredentialCache } from './credential-cache';
import { CredentialStore } from './credential-store';
import { Invalidation, InvalidationBus, ThreadLink } from './invalidation-bus';
import { CredentialMetrics } from './metrics';
import { UsageRecorder } from './usage-recorder';
import { decide } from './verify-rules';

export interface VerifierLogger {
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

/** Which cache entries a committed change can affect; null for changes verify does not depend on. */
export function invalidationOf(change: CommittedChange): Invalidation | null {
  if (change === UNATTRIBUTED) return { kind: 'all', id: '' };
  switch (change.subjectType) {
    case 'api_key':
      return { kind: 'key', id: change.subjectId };
    case 'application':
      return { kind: 'application', id: change.subjectId };
    case 'organization':
      return { kind: 'organization', id: change.subjectId };
    case 'signing_key':
      return { kind: 'signing-keys', id: change.subjectId };
    case 'user':
    case 'member':
    case 'personal_access_token':
    case 'webhook_endpoint':
      return null;
    default: {
      const unknown: never = change.subjectType;
      throw new Error(`unknown subject type ${String(unknown)}`);
    }
  }
}

export interface VerifierOptions {
  readonly maxEntries?: number;
  readonly maxAgeMs?: number;
  readonly usageFlushMs?: number;
  readonly lastUsedGranularityMs?: number;
  /** The invalidation bus's origin: shared by the two threads of one process (README, "The credentials port"). */
  readonly origin?: string;
}

/** What a verify call brings besides the key (SPEC 7): its cost (default 1) and the end client's address. */
export interface VerifyCall {
  readonly cost?: number;
  readonly ip?: string;
}

/** Why the token endpoint refuses a client that authenticated (SPEC 7). */
export type ClientRefusal = { readonly reason: 'ip_not_allowed' } | { readonly reason: 'rate_limited'; readonly retryAfterSeconds: number };

/** `find`'s answer for a secret whose format or checksum is wrong. */
const MALFORMED = Symbol('malformed');
/** `find`'s answer, asked not to read the database, for a well-formed secret not in the cache. */
const NOT_CACHED = Symbol('not cached');

/** A credential found by its secret, with the verdict at `now` (before any scope check). */
export interface Lookup {
  readonly credential: Credential;
  readonly code: VerifyCode;
}

/**
 * Verifies API key secrets: the in-process cache first, then format and checksum (no database),
 * then one joined query. Entries are dropped by `applyCommitted`, which the CommitFeed calls after
 * every transaction with what its audit rows say changed — services never call the cache.
 */
export class Verifier {
  readonly cache: CredentialCache;
  readonly usage: UsageRecorder;
  /** Rate limits and credits (SPEC 7): leases in process, shared through Redis and the database. */
  readonly governor: Governor;
  private readonly store: CredentialStore;
  private readonly bus: InvalidationBus;
  private readonly inflight = new Map<string, { generation: number; promise: Promise<Credential | null> }>();
  private readonly answers = new Answers();
  private readonly lastUsedGranularityMs: number;
  /** Other parts (signing keys) that want to hear about invalidations from other instances. */
  private readonly listeners: Array<(message: Invalidation) => void> = [];
  metrics: CredentialMetrics | null = null;
  /** Where every judged request is counted per key, code and minute (usage analytics). */
  outcomes: { count(credential: Credential, code: VerifyCode, nowMs: number): void } | null = null;

  constructor(
    db: Database,
    private readonly keyring: KeyRing,
    private readonly clock: Clock,
    redisUrl: string | undefined,
    private readonly logger: VerifierLogger,
    options: VerifierOptions = {},
  ) {
    this.cache = new CredentialCache({ maxEntries: options.maxEntries ?? 500_000, maxAgeMs: options.maxAgeMs ?? 3_600_000 });
    this.store = new CredentialStore(db);
    this.lastUsedGranularityMs = options.lastUsedGranularityMs ?? 300_000;
    this.usage = new UsageRecorder(db, logger, options.usageFlushMs ?? 5000, this.lastUsedGranularityMs);
    this.governor = new Governor(db, clock, redisUrl, logger);
    this.bus = new InvalidationBus(redisUrl, (message) => this.applyLocally(message), logger, options.origin);
    this.cache.onRefreshDue = (index, credential) => this.refresh(index, credential);
  }

  /** Notes a VALID use for `lastUsedAt`, unless one was noted within its granularity (the mark is on the cache entry). */
  private used(credential: Credential, now: Date): void {
    const at = now.getTime();
    if (this.cache.useDue(credential, at, this.lastUsedGranularityMs)) this.usage.touch(credential.keyId, credential.secretId, at);
  }

  /** The invalidation bus's origin, for the credentials thread to share. */
  get origin(): string {
    return this.bus.origin;
  }

  /**
   * Joins the other thread of this process: each one's invalidations reach the other before its
   * next cache read, and without Redis both count rate limits against one window (`leases`).
   */
  linkThread(link: ThreadLink, leases: MessagePort): void {
    this.bus.linkThread(link);
    this.governor.linkThread(leases, link.slot);
  }

  async start(): Promise<void> {
    await this.bus.start();
    await this.governor.start();
    this.usage.start();
  }

  async stop(): Promise<void> {
    await this.usage.stop();
    await this.governor.stop();
    await this.bus.stop();
  }

  /**
   * The answer of POST /v1/keys/verify: synchronous on a cache hit (no promise on the hot path),
   * a promise when the database has to be read.
   */
  /** `requestId` scopes the database read of a cache miss, so its log lines carry the request id. */
  verify(key: string, requiredScopes: readonly string[] | undefined, requestId?: string, call: VerifyCall = {}): VerifyResult | Promise<VerifyResult> {
    const now = this.clock.now();
    const found = this.find(key, requestId);
    if (found === MALFORMED) return MALFORMED_RESULT;
    if (found instanceof Promise) return found.then((credential) => this.judge(credential, now, requiredScopes, call));
    return this.judge(found, now, requiredScopes, call);
  }

  /** Answers from the cache alone, null on a miss: for a caller over its failure budget (no database read). */
  cachedVerdict(key: string, requiredScopes: readonly string[] | undefined, call: VerifyCall = {}): VerifyResult | Promise<VerifyResult> | null {
    const found = this.find(key, undefined, false);
    if (found === MALFORMED) return MALFORMED_RESULT;
    if (found === NOT_CACHED) return null;
    return this.judge(found, this.clock.now(), requiredScopes, call);
  }

  /**
   * The order of checks (README, "Verify: the order of checks"): the key's own state (decide),
   * then the allowlists, then scopes, then rate limits, then credits. A key without usage
   * settings keeps the prebuilt answers; one with them gets an answer built per call.
   */
  /** The verdict, counted for usage analytics under the code finally answered. */
  private judge(credential: Credential | null, now: Date, requiredScopes: readonly string[] | undefined, call: VerifyCall): VerifyResult | Promise<VerifyResult> {
    const result = this.judgeUncounted(credential, now, requiredScopes, call);
    const outcomes = this.outcomes;
    if (outcomes === null || credential === null) return result;
    if (result instanceof Promise) {
      return result.then((answer) => {
        outcomes.count(credential, answer.code, now.getTime());
        return answer;
      });
    }
    outcomes.count(credential, result.code, now.getTime());
    return result;
  }

  private judgeUncounted(credential: Credential | null, now: Date, requiredScopes: readonly string[] | undefined, call: VerifyCall): VerifyResult | Promise<VerifyResult> {
    if (credential === null) return NOT_FOUND_RESULT;
    const code = decide(credential, now, requiredScopes);
    const usage = credential.usage;
    if (usage === null) {
      if (code === VerifyCode.VALID) this.used(credential, now);
      return this.answers.of(credential, code);
    }
    if ((code === VerifyCode.VALID || code === VerifyCode.INSUFFICIENT_SCOPE) && !ipAllowed(usage, call.ip)) return this.answers.of(credential, VerifyCode.IP_NOT_ALLOWED);
    if (code !== VerifyCode.VALID) return this.answers.of(credential, code);
    if (usage.limits.length === 0 && usage.metered === null) {
      this.used(credential, now);
      return this.answers.of(credential, code);
    }
    const admission = this.governor.admit(usage, call.cost ?? 1, now.getTime());
    return admission instanceof Promise ? admission.then((a) => this.governedAnswer(credential, now, a)) : this.governedAnswer(credential, now, admission);
  }

  private governedAnswer(credential: Credential, now: Date, admission: Admission): VerifyResult {
    if (admission.code === 'VALID') this.used(credential, now);
    // The key's own fields come from the answer built once per credential and code.
    return governedResultFor(this.answers.of(credential, VerifyCode[admission.code]), admission.rateLimits, admission.credits);
  }

  /**
   * The token endpoint's usage checks on an authenticated client: the allowlists on the request's
   * source address, then 1 against the key's and application's rate limits. Null: go ahead.
   */
  admitClient(credential: Credential, sourceIp: string): ClientRefusal | null | Promise<ClientRefusal | null> {
    const usage = credential.usage;
    if (usage === null) return null;
    if (!ipAllowed(usage, sourceIp)) return { reason: 'ip_not_allowed' };
    const verdict = this.governor.admitClient(usage, this.clock.now().getTime());
    const refusal = (v: Awaited<typeof verdict>): ClientRefusal | null => (v === null ? null : { reason: 'rate_limited', retryAfterSeconds: v.retryAfterSeconds });
    return verdict instanceof Promise ? verdict.then(refusal) : refusal(verdict);
  }

  /** Finds the credential of a well-formed secret and judges it (the token endpoint's client check). */
  lookup(secret: string, requestId?: string): Lookup | null | Promise<Lookup | null> {
    const now = this.clock.now();
    const found = this.find(secret, requestId);
    if (found === MALFORMED) return null;
    if (found instanceof Promise) return found.then((credential) => this.judgeClient(credential, now));
    return this.judgeClient(found, now);
  }

  private judgeClient(credential: Credential | null, now: Date): Lookup | null {
    if (credential === null) return null;
    const code = decide(credential, now, undefined);
    if (code === VerifyCode.VALID) this.used(credential, now);
    this.outcomes?.count(credential, code, now.getTime());
    return { credential, code };
  }

  /**
   * Follows what committed (the CommitFeed): drops the entries each change can affect, here at
   * once and on every other instance through Redis. This is the only way entries leave early.
   */
  applyCommitted(changes: readonly CommittedChange[]): void {
    const seen = new Set<string>();
    for (const change of changes) {
      const message = invalidationOf(change);
      if (message === null) continue;
      const id = `${message.kind}|${message.id}`;
      if (seen.has(id)) continue;
      seen.add(id);
      if (change === UNATTRIBUTED) {
        this.metrics?.unattributedChange();
        this.logger.error({}, 'a change to keys, applications or organizations committed without an audit event describing it: every cached credential was dropped');
      }
      this.invalidate(message);
    }
  }

  /** Applies locally at once, then tells the other instances. */
  private invalidate(message: Invalidation): void {
    this.applyLocally(message);
    this.bus.publish(message);
  }

  onInvalidation(listener: (message: Invalidation) => void): void {
    this.listeners.push(listener);
  }

  /** Lets the caller (tests, flush on shutdown) write pending `lastUsedAt` values now. */
  flushUsage(): Promise<void> {
    return this.usage.flush();
  }

  private applyLocally(message: Invalidation): void {
    switch (message.kind) {
      case 'key':
        this.cache.invalidateKey(message.id);
        break;
      case 'application':
        this.cache.invalidateApplication(message.id);
        break;
      case 'organization':
        this.cache.invalidateOrganization(message.id);
        break;
      case 'all':
        this.cache.clear();
        break;
      case 'signing-keys':
        break;
      default: {
        const unknown: never = message.kind;
        throw new Error(`unknown invalidation ${String(unknown)}`);
      }
    }
    for (const listener of this.listeners) listener(message);
  }

  /**
   * The credential of a presented secret: the cache first, by `cacheIndexOf` the secret; on a miss,
   * the format and checksum (a malformed secret never costs a database read), then the database by
   * the secret's HMAC (`NOT_CACHED` instead when `load` is false). A secret found in the cache was
   * issued by Keyward, so it is well formed.
   */
  private find(secret: string, requestId?: string): Credential | null | Promise<Credential | null> | typeof MALFORMED;
  private find(secret: string, requestId: undefined, load: false): Credential | typeof MALFORMED | typeof NOT_CACHED;
  private find(secret: string, requestId?: string, load = true): Credential | null | Promise<Credential | null> | typeof MALFORMED | typeof NOT_CACHED {
    // Not even hashed when it cannot be a secret (a body may carry up to 16 KB of it).
    if (secret.length !== SECRET_LENGTH) return MALFORMED;
    this.bus.catchUp();
    const index = cacheIndexOf(secret);
    const cached = this.cache.get(index);
    if (cached !== undefined) {
      this.metrics?.cacheHit();
      return cached;
    }
    if (parseSecret(secret) === null) return MALFORMED;
    this.metrics?.cacheMiss();
    if (!load) return NOT_CACHED;
    // Join a load already under way, unless something was invalidated since it started.
    const generation = this.cache.generation;
    const underway = this.inflight.get(index);
    if (underway !== undefined && underway.generation === generation) return underway.promise;
    const hash = this.keyring.hashSecret(secret);
    // Only a miss enters a request scope: hits stay free of AsyncLocalStorage.
    const read = requestId === undefined ? this.store.findBySecretHash(hash) : requestScope.run({ requestId }, () => this.store.findBySecretHash(hash));
    const promise = read.then(
      (credential) => {
        if (this.inflight.get(index)?.promise === promise) this.inflight.delete(index);
        if (credential !== null) this.cache.set(index, credential, generation);
        return credential;
      },
      (error: unknown) => {
        if (this.inflight.get(index)?.promise === promise) this.inflight.delete(index);
        throw error;
      },
    );
    this.inflight.set(index, { generation, promise });
    return promise;
  }

  /**
   * Re-reads an entry a hit found near its max age, while the hit is answered from the cache: a
   * key in use never falls out by age, and the age still bounds how long a change made behind
   * Keyward's back goes unseen. A failed read leaves the entry to expire at its max age.
   */
  private refresh(index: string, cached: Credential): void {
    const generation = this.cache.generation;
    this.store.findBySecretId(cached.secretId).then(
      (credential) => {
        if (credential === null) this.cache.drop(index);
        else if (!this.cache.set(index, credential, generation)) this.cache.refreshAgain(index);
      },
      (error: unknown) => this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'verify cache: a background re-read failed; the entry expires at its max age'),
    );
  }

}
