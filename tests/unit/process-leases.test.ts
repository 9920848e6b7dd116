import fc from 'fast-check';
import { MessageChannel } from 'node:worker_threads';
import { ProcessLeaseStore } from '../../server/usage/lease-store';
import { OVERDRAFT_SHARE, RateLimiter } from '../../server/usage/rate-limiter';

/**
 * Without Redis, the main thread and the credentials thread count rate limits against one window
 * (README, "The credentials port"): the credentials thread holds the counts and answers at once,
 * the main thread leases from it through a MessagePort. Here both ends live in one thread, linked
 * as startCredentialsThread links them, and messages arrive when the event loop turns: any
 * interleaving of calls on either port and of answers in flight.
 */
const turn = () => new Promise((resolve) => setImmediate(resolve));

function linked(): { main: ProcessLeaseStore; thread: ProcessLeaseStore; channel: MessageChannel } {
  const channel = new MessageChannel();
  const main = new ProcessLeaseStore(() => 0);
  const thread = new ProcessLeaseStore(() => 0);
  main.askThread(channel.port1);
  thread.answerThread(channel.port2);
  return { main, thread, channel };
}

describe('rate limits on both ports of one process, without Redis (model)', () => {
  it('admit at most limit + floor(10 % × limit / 2) per window together, for any interleaving', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 300 }),
        fc.array(fc.record({ onThread: fc.boolean(), cost: fc.integer({ min: 0, max: 12 }), turns: fc.integer({ min: 0, max: 2 }) }), { minLength: 1, maxLength: 200 }),
        async (limit, calls) => {
          const { main, thread, channel } = linked();
          const limiters = { main: new RateLimiter(main), thread: new RateLimiter(thread) };
          const checks = [{ owner: 'key:k', spec: { name: 'w', limit, windowSeconds: 60 } }];
          let admitted = 0;
          const pending: Array<Promise<unknown>> = [];
          for (const call of calls) {
            const verdict = (call.onThread ? limiters.thread : limiters.main).admit(checks, call.cost, 1000);
            if (verdict instanceof Promise) {
              // Only the main thread ever waits: the credentials thread's counts are its own.
              expect(call.onThread).toBe(false);
              pending.push(verdict.then((v) => void (v.admitted && (admitted += call.cost))));
            } else if (verdict.admitted) admitted += call.cost;
            for (let i = 0; i < call.turns; i += 1) await turn();
          }
          await Promise.all(pending);
          expect(admitted).toBeLessThanOrEqual(limit + Math.floor((OVERDRAFT_SHARE * limit) / 2));
          channel.port1.close();
        },
      ),
      { numRuns: 100 },
    );
  });

  it('the main thread counts on its own again once the credentials thread is gone, and answers what was waiting', async () => {
    const { main, channel } = linked();
    expect(main.synchronous).toBe(false);
    expect(main.instances).toBe(2);
    // A request the thread will never answer: its end closes first.
    channel.port2.close();
    const waiting = main.acquire('key:k:w:60:0', 5, 0, 10, 60_000);
    const grant = await waiting;
    expect(grant).toEqual({ granted: 5, used: 5 });
    expect(main.synchronous).toBe(true);
    expect(main.instances).toBe(1);
    expect(main.acquire('key:k:w:60:0', 10, 0, 10, 60_000)).toEqual({ granted: 5, used: 10 });
  });
});
