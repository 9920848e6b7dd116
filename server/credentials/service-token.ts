import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Checks `Authorization: Bearer <service token>` against the configured tokens in constant time:
 * both sides are hashed to 32 bytes, so neither the content nor the length of a configured token
 * shows in the timing, and every configured token is compared on every call.
 */
export class ServiceTokenGuard {
  private readonly digests: readonly Buffer[];

  constructor(tokens: readonly string[]) {
    this.digests = tokens.map(digest);
  }

  check(authorization: string | undefined): boolean {
    if (authorization === undefined || authorization.length < 8 || authorization.length > 4096) return false;
    if (authorization.slice(0, 7).toLowerCase() !== 'bearer ') return false;
    const presented = digest(authorization.slice(7).trim());
    let matched = false;
    for (const allowed of this.digests) matched = timingSafeEqual(presented, allowed) || matched;
    return matched;
  }
}
