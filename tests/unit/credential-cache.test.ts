import fc from 'fast-check';
import { ApiKeyKind, ApiKeySecretStatus, ApiKeyStatus, Environment } from '../../server/api-keys/api-key.enums';
import { Credential } from '../../server/credentials/credential';
import { CredentialCache } from '../../server/credentials/credential-cache';

function credential(keyId: string, applicationId = 'app_1', organizationId = 'org_1'): Credential {
  return {
    keyId, applicationId, organizationId,
    environment: Environment.TEST, kind: ApiKeyKind.PERMANENT, storedStatus: ApiKeyStatus.ACTIVE, expiresAt: null,
    scopes: [], scopeSet: new Set(), destination: null, webhookUrl: null, metadata: null,
    secretId: `sec_${keyId}`, secretStatus: ApiKeySecretStatus.ACTIVE, secretExpiresAt: null,
    applicationEnabled: true, tokenTtlSeconds: 3600, usage: null,
  };
}

describe('verify cache: eviction keeps what is in use', () => {
  it('a working set within capacity keeps hitting while a stream of one-off keys passes through', () => {
    const capacity = 1000;
    const cache = new CredentialCache({ maxEntries: capacity, maxAgeMs: 600_000 }, () => 0);
    const hot = Array.from({ length: 600 }, (_, i) => `hot${i}`);
    for (const h of hot) cache.set(h, credential(h), cache.generation);
    let hits = 0;
    let lookups = 0;
    for (let round = 0; round < 50; round += 1) {
      // 600 keys in steady use, and 300 keys seen once each round (15,000 in all, 15 times the
      // capacity): a first-in-first-out cache evicts the keys in use as often as the others.
      for (const h of hot) {
        lookups += 1;
        if (cache.get(h)) hits += 1;
        else cache.set(h, credential(h), cache.generation);
      }
      for (let i = 0; i < 300; i += 1) {
        const cold = `cold${round}-${i}`;
        if (!cache.get(cold)) cache.set(cold, credential(cold), cache.generation);
      }
      expect(cache.size).toBeLessThanOrEqual(capacity);
    }
    expect(hits / lookups).toBeGreaterThanOrEqual(0.99);
  });

  it('never answers an invalidated credential and never holds more than its capacity (model-based)', () => {
    type Op =
      | { op: 'set'; key: number; app: number; org: number }
      | { op: 'get'; key: number }
      | { op: 'key' | 'app' | 'org'; id: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ op: fc.constant('set' as const), key: fc.nat(30), app: fc.nat(4), org: fc.nat(2) }),
      fc.record({ op: fc.constant('get' as const), key: fc.nat(30) }),
      fc.record({ op: fc.constantFrom('key' as const, 'app' as const, 'org' as const), id: fc.nat(30) }),
    );
    fc.assert(fc.property(fc.integer({ min: 1, max: 12 }), fc.array(op, { maxLength: 200 }), (capacity, ops) => {
      const cache = new CredentialCache({ maxEntries: capacity, maxAgeMs: 600_000 }, () => 0);
      // What may be answered: the latest credential stored per hash, until something it belongs to is invalidated.
      const allowed = new Map<string, Credential>();
      for (const step of ops) {
        if (step.op === 'set') {
          const c = credential(`k${step.key}`, `a${step.app}`, `o${step.org}`);
          cache.set(`h${step.key}`, c, cache.generation);
          allowed.set(`h${step.key}`, c);
        } else if (step.op === 'get') {
          const found = cache.get(`h${step.key}`);
          if (found) expect(found).toBe(allowed.get(`h${step.key}`));
        } else {
          const id = step.op === 'key' ? `k${step.id}` : step.op === 'app' ? `a${step.id % 5}` : `o${step.id % 3}`;
          if (step.op === 'key') cache.invalidateKey(id);
          if (step.op === 'app') cache.invalidateApplication(id);
          if (step.op === 'org') cache.invalidateOrganization(id);
          for (const [hash, c] of allowed) {
            if ((step.op === 'key' && c.keyId === id) || (step.op === 'app' && c.applicationId === id) || (step.op === 'org' && c.organizationId === id)) allowed.delete(hash);
          }
        }
        expect(cache.size).toBeLessThanOrEqual(capacity);
      }
    }), { numRuns: 300 });
  });
});

describe('verify cache: the max age costs a key in use no miss', () => {
  it('a hit past half the max age asks once for a re-read, and the re-read entry lives a full max age again', () => {
    let now = 0;
    const cache = new CredentialCache({ maxEntries: 10, maxAgeMs: 1000 }, () => now);
    const due: string[] = [];
    cache.onRefreshDue = (hash) => due.push(hash);
    cache.set('h', credential('k'), cache.generation);
    now = 500;
    expect(cache.get('h')).toBeDefined();
    expect(due).toEqual([]);
    now = 600;
    expect(cache.get('h')).toBeDefined();
    expect(cache.get('h')).toBeDefined();
    expect(due).toEqual(['h']);
    // The owner re-reads and stores: a fresh entry, refreshed again only past half its own max age.
    expect(cache.set('h', credential('k'), cache.generation)).toBe(true);
    now = 1100;
    expect(cache.get('h')).toBeDefined();
    expect(due).toEqual(['h']);
    now = 1200;
    cache.get('h');
    expect(due).toEqual(['h', 'h']);
  });

  it('without a re-read the entry still expires at its max age (the safety net holds)', () => {
    let now = 0;
    const cache = new CredentialCache({ maxEntries: 10, maxAgeMs: 1000 }, () => now);
    cache.onRefreshDue = () => undefined;
    cache.set('h', credential('k'), cache.generation);
    now = 900;
    expect(cache.get('h')).toBeDefined();
    now = 1001;
    expect(cache.get('h')).toBeUndefined();
  });

  it('a re-read refused because something was invalidated meanwhile is asked for again by the next hit', () => {
    let now = 0;
    const cache = new CredentialCache({ maxEntries: 10, maxAgeMs: 1000 }, () => now);
    const due: string[] = [];
    cache.onRefreshDue = (hash) => due.push(hash);
    cache.set('h', credential('k'), cache.generation);
    now = 800;
    cache.get('h');
    const generation = cache.generation;
    cache.invalidateKey('some-other-key');
    expect(cache.set('h', credential('k'), generation)).toBe(false);
    cache.refreshAgain('h');
    cache.get('h');
    expect(due).toEqual(['h', 'h']);
  });
});

describe('verify cache: the lastUsedAt mark on each entry (model)', () => {
  it('asks for a write exactly when none was asked for that cached credential within the granularity', () => {
    const GRANULARITY_MS = 300_000;
    fc.assert(
      fc.property(
        fc.array(fc.oneof(
          { weight: 8, arbitrary: fc.record({ kind: fc.constant('use' as const), credential: fc.nat({ max: 3 }), advanceMs: fc.nat({ max: 200_000 }) }) },
          { weight: 1, arbitrary: fc.record({ kind: fc.constant('recache' as const), credential: fc.nat({ max: 3 }) }) },
        ), { maxLength: 80 }),
        (steps) => {
          const cache = new CredentialCache({ maxEntries: 10, maxAgeMs: 3_600_000 }, () => 0);
          // Four credentials: two keys, each with two secrets (a rotation's grace period).
          const current = [0, 1, 2, 3].map((i) => ({ ...credential(`key_${i >> 1}`), secretId: `sec_${i}` }));
          current.forEach((c, i) => cache.set(`h${i}`, c, cache.generation));
          const lastAsked = new Map<number, number>();
          let now = Date.UTC(2026, 11, 2, 12, 0, 0);
          for (const step of steps) {
            if (step.kind === 'recache') {
              // Cached anew (a re-read or a change): the new entry knows nothing of earlier writes.
              current[step.credential] = { ...current[step.credential]! };
              cache.set(`h${step.credential}`, current[step.credential]!, cache.generation);
              lastAsked.delete(step.credential);
              continue;
            }
            now += step.advanceMs;
            const at = Math.floor(now / 1000);
            const before = lastAsked.get(step.credential);
            const expected = before === undefined || at - before >= GRANULARITY_MS / 1000;
            expect(cache.useDue(current[step.credential]!, now, GRANULARITY_MS)).toBe(expected);
            if (expected) lastAsked.set(step.credential, at);
          }
          // A credential that is not the cached one is always written.
          expect(cache.useDue(credential('key_other'), now, GRANULARITY_MS)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
