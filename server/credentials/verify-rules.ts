import { ApiKeyKind, ApiKeySecretStatus, ApiKeyStatus } from '../api-keys/api-key.enums';
import { effectiveStatus, secretStatusAt } from '../api-keys/key-status';
import { Credential, VerifyCode } from './credential';

/**
 * The verdict on a found credential at `now`. Order matters and is part of the contract: a state
 * that cannot change back (revoked, temporary) is reported before one that can (disabled
 * application, inactive key), and scopes are only checked for a key that is otherwise usable.
 */
export function decide(credential: Credential, now: Date, requiredScopes: readonly string[] | undefined): VerifyCode {
  const status = effectiveStatus(credential, now);
  if (status === ApiKeyStatus.REVOKED) return VerifyCode.REVOKED;
  if (credential.kind === ApiKeyKind.TEMPORARY || status === ApiKeyStatus.PENDING_EXCHANGE || status === ApiKeyStatus.EXCHANGED) return VerifyCode.TEMPORARY_KEY;
  if (status === ApiKeyStatus.EXPIRED) return VerifyCode.EXPIRED;
  // A rotated-out secret whose grace period ended no longer opens the key.
  if (secretStatusAt(credential.secretStatus, credential.secretExpiresAt, now) !== ApiKeySecretStatus.ACTIVE) return VerifyCode.EXPIRED;
  if (!credential.applicationEnabled) return VerifyCode.APPLICATION_DISABLED;
  if (status !== ApiKeyStatus.ACTIVE) return VerifyCode.INACTIVE;
  if (requiredScopes !== undefined && missingScopes(credential.scopeSet, requiredScopes).length > 0) return VerifyCode.INSUFFICIENT_SCOPE;
  return VerifyCode.VALID;
}

export function missingScopes(held: ReadonlySet<string>, wanted: readonly string[]): string[] {
  const missing: string[] = [];
  for (const scope of wanted) if (!held.has(scope)) missing.push(scope);
  return missing;
}
