import { InvalidationBus, reconnectDelay } from '../../server/credentials/invalidation-bus';
import { createPubSubHandle } from '../../server/events/pubsub';
import { PrivateRedis } from '../helpers/private-redis';

jest.setTimeout(60_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const quiet = { warn: () => undefined };

/**
 * A Redis restart must not leave an instance on stale caches or with silent subscriptions for
 * long: ioredis backs off to 2 s between attempts by default, which let a revocation made while
 * Redis was away verify as valid for up to 2 s after Redis came back (found by the fault test).
 */
describe('a Redis restart (private Redis)', () => {
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await PrivateRedis.create();
  });
  afterAll(async () => redis?.kill());

  it('tries to reconnect at least every 200 ms however long Redis has been away', () => {
    for (let times = 1; times <= 1000; times += 1) expect(reconnectDelay(times)).toBeLessThanOrEqual(200);
  });

  it('drops the verify cache and tells subscriptions to replay within a second of Redis coming back, after a 6 s outage', async () => {
    const cleared: number[] = [];
    const bus = new InvalidationBus(redis.url, (message) => message.kind === 'all' && cleared.push(Date.now()), quiet);
    await bus.start();
    const handle = createPubSubHandle(redis.url);
    const replays: number[] = [];
    handle.feed.onReconnect((lostAt) => replays.push(lostAt <= Date.now() ? Date.now() : -1));
    await handle.feed.barrier();
    try {
      await redis.kill();
      await sleep(6000);
      await redis.start();
      const back = Date.now();
      while ((cleared.length === 0 || replays.length === 0) && Date.now() - back < 10_000) await sleep(20);
      expect(cleared.length).toBeGreaterThan(0);
      expect(replays.length).toBeGreaterThan(0);
      expect(cleared[0]! - back).toBeLessThanOrEqual(1000);
      expect(replays[0]! - back).toBeLessThanOrEqual(1000);
      expect(replays[0]).toBeGreaterThan(0);
    } finally {
      await bus.stop();
      await handle.close();
    }
  });
});
