import { LRUCache } from 'lru-cache';
import { ApiKeyKind, ApiKeySecretStatus, ApiKeyStatus, Environment } from '../api-keys/api-key.enums';
import type { Usage } from '../usage/governor';
import { LimitState, NO_LIMIT_STATES, STATE_TEXT } from '../usage/rate-limiter';

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


/** Answers, with their JSON texts, kept for the credentials answered again most recently. */
const ANSWERS_KEPT = 200_000;

/**
 * A kept answer's JSON text, written once when the answer is made and stored on it (a symbol key,
 * not enumerable: JSON.stringify and object spread skip it), so the text lives and goes with its
 * answer and a hit finds both with one lookup.
 */
const TEXT = Symbol('JSON text');
type Textual = VerifyResult & { readonly [TEXT]?: string };

/** Freezes an answer with its text: one that will be sent again and again. */
function withText<T extends object>(result: T): Readonly<T> {
  Object.defineProperty(result, TEXT, { value: JSON.stringify(result) });
  return Object.freeze(result);
}

const unknownKey = (code: VerifyCode.MALFORMED | VerifyCode.NOT_FOUND): VerifyResult =>
  withText({ valid: false, code, keyId: null, applicationId: null, organizationId: null, environment: null, scopes: Object.freeze([]), destination: null, webhookUrl: null, metadata: null, expiresAt: null, rateLimits: NO_LIMIT_STATES, credits: null });

export const MALFORMED_RESULT = unknownKey(VerifyCode.MALFORMED);
export const NOT_FOUND_RESULT = unknownKey(VerifyCode.NOT_FOUND);

/** The fields of the answer for a key that was found: it describes the key whatever the code, for the caller's logs. */
function answerFields(credential: Credential, code: VerifyCode) {
  return {
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
    rateLimits: NO_LIMIT_STATES,
    credits: null,
  };
}

/** The answer for a key that was found, made for one use (its text is written when it is sent). */
export function resultFor(credential: Credential, code: VerifyCode): VerifyResult {
  return Object.freeze(answerFields(credential, code));
}

/**
 * The shared answers of cached credentials, with their JSON texts: immutable per credential and
 * code, so made once and reused — for up to 200,000 credentials answered again recently (lru-cache).
 * A credential keeps its one answer directly (nearly every key is only ever answered one way) and a
 * Map only once a second code is asked for. Bounded, not weak: a WeakMap gave every cached key an
 * answer (≈ 120 bytes) and an ephemeron, and V8 marks ephemerons slowly — a full collection with a
 * million cached keys took 608 ms with it and 360 ms without (bench:cache-memory).
 *
 * A credential's answer is kept from its second answer within the last 200,000 credentials answered
 * (`seen`, which holds no objects of its own): kept on first use, the answers and texts of traffic
 * spread over more keys than that (a million keys verified at random) were all evicted before
 * their next use, and each lived long enough to reach the old generation — a steady stream of
 * garbage there. An answer not kept costs ≈ 5 µs to make and write, as an evicted one did.
 */
export class Answers {
  private readonly byCredential: LRUCache<Credential, VerifyResult | Map<VerifyCode, VerifyResult>>;
  /** Credentials answered once recently: the next answer is kept. */
  private readonly seen: LRUCache<Credential, true>;

  constructor(capacity = ANSWERS_KEPT) {
    this.byCredential = new LRUCache({ max: capacity });
    this.seen = new LRUCache({ max: capacity });
  }

  of(credential: Credential, code: VerifyCode): VerifyResult {
    const known = this.byCredential.get(credential);
    if (known === undefined) {
      if (!this.seen.has(credential)) {
        this.seen.set(credential, true);
        return resultFor(credential, code);
      }
      const result = withText(answerFields(credential, code));
      this.byCredential.set(credential, result);
      return result;
    }
    if (!(known instanceof Map)) {
      if (known.code === code) return known;
      const result = withText(answerFields(credential, code));
      this.byCredential.set(credential, new Map([[known.code, known], [code, result]]));
      return result;
    }
    let result = known.get(code);
    if (result === undefined) {
      result = withText(answerFields(credential, code));
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
  // Field by field, in the shared answer's order: a literal is allocated at once, where a spread of
  // the frozen answer took 15 times as long (≈ 215 against 13 ns). A field added to VerifyResult
  // and not here does not compile.
  const result: GovernedResult = {
    valid: base.valid,
    code: base.code,
    keyId: base.keyId,
    applicationId: base.applicationId,
    organizationId: base.organizationId,
    environment: base.environment,
    scopes: base.scopes,
    destination: base.destination,
    webhookUrl: base.webhookUrl,
    metadata: base.metadata,
    expiresAt: base.expiresAt,
    rateLimits,
    credits,
    [BASE]: base,
  };
  return result;
}

/** JSON.stringify's text of the states, each written from the text its window made once (`STATE_TEXT`). */
function limitsJson(states: readonly LimitState[]): string {
  if (states.length === 0) return '[]';
  let text = '[';
  for (let i = 0; i < states.length; i += 1) {
    const state = states[i]!;
    const around = state[STATE_TEXT];
    if (i > 0) text += ',';
    text += around !== undefined && Number.isFinite(state.remaining) ? `${around[0]}${state.remaining}${around[1]}` : JSON.stringify(state);
  }
  return `${text}]`;
}

const creditsJson = (credits: { readonly remaining: number }): string => (Number.isFinite(credits.remaining) ? `{"remaining":${credits.remaining}}` : JSON.stringify(credits));

/** How every shared answer's JSON ends: its usage fields come last, empty (see `answerFields`). */
const NO_USAGE_TAIL = ',"rateLimits":[],"credits":null}';

/**
 * The JSON text of an answer: a kept answer carries its text (see `Answers`), so a cache hit of a
 * key in use sends a ready string; an answer made for one use is written now. An answer built per
 * call (a key with rate limits or credits) is its shared answer's text with only the usage fields
 * written per call.
 */
export function jsonOf(result: VerifyResult): string {
  if (!Object.isFrozen(result)) {
    const base = (result as Partial<GovernedResult>)[BASE];
    if (base === undefined) return JSON.stringify(result);
    // The shared answer's text (kept while the key is in use) less its empty usage fields.
    const head = jsonOf(base).slice(0, -NO_USAGE_TAIL.length);
    return `${head},"rateLimits":${limitsJson(result.rateLimits)},"credits":${result.credits === null ? 'null' : creditsJson(result.credits)}}`;
  }
  return (result as Textual)[TEXT] ?? JSON.stringify(result);
}
