import { requestScope } from '../logger';
import { parseSecret } from '../api-keys/key-format';
import { Clock } from '../clock';
import { Database } from '../database/database';
import { KeyRing } from '../shared/keyring';
import { Credential, MALFORMED_RESULT, NOT_FOUND_RESULT, resultFor, VerifyCode, VerifyResult } from './credential';
import { CredentialCache } from './credential-cache';
import { CredentialStore } from './credential-store';
import { Invalidation, InvalidationBus } from './invalidation-bus';
import { CredentialMetrics } from './metrics';
import { UsageRecorder } from './usage-recorder';
import { decide } from './verify-rules';

export interface VerifierLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

export interface VerifierOptions {
  readonly maxEntries?: number;
  readonly maxAgeMs?: number;
  readonly usageFlushMs?: number;
}

/** A credential found by its secret, with the verdict at `now` (before any scope check). */
export interface Lookup {
  readonly credential: Credential;
  readonly code: VerifyCode;
}

/**
 * Verifies API key secrets: format and checksum first (no database), then the in-process cache,
 * then one joined query. Other services call `invalidate*` after committing a change that affects
 * a key; the call drops the local entries at once and tells the other instances through Redis.
 */
export class Verifier {
  readonly cache: CredentialCache;
  readonly usage: UsageRecorder;
  private readonly store: CredentialStore;
  private readonly bus: InvalidationBus;
  private readonly inflight = new Map<string, { generation: number; promise: Promise<Credential | null> }>();
  private readonly results = new WeakMap<Credential, Map<VerifyCode, VerifyResult>>();
  /** Other parts (signing keys) that want to hear about invalidations from other instances. */
  private readonly listeners: Array<(message: Invalidation) => void> = [];
  metrics: CredentialMetrics | null = null;

  constructor(
    db: Database,
    private readonly keyring: KeyRing,
    private readonly clock: Clock,
    redisUrl: string | undefined,
    logger: VerifierLogger,
    options: VerifierOptions = {},
  ) {
    this.cache = new CredentialCache({ maxEntries: options.maxEntries ?? 100_000, maxAgeMs: options.maxAgeMs ?? 60_000 });
    this.store = new CredentialStore(db);
    this.usage = new UsageRecorder(db, logger, options.usageFlushMs ?? 5000);
    this.bus = new InvalidationBus(redisUrl, (message) => this.applyLocally(message), logger);
  }

  async start(): Promise<void> {
    await this.bus.start();
    this.usage.start();
  }

  async stop(): Promise<void> {
    await this.usage.stop();
    await this.bus.stop();
  }

  /**
   * The answer of POST /v1/keys/verify: synchronous on a cache hit (no promise on the hot path),
   * a promise when the database has to be read.
   */
  /** `requestId` scopes the database read of a cache miss, so its log lines carry the request id. */
  verify(key: string, requiredScopes: readonly string[] | undefined, requestId?: string): VerifyResult | Promise<VerifyResult> {
    if (parseSecret(key) === null) return MALFORMED_RESULT;
    const now = this.clock.now();
    const found = this.find(this.keyring.hashSecret(key), requestId);
    if (found instanceof Promise) return found.then((credential) => this.judge(credential, now, requiredScopes));
    return this.judge(found, now, requiredScopes);
  }

  /** Answers from the cache alone, null on a miss: for a caller over its failure budget (no database read). */
  cachedVerdict(key: string, requiredScopes: readonly string[] | undefined): VerifyResult | null {
    if (parseSecret(key) === null) return MALFORMED_RESULT;
    const cached = this.cache.get(this.keyring.hashSecret(key));
    return cached === undefined ? null : this.judge(cached, this.clock.now(), requiredScopes);
  }

  private judge(credential: Credential | null, now: Date, requiredScopes: readonly string[] | undefined): VerifyResult {
    if (credential === null) return NOT_FOUND_RESULT;
    const code = decide(credential, now, requiredScopes);
    if (code === VerifyCode.VALID) this.usage.touch(credential.keyId, credential.secret.id, now.getTime());
    return this.resultOf(credential, code);
  }

  /** Finds the credential of a well-formed secret and judges it (the token endpoint's client check). */
  lookup(secret: string, requestId?: string): Lookup | null | Promise<Lookup | null> {
    if (parseSecret(secret) === null) return null;
    const now = this.clock.now();
    const found = this.find(this.keyring.hashSecret(secret), requestId);
    if (found instanceof Promise) return found.then((credential) => this.judgeClient(credential, now));
    return this.judgeClient(found, now);
  }

  private judgeClient(credential: Credential | null, now: Date): Lookup | null {
    if (credential === null) return null;
    const code = decide(credential, now, undefined);
    if (code === VerifyCode.VALID) this.usage.touch(credential.keyId, credential.secret.id, now.getTime());
    return { credential, code };
  }

  invalidateKey(keyId: string): void {
    this.invalidate({ kind: 'key', id: keyId });
  }

  invalidateApplication(applicationId: string): void {
    this.invalidate({ kind: 'application', id: applicationId });
  }

  invalidateOrganization(organizationId: string): void {
    this.invalidate({ kind: 'organization', id: organizationId });
  }

  invalidateAll(): void {
    this.invalidate({ kind: 'all', id: '' });
  }

  /** Applies locally at once, then tells the other instances. */
  invalidate(message: Invalidation): void {
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

  private find(hash: string, requestId?: string): Credential | null | Promise<Credential | null> {
    const cached = this.cache.get(hash);
    if (cached !== undefined) {
      this.metrics?.cacheHit();
      return cached;
    }
    this.metrics?.cacheMiss();
    // Join a load already under way, unless something was invalidated since it started.
    const generation = this.cache.generation;
    const underway = this.inflight.get(hash);
    if (underway !== undefined && underway.generation === generation) return underway.promise;
    // Only a miss enters a request scope: hits stay free of AsyncLocalStorage.
    const load = requestId === undefined ? this.store.findBySecretHash(hash) : requestScope.run({ requestId }, () => this.store.findBySecretHash(hash));
    const promise = load.then(
      (credential) => {
        if (this.inflight.get(hash)?.promise === promise) this.inflight.delete(hash);
        if (credential !== null) this.cache.set(hash, credential, generation);
        return credential;
      },
      (error: unknown) => {
        if (this.inflight.get(hash)?.promise === promise) this.inflight.delete(hash);
        throw error;
      },
    );
    this.inflight.set(hash, { generation, promise });
    return promise;
  }

  /** Answers are immutable per credential and code, so they are built once and reused. */
  private resultOf(credential: Credential, code: VerifyCode): VerifyResult {
    let byCode = this.results.get(credential);
    if (!byCode) {
      byCode = new Map();
      this.results.set(credential, byCode);
    }
    let result = byCode.get(code);
    if (!result) {
      result = resultFor(credential, code);
      byCode.set(code, result);
    }
    return result;
  }
}
