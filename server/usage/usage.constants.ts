/** SPEC 7's names and bounds, free of decorators (config and pure rules import them). */
/** Bounds: limits per owner, window length, entries of an allowlist, credits. */
export const MAX_RATE_LIMITS = 10;
export const MAX_RATE_LIMIT = 1_000_000_000;
export const MAX_WINDOW_SECONDS = 86_400;
export const MAX_ALLOWED_IPS = 100;
export const MAX_CREDITS = 1_000_000_000;
export const MAX_COST = 1000;
export const RATE_LIMIT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

export enum CreditRefillInterval {
  DAILY = 'DAILY',
  MONTHLY = 'MONTHLY',
}

export enum CreditOperation {
  SET = 'SET',
  INCREMENT = 'INCREMENT',
  DECREMENT = 'DECREMENT',
}

/** The shape both the entity columns and GraphQL use. */
export interface RateLimitSpec {
  readonly name: string;
  readonly limit: number;
  readonly windowSeconds: number;
}

export interface CreditRefillSpec {
  readonly amount: number;
  readonly interval: CreditRefillInterval;
  readonly dayOfMonth: number | null;
}

