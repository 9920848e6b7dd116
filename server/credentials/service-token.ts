import { timingSafeEqual } from 'node:crypto';

/**
 * Checks `Authorization: Bearer <service token>` against the configured tokens in constant time:
 * every configured token of the presented length is compared with `timingSafeEqual` on every call,
 * so the timing shows at most whether some token has that length (tokens are random and at least
 * 24 characters: their length is no secret), never how much of one matched. The header values are
 * built once, so the check costs a buffer copy and a compare.
 */
export class ServiceTokenGuard {
  private readonly expected: readonly Buffer[];

  constructor(tokens: readonly string[]) {
    this.expected = tokens.map((token) => Buffer.from(`bearer ${token}`, 'utf8'));
  }

  check(authorization: string | undefined): boolean {
    if (authorization === undefined || authorization.length < 8 || authorization.length > 4096) return false;
    // The scheme is case-insensitive (RFC 9110 §11.1): normalise it, keep the token as sent.
    const presented = Buffer.from(`bearer ${authorization.slice(7).trim()}`, 'utf8');
    if (authorization.slice(0, 7).toLowerCase() !== 'bearer ') return false;
    let matched = false;
    for (const allowed of this.expected) {
      if (allowed.length === presented.length) matched = timingSafeEqual(presented, allowed) || matched;
    }
    return matched;
  }
}
