import fc from 'fast-check';
import { ApiKeyKind, ApiKeySecretStatus, ApiKeyStatus, Environment } from '../../server/api-keys/api-key.enums';
import { Answers, Credential, governedResultFor, jsonOf, resultFor, VERIFY_CODES, VerifyCode } from '../../server/credentials/credential';
import { MemoryLeaseStore } from '../../server/usage/lease-store';
import { RateLimiter } from '../../server/usage/rate-limiter';

/**
 * Verify sends prebuilt JSON text; an answer with usage fields reuses its shared answer's text and
 * writes only those fields per call. Whatever the key and the counts, the text must be exactly
 * what JSON.stringify makes of the answer.
 */
const text = fc.string({ maxLength: 12 });
const credential: fc.Arbitrary<Credential> = fc.record({
  keyId: text, applicationId: text, organizationId: text,
  scopes: fc.array(text, { maxLength: 3 }),
  destination: fc.option(text), webhookUrl: fc.option(text),
  metadata: fc.option(fc.dictionary(text, fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null)), { maxKeys: 3 })),
  expiresAt: fc.option(fc.date({ min: new Date(0), max: new Date(4102444800000), noInvalidDate: true })),
}).map((c) => ({
  ...c,
  environment: Environment.TEST, kind: ApiKeyKind.PERMANENT, storedStatus: ApiKeyStatus.ACTIVE, scopeSet: new Set(c.scopes),
  secretId: 'sec_1', secretStatus: ApiKeySecretStatus.ACTIVE, secretExpiresAt: null, applicationEnabled: true, tokenTtlSeconds: 3600, usage: null,
}));
const limitState = fc.record({ name: text, limit: fc.nat(), remaining: fc.nat(), resetAt: fc.date({ min: new Date(0), max: new Date(4102444800000), noInvalidDate: true }).map((d) => d.toISOString()) });

describe('verify answers as JSON text', () => {
  it('an answer built per call is sent exactly as JSON.stringify writes it', () => {
    fc.assert(
      fc.property(credential, fc.constantFrom(...VERIFY_CODES), fc.array(limitState, { maxLength: 3 }), fc.option(fc.record({ remaining: fc.nat() })), (c, code, rateLimits, credits) => {
        const base = resultFor(c, code);
        const governed = governedResultFor(base, rateLimits, credits);
        expect(jsonOf(governed)).toBe(JSON.stringify(governed));
        expect(JSON.parse(jsonOf(governed))).toEqual({ ...JSON.parse(jsonOf(base)), rateLimits, credits });
      }),
    );
  });

  it('states made by the rate limiter (their text written once per window) are sent exactly as JSON.stringify writes them', () => {
    const spec = fc.record({ name: fc.string({ minLength: 1, maxLength: 12 }), limit: fc.integer({ min: 1, max: 1_000_000_000 }), windowSeconds: fc.integer({ min: 1, max: 86_400 }) });
    fc.assert(
      fc.property(credential, fc.uniqueArray(spec, { maxLength: 4, selector: (s) => s.name }), fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.integer({ min: 1, max: 5 }), fc.option(fc.record({ remaining: fc.nat() })), (c, specs, nowMs, calls, credits) => {
        const limiter = new RateLimiter(new MemoryLeaseStore(() => 0));
        const checks = specs.map((s) => ({ owner: 'key:k1', spec: s }));
        for (let i = 0; i < calls; i += 1) {
          const verdict = limiter.admit(checks, 1, nowMs);
          if (verdict instanceof Promise) throw new Error('the memory store answers at once');
          const governed = governedResultFor(resultFor(c, VerifyCode.VALID), verdict.states, credits);
          expect(jsonOf(governed)).toBe(JSON.stringify(governed));
        }
      }),
    );
  });

  it('more answers than the texts kept: one whose text was let go is written again the same', () => {
    const answers = new Answers();
    const sample = (i: number) => ({ keyId: `key_${i}`, applicationId: 'app_1', organizationId: 'org_1', scopes: ['payments:read'], destination: null, webhookUrl: null, metadata: null, expiresAt: null, environment: Environment.LIVE, kind: ApiKeyKind.PERMANENT, storedStatus: ApiKeyStatus.ACTIVE, scopeSet: new Set(['payments:read']), secretId: `sec_${i}`, secretStatus: ApiKeySecretStatus.ACTIVE, secretExpiresAt: null, applicationEnabled: true, tokenTtlSeconds: 3600, usage: null }) as Credential;
    const credentials = Array.from({ length: 230_000 }, (_, i) => sample(i));
    // More answers than the texts kept (the 200,000 most recent): the first ones' texts are dropped.
    for (const c of credentials) jsonOf(answers.of(c, VerifyCode.VALID));
    for (const i of [0, 1, 120_000, 229_999]) expect(jsonOf(answers.of(credentials[i]!, VerifyCode.VALID))).toBe(JSON.stringify(resultFor(credentials[i]!, VerifyCode.VALID)));
  });

  it('a credential answered again keeps one shared answer per code, the same object every time', () => {
    fc.assert(
      fc.property(credential, fc.array(fc.constantFrom(...VERIFY_CODES), { minLength: 1, maxLength: 8 }), (c, codes) => {
        const answers = new Answers();
        // Its first answer passes (not kept, nor its text); from the second on, answers are kept.
        const passing = answers.of(c, codes[0]!);
        expect(JSON.stringify(passing)).toBe(JSON.stringify(resultFor(c, codes[0]!)));
        expect(jsonOf(passing)).toBe(JSON.stringify(resultFor(c, codes[0]!)));
        expect(answers.of(c, codes[0]!)).not.toBe(passing);
        const first = new Map<string, unknown>();
        for (const code of codes) {
          const answer = answers.of(c, code);
          expect(answer).toEqual(resultFor(c, code));
          if (first.has(code)) expect(answer).toBe(first.get(code));
          first.set(code, answer);
        }
      }),
    );
  });

  it('model: whatever credentials and codes are asked in whatever order, past the capacity, each answer is its fields and its text is theirs', () => {
    // A small capacity, so kept answers are evicted and made again within a run.
    const credentials = fc.array(credential, { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(credentials, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...VERIFY_CODES)), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 4 }), (cs, asks, capacity) => {
        const answers = new Answers(capacity);
        for (const [i, code] of asks) {
          const c = cs[i % cs.length]!;
          const expected = JSON.stringify(resultFor(c, code));
          const answer = answers.of(c, code);
          expect(JSON.stringify(answer)).toBe(expected);
          expect(jsonOf(answer)).toBe(expected);
          // With usage fields on top, the text is the shared text with only those fields written.
          const governed = governedResultFor(answer, [], { remaining: 7 });
          expect(jsonOf(governed)).toBe(JSON.stringify(governed));
          // Asked again at once, a credential's answer is kept and then the same object.
          const again = answers.of(c, code);
          expect(answers.of(c, code)).toBe(again);
          expect(jsonOf(again)).toBe(expected);
        }
      }),
      { numRuns: 300 },
    );
  });
});
