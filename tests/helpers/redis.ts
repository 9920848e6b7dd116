import Redis from 'ioredis';

/** The Redis the suites share (CI starts one on the default port). */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Whether the shared Redis answers. A suite that needs it skips when it does not, saying so,
 * except under CI, where a missing Redis fails the suite instead of passing it unseen.
 */
export async function redisForSuite(suite: string): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000, retryStrategy: () => null });
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch {
    if (process.env.CI) throw new Error(`Redis is required when CI is set, and ${REDIS_URL} is not reachable`);
    console.warn(`*** Redis at ${REDIS_URL} is not reachable: the ${suite} suite is SKIPPED ***`);
    return false;
  } finally {
    probe.disconnect();
  }
}
