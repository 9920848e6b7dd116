import type { RateLimitInput } from '../gql/graphql';

/** One limit per line, `name limit windowSeconds` (e.g. `per-second 50 1`); the server checks the values. */
export function parseRateLimits(text: string): { limits: RateLimitInput[]; problem: string | null } {
  const limits: RateLimitInput[] = [];
  const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
  for (const [index, line] of lines.entries()) {
    const parts = line.split(/\s+/);
    const [name, limit, windowSeconds] = parts;
    if (parts.length !== 3 || !/^\d+$/.test(limit ?? '') || !/^\d+$/.test(windowSeconds ?? '')) {
      return { limits: [], problem: `Line ${index + 1}: write "name limit windowSeconds", e.g. "per-second 50 1"` };
    }
    limits.push({ name: name!, limit: Number(limit), windowSeconds: Number(windowSeconds) });
  }
  return { limits, problem: null };
}

export const rateLimitsText = (limits: readonly RateLimitInput[]): string => limits.map((l) => `${l.name} ${l.limit} ${l.windowSeconds}`).join('\n');

export const ipsText = (ips: readonly string[] | null | undefined): string => (ips ?? []).join('\n');

export const parseIps = (text: string): string[] => text.split(/[\n,]/).map((ip) => ip.trim()).filter(Boolean);

/** "50 / 1 s", "100000 / 86400 s" */
export const describeLimit = (limit: RateLimitInput): string => `${limit.name}: ${limit.limit.toLocaleString('en')} / ${limit.windowSeconds} s`;
