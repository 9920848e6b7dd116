import { Secret, TOTP } from 'otpauth';

/** RFC 6238 as SPEC 10 fixes it: HMAC-SHA-1, 30-second steps, 6 digits, one step either side. */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const TOTP_WINDOW = 1;

const totpOf = (secret: Secret, digits = TOTP_DIGITS, label = 'keyward', issuer = 'Keyward'): TOTP =>
  new TOTP({ issuer, label, algorithm: 'SHA1', digits, period: TOTP_PERIOD_SECONDS, secret });

/** A fresh 160-bit secret (RFC 4226 recommends the HMAC's output size), base32 as authenticator apps expect. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://totp/…` URI an authenticator app reads from the QR code. */
export function otpauthUri(secretBase32: string, account: string, issuer: string): string {
  return totpOf(Secret.fromBase32(secretBase32), TOTP_DIGITS, account, issuer).toString();
}

/** The time step (RFC 6238's T) of an instant. */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code of `at`'s step; `digits` other than 6 only for the RFC's test vectors. */
export function totpCode(secret: Secret | string, at: Date, digits = TOTP_DIGITS): string {
  const s = typeof secret === 'string' ? Secret.fromBase32(secret) : secret;
  return totpOf(s, digits).generate({ timestamp: at.getTime() });
}

/**
 * The step whose code `code` is, within ±1 step of `at`, or null. A step at or before
 * `lastUsedStep` is refused, so a code (or an older one still in the window) works once.
 */
export function matchTotp(secretBase32: string, code: string, at: Date, lastUsedStep: number | null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpOf(Secret.fromBase32(secretBase32)).validate({ token: code, timestamp: at.getTime(), window: TOTP_WINDOW });
  if (delta === null) return null;
  const step = totpStep(at) + delta;
  if (lastUsedStep !== null && step <= lastUsedStep) return null;
  return step;
}
