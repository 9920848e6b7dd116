import Redis from 'ioredis';
import { Invalidation, InvalidationBus } from '../../server/credentials/invalidation-bus';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const quiet = { warn: () => undefined };

async function until(check: () => boolean, limitMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > limitMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('credentials: cache invalidation bus over Redis', () => {
  const buses: InvalidationBus[] = [];
  afterAll(async () => {
    await Promise.all(buses.map((bus) => bus.stop()));
  });

  function bus(received: Invalidation[]): InvalidationBus {
    const created = new InvalidationBus(REDIS_URL, (message) => received.push(message), quiet);
    buses.push(created);
    return created;
  }

  it('carries an invalidation to the other instances, not back to the sender', async () => {
    const fromA: Invalidation[] = [];
    const fromB: Invalidation[] = [];
    const a = bus(fromA);
    const b = bus(fromB);
    await Promise.all([a.start(), b.start()]);
    const keyId = `key_bus_${Date.now()}`;
    a.publish({ kind: 'key', id: keyId });
    await until(() => fromB.some((m) => m.kind === 'key' && m.id === keyId), 1000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fromA.some((m) => m.id === keyId)).toBe(false);
  });

  it('drops everything after its subscription was cut, since pub/sub does not replay what was missed', async () => {
    const received: Invalidation[] = [];
    const subscriber = bus(received);
    await subscriber.start();
    const name = `keyward-credentials-${subscriber.origin}`;
    const admin = new Redis(REDIS_URL);
    try {
      // Cut this bus's subscription only (each bus names its connections after its origin).
      const clients = String(await admin.client('LIST'))
        .split('\n')
        .filter((line) => line.includes(`name=${name} `) && line.includes('cmd=subscribe'));
      expect(clients.length).toBeGreaterThan(0);
      for (const line of clients) {
        const id = /\bid=(\d+)/.exec(line)?.[1];
        if (id) await admin.client('KILL', 'ID', id);
      }
    } finally {
      admin.disconnect();
    }
    await until(() => received.some((m) => m.kind === 'all'));
  });
});
