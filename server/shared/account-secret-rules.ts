/**
 * The account-secret shape rules of SPEC 3.5, as pure functions with no Node or browser API: the
 * server enforces them (organizations/account-secret-policy.ts) and the console imports this very
 * file for its live checklist, so the two cannot drift.
 */
export const ACCOUNT_SECRET_MIN_LENGTH = 12;
export const ACCOUNT_SECRET_MAX_LENGTH = 30;
/** bcrypt reads only the first 72 bytes: a longer secret would be matched by its prefix alone. */
export const ACCOUNT_SECRET_MAX_BYTES = 72;

export type AccountSecretShapeRule = 'LENGTH' | 'UPPERCASE' | 'LETTER_OR_DIGIT';

/** Length in code points, so an emoji counts as one character. */
export const secretLength = (secret: string): number => [...secret].length;
/** UTF-8 length, counted by hand (no TextEncoder in every test environment); a lone surrogate is 3, as Node encodes it. */
export function secretBytes(secret: string): number {
  let bytes = 0;
  for (const char of secret) {
    const code = char.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

export const hasRightLength = (secret: string): boolean => {
  const length = secretLength(secret);
  return length >= ACCOUNT_SECRET_MIN_LENGTH && length <= ACCOUNT_SECRET_MAX_LENGTH && secretBytes(secret) <= ACCOUNT_SECRET_MAX_BYTES;
};
export const hasUppercase = (secret: string): boolean => /\p{Lu}/u.test(secret);
export const hasLetterOrDigit = (secret: string): boolean => /[\p{L}\p{Nd}]/u.test(secret);

/** The first shape rule the secret breaks, or null. */
export function brokenShapeRule(secret: string): AccountSecretShapeRule | null {
  if (!hasRightLength(secret)) return 'LENGTH';
  if (!hasUppercase(secret)) return 'UPPERCASE';
  if (!hasLetterOrDigit(secret)) return 'LETTER_OR_DIGIT';
  return null;
}
