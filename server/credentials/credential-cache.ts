import { Credential } from './credential';

interface Entry {
  readonly credential: Credential;
  readonly loadedAt: number;
}

export interface CacheOptions {
  /** Entries kept at most; the oldest go first. */
  readonly maxEntries: number;
  /**
   * A safety net, not the mechanism: invalidation is explicit. Bounds how long a change made
   * behind Keyward's back (or an invalidation lost while Redis was down) can go unseen.
   */
  readonly maxAgeMs: number;
}

const addTo = (index: Map<string, Set<string>>, id: string, hash: string): void => {
  const set = index.get(id);
  if (set) set.add(hash);
  else index.set(id, new Set([hash]));
};

const removeFrom = (index: Map<string, Set<string>>, id: string, hash: string): void => {
  const set = index.get(id);
  if (!set) return;
  set.delete(hash);
  if (set.size === 0) index.delete(id);
};

/**
 * Credentials by secret hash, indexed by key, application and organization so that a change to
 * any of them drops exactly the entries it affects. `generation` moves on every invalidation: a
 * load that started before one is not stored, so a read racing a revocation cannot resurrect it.
 */
export class CredentialCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byKey = new Map<string, Set<string>>();
  private readonly byApplication = new Map<string, Set<string>>();
  private readonly byOrganization = new Map<string, Set<string>>();
  private currentGeneration = 0;

  constructor(private readonly options: CacheOptions, private readonly monotonicNow: () => number = () => performance.now()) {}

  get generation(): number {
    return this.currentGeneration;
  }

  get size(): number {
    return this.entries.size;
  }

  get(hash: string): Credential | undefined {
    const entry = this.entries.get(hash);
    if (entry === undefined) return undefined;
    if (this.monotonicNow() - entry.loadedAt > this.options.maxAgeMs) {
      this.delete(hash);
      return undefined;
    }
    return entry.credential;
  }

  /** Stores a credential loaded while the cache was at `generation`; refused if anything was invalidated since. */
  set(hash: string, credential: Credential, generation: number): boolean {
    if (generation !== this.currentGeneration) return false;
    if (this.entries.has(hash)) this.delete(hash);
    while (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
    this.entries.set(hash, { credential, loadedAt: this.monotonicNow() });
    addTo(this.byKey, credential.keyId, hash);
    addTo(this.byApplication, credential.applicationId, hash);
    addTo(this.byOrganization, credential.organizationId, hash);
    return true;
  }

  invalidateKey(keyId: string): number {
    return this.dropAll(this.byKey.get(keyId));
  }

  invalidateApplication(applicationId: string): number {
    return this.dropAll(this.byApplication.get(applicationId));
  }

  invalidateOrganization(organizationId: string): number {
    return this.dropAll(this.byOrganization.get(organizationId));
  }

  clear(): void {
    this.currentGeneration += 1;
    this.entries.clear();
    this.byKey.clear();
    this.byApplication.clear();
    this.byOrganization.clear();
  }

  private dropAll(hashes: Set<string> | undefined): number {
    this.currentGeneration += 1;
    if (!hashes) return 0;
    const all = [...hashes];
    for (const hash of all) this.delete(hash);
    return all.length;
  }

  private delete(hash: string): void {
    const entry = this.entries.get(hash);
    if (!entry) return;
    this.entries.delete(hash);
    removeFrom(this.byKey, entry.credential.keyId, hash);
    removeFrom(this.byApplication, entry.credential.applicationId, hash);
    removeFrom(this.byOrganization, entry.credential.organizationId, hash);
  }
}
