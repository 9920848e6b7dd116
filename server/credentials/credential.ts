import { ApiKeyKind, ApiKeySecretStatus, ApiKeyStatus, Environment } from '../api-keys/api-key.enums';

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
  readonly secret: { readonly id: string; readonly storedStatus: ApiKeySecretStatus; readonly expiresAt: Date | null };
  readonly applicationEnabled: boolean;
  readonly tokenTtlSeconds: number;
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
}

const unknownKey = (code: VerifyCode.MALFORMED | VerifyCode.NOT_FOUND): VerifyResult =>
  Object.freeze({ valid: false, code, keyId: null, applicationId: null, organizationId: null, environment: null, scopes: Object.freeze([]), destination: null, webhookUrl: null, metadata: null, expiresAt: null });

export const MALFORMED_RESULT = unknownKey(VerifyCode.MALFORMED);
export const NOT_FOUND_RESULT = unknownKey(VerifyCode.NOT_FOUND);

/** The answer for a key that was found: it describes the key whatever the code, for the caller's logs. */
export function resultFor(credential: Credential, code: VerifyCode): VerifyResult {
  return Object.freeze({
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
  });
}

const serialized = new WeakMap<VerifyResult, string>();

/**
 * The JSON text of an answer, made once per answer object: verify's answers are immutable and
 * shared by every request for the same key and code, so a cache hit sends a ready string.
 */
export function jsonOf(result: VerifyResult): string {
  let json = serialized.get(result);
  if (json === undefined) {
    json = JSON.stringify(result);
    serialized.set(result, json);
  }
  return json;
}
