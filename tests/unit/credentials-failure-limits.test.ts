import fc from 'fast-check';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { clientAttemptKey, credentialLimits, DEFAULT_MAX_KEYS, FailureLimit } from '../../server/credentials/failure-limits';

/** The rule, stated plainly with an unbounded map: the FailureLimit must behave exactly like it. */
class Model {
  private readonly state = new Map<string, { failures: number; windowEndsAt: number; blockedUntil: number }>();
  constructor(private readonly budget: number, private readonly windowMs: number, private readonly blockMs: number) {}
  retryAfter(key: string, now: number): number {
    const s = this.state.get(key);
    return s && s.blockedUntil > now ? Math.ceil((s.blockedUntil - now) / 1000) : 0;
  }
  fail(key: string, now: number): void {
    let s = this.state.get(key);
    if (!s || (s.windowEndsAt <= now && s.blockedUntil <= now)) this.state.set(key, (s = { failures: 0, windowEndsAt: now + this.windowMs, blockedUntil: 0 }));
    s.failures += 1;
    if (s.failures >= this.budget && s.blockedUntil <= now) Object.assign(s, { blockedUntil: now + this.blockMs, windowEndsAt: now + this.blockMs, failures: 0 });
  }
}

describe('FailureLimit', () => {
  it('blocks a key after its budget of failures in a window, for the block time, and only that key', () => {
    const limit = new FailureLimit('t', 3, 60, 300);
    const t0 = 1_000_000;
    limit.fail('a', t0);
    limit.fail('a', t0 + 1);
    expect(limit.retryAfter('a', t0 + 2)).toBe(0);
    limit.fail('a', t0 + 2);
    expect(limit.retryAfter('a', t0 + 3)).toBe(300);
    expect(limit.retryAfter('b', t0 + 3)).toBe(0);
    expect(limit.retryAfter('a', t0 + 2 + 300_000)).toBe(0);
  });

  it('behaves as the plain rule for any sequence of failures and checks (model-based)', () => {
    const op = fc.record({ key: fc.constantFrom('a', 'b', 'c'), fail: fc.boolean(), advanceMs: fc.integer({ min: 0, max: 90_000 }) });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(op, { maxLength: 80 }), (budget, ops) => {
        const limit = new FailureLimit('t', budget, 60, 120);
        const model = new Model(budget, 60_000, 120_000);
        let now = 1_000_000;
        for (const { key, fail, advanceMs } of ops) {
          now += advanceMs;
          if (fail) {
            limit.fail(key, now);
            model.fail(key, now);
          }
          for (const k of ['a', 'b', 'c']) expect(limit.retryAfter(k, now)).toBe(model.retryAfter(k, now));
        }
      }),
    );
  });

  it('holds a bounded amount of memory whatever the number of distinct failing keys', () => {
    const limits = credentialLimits({ tokenFailuresPerClientPerMinute: 20, verifyFailuresPerServiceTokenPerMinute: 1000, serviceTokenFailuresPerAddressPerMinute: 20 });
    // Measure what is retained, not garbage not yet collected: a full GC before each reading.
    setFlagsFromString('--expose_gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 240_000; i += 1) limits.tokenClient.fail(clientAttemptKey(`key_${i.toString(36).padStart(26, '0')}`, '203.0.113.7'));
    expect(limits.tokenClient.size).toBeLessThanOrEqual(DEFAULT_MAX_KEYS);
    gc();
    // 240k records with a timer each grew the heap by ~330 MB; the LRU stays within a few tens.
    expect((process.memoryUsage().heapUsed - before) / 1e6).toBeLessThan(80);
  });

  it('keys client attempts by client id and address together', () => {
    expect(clientAttemptKey('key_1', '127.0.0.2')).not.toBe(clientAttemptKey('key_1', '127.0.0.1'));
    expect(clientAttemptKey(undefined, '127.0.0.1')).not.toBe(clientAttemptKey('127.0.0.1', ''));
  });
});
