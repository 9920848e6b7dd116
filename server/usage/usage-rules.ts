import { parseIpRange } from '../shared/ip-ranges';
import { badField as bad } from '../shared/validation';
import {
  CreditRefillInterval,
  CreditRefillSpec,
  MAX_ALLOWED_IPS,
  MAX_CREDITS,
  MAX_RATE_LIMIT,
  MAX_RATE_LIMITS,
  MAX_WINDOW_SECONDS,
  RATE_LIMIT_NAME,
  RateLimitSpec,
} from './usage.constants';

const isInt = (value: unknown, min: number, max: number): value is number => typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/**
 * The service-side check of a list of rate limits (the inputs' decorators say the same; this is
 * what holds whatever path the list arrives by). Answers a normalized copy; an empty list is null.
 */
export function checkRateLimits(field: string, limits: readonly RateLimitSpec[] | null | undefined): RateLimitSpec[] | null {
  if (limits === null || limits === undefined || limits.length === 0) return null;
  if (limits.length > MAX_RATE_LIMITS) throw bad(field, `may hold at most ${MAX_RATE_LIMITS} rate limits`);
  const names = new Set<string>();
  return limits.map((limit, index) => {
    const at = `${field}[${index}]`;
    if (typeof limit.name !== 'string' || !RATE_LIMIT_NAME.test(limit.name)) throw bad(`${at}.name`, 'must be 1-64 letters, digits and _ . : -');
    if (names.has(limit.name)) throw bad(`${at}.name`, `repeats the name "${limit.name}"; names must be unique`);
    names.add(limit.name);
    if (!isInt(limit.limit, 1, MAX_RATE_LIMIT)) throw bad(`${at}.limit`, `must be an integer from 1 to ${MAX_RATE_LIMIT}`);
    if (!isInt(limit.windowSeconds, 1, MAX_WINDOW_SECONDS)) throw bad(`${at}.windowSeconds`, `must be an integer from 1 to ${MAX_WINDOW_SECONDS}`);
    return { name: limit.name, limit: limit.limit, windowSeconds: limit.windowSeconds };
  });
}

/** Checks and normalizes an allowlist; an empty list is null (no allowlist). */
export function checkAllowedIps(field: string, entries: readonly string[] | null | undefined): string[] | null {
  if (entries === null || entries === undefined || entries.length === 0) return null;
  if (entries.length > MAX_ALLOWED_IPS) throw bad(field, `may hold at most ${MAX_ALLOWED_IPS} entries`);
  const seen = new Set<string>();
  const normalized: string[] = [];
  entries.forEach((raw, index) => {
    const entry = typeof raw === 'string' ? raw.trim() : raw;
    if (parseIpRange(entry) === null) throw bad(`${field}[${index}]`, `"${String(raw).slice(0, 64)}" is not an IPv4/IPv6 address or CIDR range`);
    if (!seen.has(entry)) normalized.push(entry);
    seen.add(entry);
  });
  return normalized;
}

export function checkCredits(field: string, credits: number | null | undefined): number | null {
  if (credits === null || credits === undefined) return null;
  if (!isInt(credits, 0, MAX_CREDITS)) throw bad(field, `must be an integer from 0 to ${MAX_CREDITS}`);
  return credits;
}

export function checkCreditRefill(field: string, refill: CreditRefillSpec | { amount: number; interval: CreditRefillInterval; dayOfMonth?: number | null } | null | undefined): CreditRefillSpec | null {
  if (refill === null || refill === undefined) return null;
  if (!isInt(refill.amount, 0, MAX_CREDITS)) throw bad(`${field}.amount`, `must be an integer from 0 to ${MAX_CREDITS}`);
  if (refill.interval !== CreditRefillInterval.DAILY && refill.interval !== CreditRefillInterval.MONTHLY) throw bad(`${field}.interval`, 'must be DAILY or MONTHLY');
  const day = refill.dayOfMonth ?? null;
  if (refill.interval === CreditRefillInterval.DAILY && day !== null) throw bad(`${field}.dayOfMonth`, 'is only for MONTHLY refills');
  if (day !== null && !isInt(day, 1, 31)) throw bad(`${field}.dayOfMonth`, 'must be 1-31');
  return { amount: refill.amount, interval: refill.interval, dayOfMonth: refill.interval === CreditRefillInterval.MONTHLY ? (day ?? 1) : null };
}

const DAY_MS = 86_400_000;

/** The refill instant of a month: 00:00 UTC on `day`, or on the month's last day when it is shorter. */
function monthlyBoundary(year: number, month: number, day: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(day, last));
}

/** The latest refill boundary at or before `now` (UTC). */
export function lastRefillBoundary(refill: CreditRefillSpec, now: Date): Date {
  if (refill.interval === CreditRefillInterval.DAILY) return new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  const day = refill.dayOfMonth ?? 1;
  const thisMonth = monthlyBoundary(now.getUTCFullYear(), now.getUTCMonth(), day);
  return new Date(thisMonth <= now.getTime() ? thisMonth : monthlyBoundary(now.getUTCFullYear(), now.getUTCMonth() - 1, day));
}

/** The first refill boundary after `now` (UTC). */
export function nextRefillBoundary(refill: CreditRefillSpec, now: Date): Date {
  if (refill.interval === CreditRefillInterval.DAILY) return new Date((Math.floor(now.getTime() / DAY_MS) + 1) * DAY_MS);
  const day = refill.dayOfMonth ?? 1;
  const thisMonth = monthlyBoundary(now.getUTCFullYear(), now.getUTCMonth(), day);
  return new Date(thisMonth > now.getTime() ? thisMonth : monthlyBoundary(now.getUTCFullYear(), now.getUTCMonth() + 1, day));
}

/** Whether a balance last refilled (or set) at `refilledAt` is due a refill at `now`. */
export function refillDue(refill: CreditRefillSpec | null, refilledAt: Date | null, now: Date): boolean {
  if (refill === null || refilledAt === null) return false;
  return lastRefillBoundary(refill, now).getTime() > refilledAt.getTime();
}
