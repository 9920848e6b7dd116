import type { ApiKey } from '../api-keys/api-key.entity';
import type { Application } from '../applications/application.entity';
import { badField } from '../shared/validation';
import { checkAllowedIps, checkCreditRefill, checkCredits, checkRateLimits } from './usage-rules';
import { CreditRefillSpec, RateLimitSpec } from './usage.constants';

/** The usage settings a key or application input may carry (SPEC 7); omitted keeps, null clears. */
export interface UsageInput {
  rateLimits?: RateLimitSpec[] | null;
  allowedIps?: string[] | null;
}

export interface KeyUsageInput extends UsageInput {
  credits?: number | null;
  creditRefill?: CreditRefillSpec | { amount: number; interval: CreditRefillSpec['interval']; dayOfMonth?: number | null } | null;
}

export type UsageFields = Pick<ApiKey, 'storedRateLimits' | 'allowedIps' | 'storedCredits' | 'creditRefillAmount' | 'creditRefillInterval' | 'creditRefillDay' | 'creditsRefilledAt' | 'creditEpoch'>;

export const NO_USAGE_SETTINGS: Readonly<UsageFields> = Object.freeze({
  storedRateLimits: null,
  allowedIps: null,
  storedCredits: null,
  creditRefillAmount: null,
  creditRefillInterval: null,
  creditRefillDay: null,
  creditsRefilledAt: null,
  creditEpoch: 0,
});

/** Whether an input touches only usage settings (ADMIN+ may make such a change to a key). */
export function onlyUsageSettings(input: object): boolean {
  const usage = new Set(['rateLimits', 'allowedIps', 'credits', 'creditRefill']);
  const given = Object.entries(input).filter(([, value]) => value !== undefined).map(([key]) => key);
  return given.length > 0 && given.every((key) => usage.has(key));
}

/** The checked usage fields of a new key. */
export function usageFieldsOf(input: KeyUsageInput, now: Date): UsageFields {
  const fields: UsageFields = { ...NO_USAGE_SETTINGS };
  usageChanges(fields, input, now);
  return fields;
}

/**
 * Applies the usage part of a create or update input to `target`, checking every value, and
 * answers what changed for the audit event. A new balance (credits given) moves the epoch, so
 * leases taken against the old one are dropped rather than spent.
 */
export function usageChanges(target: UsageFields, input: KeyUsageInput, now: Date): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  if (input.rateLimits !== undefined) changes.rateLimits = target.storedRateLimits = checkRateLimits('rateLimits', input.rateLimits);
  if (input.allowedIps !== undefined) changes.allowedIps = target.allowedIps = checkAllowedIps('allowedIps', input.allowedIps);
  if (input.credits !== undefined) {
    changes.credits = target.storedCredits = checkCredits('credits', input.credits);
    target.creditEpoch += 1;
    target.creditsRefilledAt = now;
  }
  if (input.creditRefill !== undefined) {
    const refill = checkCreditRefill('creditRefill', input.creditRefill);
    target.creditRefillAmount = refill?.amount ?? null;
    target.creditRefillInterval = refill?.interval ?? null;
    target.creditRefillDay = refill?.dayOfMonth ?? null;
    if (refill !== null && target.creditsRefilledAt === null) target.creditsRefilledAt = now;
    changes.creditRefill = refill;
  }
  if (target.creditRefillAmount !== null && target.storedCredits === null) throw badField('creditRefill', 'needs a credit balance: set credits too');
  return changes;
}

/** The same for an application: rate limits and an allowlist shared by all its keys. */
export function applicationUsageChanges(target: Pick<Application, 'storedRateLimits' | 'allowedIps'>, input: UsageInput): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  if (input.rateLimits !== undefined) changes.rateLimits = target.storedRateLimits = checkRateLimits('rateLimits', input.rateLimits);
  if (input.allowedIps !== undefined) changes.allowedIps = target.allowedIps = checkAllowedIps('allowedIps', input.allowedIps);
  return changes;
}
