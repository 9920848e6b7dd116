import { LRUCache } from 'lru-cache';
import { ApiKeyKind, ApiKeySecretStatus, ApiKeyStatus, Environment } from '../api-keys/api-key.enums';
import type { Usage } from '../usage/governor';
import type { LimitState } from '../usage/rate-limiter';

/** The codes `POST /v1/keys/verify` answers (SPEC 4.2). */
export enum VerifyCode {
  VALID = 'VALID',
  MALFORMED = 'MALFORMED',
  NOT_FOUND = 'NOT_FOUND',
  REVOKED = 'REVOKED',
  EXPIRED = 'EXPIRED',
  INACTIVE = 'INACTIVE',
  TEMPORARY_KEY = 'TEMPORARY_KEY',
  APPLICATION_DISABLED = 'APPLICATION_DISABLED',
  INSUFFICIENT_SCOPE = 'INSUFFICIENT_SCOPE',
  /** SPEC 7: `ip` missing or outside an allowlist of the key or its application. */
  IP_NOT_ALLOWED = 'IP_NOT_ALLOWED',
  RATE_LIMITED = 'RATE_LIMITED',
  USAGE_EXCEEDED = 'USAGE_EXCEEDED',
}

export const VERIFY_CODES: readonly VerifyCode[] = Object.values(VerifyCode);

/**
 * Everything verify and the token endpoint need about one secret, read with one joined query and
 * kept in the in-process cache. Field names follow the entities so `effectiveStatus` applies as is.
 */
export interface Credential {
  readonly keyId: string;
  readonly applicationId: string;
  readonly organizationId: string;
  readonly environment: Environment;
  readonly kind: ApiKeyKind;
  readonly storedStatus: ApiKeyStatus;
  readonly expiresAt: Date | null;
  readonly scopes: readonly string[];
  readonly scopeSet: ReadonlySet<string>;
  readonly destination: string | null;
  readonly webhookUrl: string | null;
  readonly metadata: Record<string, unknown> | null;
  /** The secret's fields, flat: an object of its own per credential cost ≈ 48 bytes and one more object for V8 to mark. */
  readonly secretId: string;
  readonly secretStatus: ApiKeySecretStatus;
  readonly secretExpiresAt: Date | null;
  readonly applicationEnabled: boolean;
  readonly tokenTtlSeconds: number;
  /** Rate limits, allowlists and credits of the key and its application; null when it has none. */
  readonly usage: Usage | null;
}

/** The answer of verify, always sent with status 200. */
export interface VerifyResult {
  readonly valid: boolean;
  readonly code: VerifyCode;
  readonly keyId: string | null;
  readonly applicationId: string | null;
  readonly organizationId: string | null;
  readonly environment: Environment | null;
  readonly scopes: readonly string[];
  readonly destination: string | null;
  readonly webhookUrl: string | null;
  readonly metadata: Record<string, unknown> | null;
  readonly expiresAt: string | null;
  /** SPEC 7: the state of every limit the call was counted against (empty without limits). */
  readonly rateLimits: readonly LimitState[];
  /** SPEC 7: the key's credits after this call; null for a key without credits. */
  readonly credits: { readonly remaining: number } | null;
}

const NO_LIMITS: readonly LimitState[] = Object.freeze([]);

/** Answers (and their JSON texts, below) kept for the credentials answered most recently. */
const ANSWERS_KEPT = 200_000;

const unknownKey = (code: VerifyCode.MALFORMED | VerifyCode.NOT_FOUND): VerifyResult =>
  Object.freeze({ valid: false, code, keyId: null, applicationId: null, organizationId: null, environment: null, scopes: Object.freeze([]), destination: null, webhookUrl: null, metadata: null, expiresAt: null, rateLimits: NO_LIMITS, credits: null });

export const MALFORMED_RESULT = unknownKey(VerifyCode.MALFORMED);
export const NOT_FOUND_RESULT = unknownKey(VerifyCode.NOT_FOUND);

/** On an answer not kept (see `Answers`): its JSON text is not kept either (a symbol key: JSON.stringify skips it). */
const PASSING = Symbol('answer not kept');

/** The answer for a key that was found: it describes the key whatever the code, for the caller's logs. */
export function resultFor(credential: Credential, code: VerifyCode, passing = false): VerifyResult {
  const result = {
    valid: code === VerifyCode.VALID,
    code,
    keyId: credential.keyId,
    applicationId: credential.applicationId,
    organizationId: credential.organizationId,
    environment: credential.environment,
    scopes: credential.scopes,
    destination: credential.destination,
    webhookUrl: credential.webhookUrl,
    metadata: credential.metadata,
    expiresAt: credential.expiresAt ? credential.expiresAt.toISOString() : null,
    rateLimits: NO_LIMITS,
    credits: null,
  };
  return Object.freeze(passing ? { ...result, [PASSING]: true } : result);
}

/**
 * The shared answers of cached credentials: immutable per credential and code, so built once and
 * reused — for up to 200,000 credentials answered recently (lru-cache, as `serialized` below).
 * A credential keeps its one answer directly (nearly every key is only ever answered one way) and a
 * Map only once a second code is asked for. Bounded, not weak: a WeakMap gave every cached key an
 * answer (≈ 120 bytes) and an ephemeron, and V8 marks ephemerons slowly — a full collection with a
 * million cached keys took 608 ms with it and 360 ms without (bench:cache-memory).
 *
 * A credential's answer is kept from its second answer within the last 200,000 credentials answered
 * (`seen`, which holds no objects of its own): kept on first use, the answers and texts of traffic
 * spread over more keys than that (a million keys verified at random) were all evicted before
 * their next use, and each lived long enough to reach the old generation — a steady stream of
 * garbage there that kept the heap 30 % above its live size. An answer not kept costs ≈ 5 µs to
 * build and write (JSON.stringify), as an evicted one did.
 */
export class Answers {
  private readonly byCredential = new LRUCache<Credential, VerifyResult | Map<VerifyCode, VerifyResult>>({ max: ANSWERS_KEPT });
  /** Credentials answered once recently: the next answer is kept. */
  private readonly seen = new LRUCache<Credential, true>({ max: ANSWERS_KEPT });

  of(credential: Credential, code: VerifyCode): VerifyResult {
    const known = this.byCredential.get(credential);
    if (known === undefined) {
      if (!this.seen.has(credential)) {
        this.seen.set(credential, true);
        return resultFor(credential, code, true);
      }
      const result = resultFor(credential, code);
      this.byCredential.set(credential, result);
      return result;
    }
    if (!(known instanceof Map)) {
      if (known.code === code) return known;
      const result = resultFor(credential, code);
      this.byCredential.set(credential, new Map([[known.code, known], [code, result]]));
      return result;
    }
    let result = known.get(code);
    if (result === undefined) {
      result = resultFor(credential, code);
      known.set(code, result);
    }
    return result;
  }
}

/** On an answer built per call: the shared answer it extends (a symbol key: JSON.stringify skips it). */
const BASE = Symbol('base answer');
type GovernedResult = VerifyResult & { readonly [BASE]: VerifyResult };

/** The answer of a call that was counted: built per call, since remaining counts change with each. */
export function governedResultFor(base: VerifyResult, rateLimits: readonly LimitState[], credits: { readonly remaining: number } | null): VerifyResult {
  const result: GovernedResult = { ...base, rateLimits, credits, [BASE]: base };
  return result;
}

/**
 * The JSON of the 200,000 kept answers sent most recently (lru-cache, as the failure limits use). Kept for every
 * cached key, these texts were a third of a cached credential's memory (≈ 500 of 1,500 bytes; a
 * million keys took 1.8 GB RSS, now 1.1 GB: bench:cache-memory). Keys in use send a ready string;
 * a key outside that set writes its text again, ≈ 5 µs on this machine (JSON.stringify and the
 * eviction's churn), against ≈ 0.6 µs for a kept text.
 */
const serialized = new LRUCache<VerifyResult, string>({ max: ANSWERS_KEPT });
/** How every shared answer's JSON ends: its usage fields come last, empty (see `resultFor`). */
const NO_USAGE_TAIL = ',"rateLimits":[],"credits":null}';

/**
 * The JSON text of an answer: verify's answers are immutable and shared by every request for the
 * same key and code, so a cache hit of a key in use sends a ready string (see `serialized`). An
 * answer built per call (a key with rate limits or credits) is its shared answer's text with only
 * the usage fields written per call.
 */
export function jsonOf(result: VerifyResult): string {
  if (!Object.isFrozen(result)) {
    const base = (result as Partial<GovernedResult>)[BASE];
    if (base === undefined) return JSON.stringify(result);
    // The shared answer's text (kept while the key is in use) less its empty usage fields.
    const head = jsonOf(base).slice(0, -NO_USAGE_TAIL.length);
    return `${head},"rateLimits":${JSON.stringify(result.rateLimits)},"credits":${result.credits === null ? 'null' : JSON.stringify(result.credits)}}`;
  }
  if ((result as { [PASSING]?: true })[PASSING]) return JSON.stringify(result);
  let json = serialized.get(result);
  if (json === undefined) {
    json = JSON.stringify(result);
    serialized.set(result, json);
  }
  return json;
}
