import { hash } from 'node:crypto';
import { Credential } from './credential';

/**
 * Where the cache files a presented secret: its SHA-256, in base64. Not the peppered HMAC the
 * database stores: the pepper protects that column if the database alone leaks, and this process
 * holds the pepper anyway, so peppering an index that lives only in its memory adds nothing. One
 * call to OpenSSL's one-shot digest costs ≈ 0.3 µs against ≈ 1.7 µs for an HMAC object, on every
 * verify and token request; the HMAC is computed only on a miss. 44 characters instead of 64.
 */
export const cacheIndexOf = (secret: string): string => hash('sha256', secret, 'base64');

export interface CacheOptions {
  /** Entries kept at most (KEYWARD_VERIFY_CACHE_ENTRIES); the least recently used go first. */
  readonly maxEntries: number;
  /**
   * A safety net, not the mechanism (KEYWARD_VERIFY_CACHE_MAX_AGE_SECONDS, default 10 minutes):
   * invalidation is explicit and pushed, and a lost Redis connection clears the cache on
   * reconnect. Bounds how long a change made behind Keyward's back can go unseen.
   */
  readonly maxAgeMs: number;
  /**
   * Age after which a hit also asks for the entry to be read again in the background (default
   * half the max age): a key in use is refreshed before it expires, so the safety net costs a
   * working set no misses. Half, not three quarters: a million keys verified at random at
   * 3,000/s are each hit every ≈ 5 minutes, and a key not hit within the refresh window misses.
   */
  readonly refreshAfterMs?: number;
}

/**
 * The entries of one application or organization. Invalidating it marks it dead: its entries
 * answer as misses from then on (checked on every hit) and, never used again, are the first the
 * eviction drops. One shared object per application and organization replaces a set of hashes per
 * id, which at a million entries cost more than the credentials themselves.
 */
class Scope {
  live = true;
  entries = 0;
  constructor(readonly id: string) {}
}

class Entry {
  /** Second-chance bit: set by a hit, cleared as the eviction hand passes. */
  used = false;
  /** A background re-read has been asked for. */
  refreshing = false;
  /** When a `lastUsedAt` write was last asked for this credential, in whole seconds (a small integer, kept in the object); 0: never. */
  useNotedAt = 0;
  constructor(
    readonly hash: string,
    readonly credential: Credential,
    /**
     * Whole milliseconds: a small integer (below 2³¹, the first 24 days of a process's monotonic
     * clock) is stored in the object itself, a fraction or a larger number in a number object of its own.
     */
    readonly loadedAt: number,
    readonly application: Scope,
    readonly organization: Scope,
  ) {}
}

/**
 * Credentials by `cacheIndexOf` their secret. Eviction is least-recently-used by the CLOCK approximation: a hit
 * only sets a bit (no reordering on the hot path); when the cache is full, the eviction hand walks
 * from the oldest insertion, gives entries hit since its last pass a second chance (moved to the
 * back, bit cleared) and drops the first one not hit. Entries stay while invalidation is healthy;
 * the max age is only a safety net. `generation` moves on every invalidation: a load that started
 * before one is not stored, so a read racing a revocation cannot resurrect it.
 */
export class CredentialCache {
  private readonly entries = new Map<string, Entry>();
  /** A key has one secret, two during a rotation's grace period. */
  private readonly byKey = new Map<string, Entry | Entry[]>();
  private readonly applications = new Map<string, Scope>();
  private readonly organizations = new Map<string, Scope>();
  private currentGeneration = 0;
  private readonly refreshAfterMs: number;
  /** Called (once per entry) when a hit finds the entry due for a re-read; the owner reads and `set`s it. */
  onRefreshDue: ((hash: string, credential: Credential) => void) | null = null;

  constructor(private readonly options: CacheOptions, private readonly monotonicNow: () => number = () => performance.now()) {
    this.refreshAfterMs = options.refreshAfterMs ?? options.maxAgeMs * 0.5;
  }

  get generation(): number {
    return this.currentGeneration;
  }

  get size(): number {
    return this.entries.size;
  }

  get capacity(): number {
    return this.options.maxEntries;
  }

  get(hash: string): Credential | undefined {
    const entry = this.entries.get(hash);
    if (entry === undefined) return undefined;
    const age = this.monotonicNow() - entry.loadedAt;
    if (!entry.application.live || !entry.organization.live || age > this.options.maxAgeMs) {
      this.delete(entry);
      return undefined;
    }
    entry.used = true;
    if (age > this.refreshAfterMs && !entry.refreshing && this.onRefreshDue !== null) {
      entry.refreshing = true;
      this.onRefreshDue(hash, entry.credential);
    }
    return entry.credential;
  }

  /**
   * Whether a use of `credential` at `atMs` is to be written to `lastUsedAt`: none was asked for
   * within `granularityMs` before it while the credential was cached (then it notes this one). The
   * mark lives on the cache entry, so it covers every cached key, whatever their number; a
   * credential not cached (or cached again since) always answers true.
   */
  useDue(credential: Credential, atMs: number, granularityMs: number): boolean {
    const sameKey = this.byKey.get(credential.keyId);
    const entry = Array.isArray(sameKey) ? sameKey.find((e) => e.credential === credential) : sameKey?.credential === credential ? sameKey : undefined;
    if (entry === undefined) return true;
    const at = Math.floor(atMs / 1000);
    if (entry.useNotedAt !== 0 && at - entry.useNotedAt < granularityMs / 1000) return false;
    entry.useNotedAt = at;
    return true;
  }

  /** A background re-read could not be stored (something was invalidated meanwhile): the next hit asks again. */
  refreshAgain(hash: string): void {
    const entry = this.entries.get(hash);
    if (entry !== undefined) entry.refreshing = false;
  }

  /** Drops one entry (a background re-read found its secret gone). */
  drop(hash: string): void {
    const entry = this.entries.get(hash);
    if (entry !== undefined) this.delete(entry);
  }

  /** Stores a credential loaded while the cache was at `generation`; refused if anything was invalidated since. */
  set(hash: string, credential: Credential, generation: number): boolean {
    if (generation !== this.currentGeneration) return false;
    const existing = this.entries.get(hash);
    if (existing) this.delete(existing);
    while (this.entries.size >= this.options.maxEntries && this.evictOne());
    const entry = new Entry(hash, credential, Math.floor(this.monotonicNow()), this.scope(this.applications, credential.applicationId), this.scope(this.organizations, credential.organizationId));
    this.entries.set(hash, entry);
    entry.application.entries += 1;
    entry.organization.entries += 1;
    const sameKey = this.byKey.get(credential.keyId);
    if (sameKey === undefined) this.byKey.set(credential.keyId, entry);
    else if (Array.isArray(sameKey)) sameKey.push(entry);
    else this.byKey.set(credential.keyId, [sameKey, entry]);
    return true;
  }

  invalidateKey(keyId: string): number {
    this.currentGeneration += 1;
    const entries = this.byKey.get(keyId);
    if (entries === undefined) return 0;
    const all = Array.isArray(entries) ? [...entries] : [entries];
    for (const entry of all) this.delete(entry);
    return all.length;
  }

  invalidateApplication(applicationId: string): number {
    return this.kill(this.applications, applicationId);
  }

  invalidateOrganization(organizationId: string): number {
    return this.kill(this.organizations, organizationId);
  }

  clear(): void {
    this.currentGeneration += 1;
    for (const scope of this.applications.values()) scope.live = false;
    for (const scope of this.organizations.values()) scope.live = false;
    this.entries.clear();
    this.byKey.clear();
    this.applications.clear();
    this.organizations.clear();
  }

  /** Marks the scope's entries dead at once (they miss from now on); returns how many it had. */
  private kill(scopes: Map<string, Scope>, id: string): number {
    this.currentGeneration += 1;
    const scope = scopes.get(id);
    if (scope === undefined) return 0;
    scope.live = false;
    scopes.delete(id);
    return scope.entries;
  }

  private scope(scopes: Map<string, Scope>, id: string): Scope {
    let scope = scopes.get(id);
    if (scope === undefined) {
      scope = new Scope(id);
      scopes.set(id, scope);
    }
    return scope;
  }

  /** One step of the CLOCK hand; false once nothing is left to evict. */
  private evictOne(): boolean {
    // Each entry is passed at most twice: once to clear its bit, once to drop it.
    for (let steps = this.entries.size * 2 + 1; steps > 0; steps -= 1) {
      const oldest = this.entries.values().next();
      if (oldest.done) return false;
      const entry = oldest.value;
      if (entry.used && entry.application.live && entry.organization.live) {
        entry.used = false;
        this.entries.delete(entry.hash);
        this.entries.set(entry.hash, entry);
        continue;
      }
      this.delete(entry);
      return true;
    }
    return false;
  }

  private delete(entry: Entry): void {
    if (this.entries.get(entry.hash) !== entry) return;
    this.entries.delete(entry.hash);
    entry.application.entries -= 1;
    entry.organization.entries -= 1;
    if (entry.application.entries === 0 && this.applications.get(entry.application.id) === entry.application) this.applications.delete(entry.application.id);
    if (entry.organization.entries === 0 && this.organizations.get(entry.organization.id) === entry.organization) this.organizations.delete(entry.organization.id);
    const keyId = entry.credential.keyId;
    const sameKey = this.byKey.get(keyId);
    if (sameKey === entry) this.byKey.delete(keyId);
    else if (Array.isArray(sameKey)) {
      const rest = sameKey.filter((other) => other !== entry);
      if (rest.length === 0) this.byKey.delete(keyId);
      else this.byKey.set(keyId, rest.length === 1 ? rest[0]! : rest);
    }
  }
}
