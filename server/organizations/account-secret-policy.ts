import { DomainError, ErrorCode } from '../errors';
import { ACCOUNT_SECRET_MAX_BYTES, ACCOUNT_SECRET_MAX_LENGTH, ACCOUNT_SECRET_MIN_LENGTH, hasLetterOrDigit, hasUppercase, secretBytes, secretLength } from '../shared/account-secret-rules';

export { ACCOUNT_SECRET_MAX_BYTES, ACCOUNT_SECRET_MAX_LENGTH, ACCOUNT_SECRET_MIN_LENGTH };

/** The rules of SPEC 3.5, named as clients see them in `extensions.rule` of a SECRET_POLICY error. */
export enum SecretPolicyRule {
  LENGTH = 'LENGTH',
  UPPERCASE = 'UPPERCASE',
  LETTER_OR_DIGIT = 'LETTER_OR_DIGIT',
  REUSED = 'REUSED',
}


export interface PolicyViolation {
  readonly rule: SecretPolicyRule;
  readonly message: string;
}

/**
 * The rules that need no history: 12–30 characters (counted as code points, so an emoji is one),
 * at least one upper-case letter, at least one letter or digit. Returns the first rule broken.
 */
export function checkAccountSecretShape(secret: string): PolicyViolation | null {
  const length = secretLength(secret);
  if (length < ACCOUNT_SECRET_MIN_LENGTH || length > ACCOUNT_SECRET_MAX_LENGTH) {
    return { rule: SecretPolicyRule.LENGTH, message: `must be ${ACCOUNT_SECRET_MIN_LENGTH} to ${ACCOUNT_SECRET_MAX_LENGTH} characters (it has ${length})` };
  }
  if (secretBytes(secret) > ACCOUNT_SECRET_MAX_BYTES) {
    return { rule: SecretPolicyRule.LENGTH, message: `must be at most ${ACCOUNT_SECRET_MAX_BYTES} bytes in UTF-8` };
  }
  if (!hasUppercase(secret)) return { rule: SecretPolicyRule.UPPERCASE, message: 'must contain an upper-case letter' };
  if (!hasLetterOrDigit(secret)) return { rule: SecretPolicyRule.LETTER_OR_DIGIT, message: 'must contain a letter or a digit' };
  return null;
}

export const REUSED: PolicyViolation = { rule: SecretPolicyRule.REUSED, message: 'must differ from the recent account secrets' };

export function secretPolicyError(field: string, violation: PolicyViolation): DomainError {
  return new DomainError(ErrorCode.SECRET_POLICY, `${field} ${violation.message}`, { rule: violation.rule, fields: [{ field, message: violation.message }] });
}

/** Hashes a secret may not repeat: the current one and the previous ones, `history` in all (newest first). */
export function hashesToAvoid(currentHash: string | null, storedHistory: string | null, history: number): string[] {
  return [...(currentHash ? [currentHash] : []), ...parseHistory(storedHistory)].slice(0, history);
}

/** The stored history after a change: the outgoing hash first, keeping what the policy can still ask about. */
export function nextHistory(currentHash: string | null, storedHistory: string | null, history: number): string | null {
  const kept = [...(currentHash ? [currentHash] : []), ...parseHistory(storedHistory)].slice(0, Math.max(history - 1, 0));
  return kept.length ? JSON.stringify(kept) : null;
}

function parseHistory(stored: string | null): string[] {
  if (!stored) return [];
  try {
    const parsed: unknown = JSON.parse(stored);
    return Array.isArray(parsed) ? parsed.filter((h): h is string => typeof h === 'string') : [];
  } catch {
    return [];
  }
}
