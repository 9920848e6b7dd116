import fc from 'fast-check';
import { MessageChannel } from 'node:worker_threads';
import { Invalidation, InvalidationBus } from '../../server/credentials/invalidation-bus';

const quiet = { warn: () => undefined };
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The main thread's bus and the credentials thread's, linked as startCredentialsThread links them (here in one thread). */
function linkedPair(): { ends: [InvalidationBus, InvalidationBus]; applied: [Invalidation[], Invalidation[]]; close(): Promise<void> } {
  const channel = new MessageChannel();
  const counts = new Int32Array(new SharedArrayBuffer(8));
  const applied: [Invalidation[], Invalidation[]] = [[], []];
  const main = new InvalidationBus(undefined, (message) => applied[0].push(message), quiet, 'origin');
  const thread = new InvalidationBus(undefined, (message) => applied[1].push(message), quiet, 'origin');
  main.linkThread({ port: channel.port1, counts, slot: 0 });
  thread.linkThread({ port: channel.port2, counts, slot: 1 });
  return { ends: [main, thread], applied, close: async () => void (await Promise.all([main.stop(), thread.stop()])) };
}

describe('the thread link: what one thread published is applied by the other before its next cache read', () => {
  it('catchUp applies a message at once, with no turn of the event loop, and never twice', async () => {
    const { ends, applied, close } = linkedPair();
    ends[0].publish({ kind: 'key', id: 'key_1' });
    // Posted but not yet delivered: a verify read now would be stale without catchUp.
    expect(applied[1]).toEqual([]);
    ends[1].catchUp();
    expect(applied[1]).toEqual([{ kind: 'key', id: 'key_1' }]);
    await turn();
    await turn();
    expect(applied[1]).toHaveLength(1);
    await close();
  });

  it('delivers without catchUp too, when the event loop turns (signing keys, idle threads)', async () => {
    const { ends, applied, close } = linkedPair();
    ends[1].publish({ kind: 'signing-keys', id: 'sgk_1' });
    for (let i = 0; i < 20 && applied[0].length === 0; i += 1) await turn();
    expect(applied[0]).toEqual([{ kind: 'signing-keys', id: 'sgk_1' }]);
    await close();
  });

  /**
   * Model-based: any interleaving of publishes from either end, catchUps and event-loop turns.
   * After a catchUp an end has applied exactly what the other end published, in order; a
   * sender never hears its own messages.
   */
  it('after any interleaving, a catchUp leaves an end with exactly what the other published, in order', async () => {
    const command = fc.oneof(
      fc.record({ op: fc.constant('publish' as const), end: fc.constantFrom(0, 1), id: fc.stringMatching(/^[a-z0-9_|]{1,12}$/) }),
      fc.record({ op: fc.constant('catchUp' as const), end: fc.constantFrom(0, 1) }),
      fc.record({ op: fc.constant('turn' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(command, { maxLength: 40 }), async (commands) => {
        const { ends, applied, close } = linkedPair();
        const published: [Invalidation[], Invalidation[]] = [[], []];
        try {
          for (const c of commands) {
            if (c.op === 'publish') {
              const message: Invalidation = { kind: 'key', id: c.id };
              published[c.end].push(message);
              ends[c.end].publish(message);
            } else if (c.op === 'catchUp') {
              ends[c.end].catchUp();
              expect(applied[c.end]).toEqual(published[1 - c.end]);
            } else {
              await turn();
              // Whatever was delivered so far is a prefix of what was sent, in order.
              for (const end of [0, 1] as const) expect(published[1 - end].slice(0, applied[end].length)).toEqual(applied[end]);
            }
          }
        } finally {
          await close();
        }
      }),
      { numRuns: 200 },
    );
  });
});
