import { Repeater } from '@graphql-yoga/subscription';
import fc from 'fast-check';
import { AuditEvent } from '../../server/events/audit-event.entity';
import { eventIdFloor, eventIdTime, resumableAuditEvents } from '../../server/events/audit-replay';
import { AuditEventMessage, toJson } from '../../server/events/event-messages';
import { LiveFeed } from '../../server/events/pubsub';

const LOOKBACK = 10_000;
const tick = () => new Promise((resolve) => setImmediate(resolve));

/**
 * A world the stream cannot tell from the real one: a committed table, a pub/sub that drops what
 * is published while its connection is lost (as Redis does), and a database read that takes a
 * while. Commits carry an id made up to `latency` before they commit (a transaction's length),
 * and are published at some later step, as the dispatcher does.
 */
class World {
  clock = Date.UTC(2026, 11, 1);
  readonly start = this.clock;
  readonly committed: AuditEvent[] = [];
  readonly unpublished: AuditEventMessage[] = [];
  private listener: ((message: AuditEventMessage) => unknown) | null = null;
  private connected = true;
  private lostAt = 0;
  private noticeDue = false;
  private readonly reconnects = new Set<(lostAtMs: number) => void>();
  private serial = 0;

  constructor(private readonly readDelays: number[]) {}

  readonly feed: LiveFeed = {
    barrier: async () => {
      await tick();
    },
    onReconnect: (listener) => {
      this.reconnects.add(listener);
      return () => this.reconnects.delete(listener);
    },
  };

  live(): AsyncIterable<AuditEventMessage> {
    return new Repeater<AuditEventMessage>((push, stop) => {
      this.listener = push;
      void stop.then(() => (this.listener = null));
    });
  }

  async committedAfter(afterId: string, limit: number): Promise<AuditEvent[]> {
    const rows = this.committed.filter((e) => e.id > afterId).sort((x, y) => (x.id < y.id ? -1 : 1)).slice(0, limit);
    const delay = this.readDelays.length ? this.readDelays[this.serial % this.readDelays.length]! : 0;
    for (let i = 0; i < delay; i += 1) await tick();
    return rows;
  }

  commit(advance: number, latency: number): void {
    this.clock += advance;
    const time = this.clock - latency;
    this.serial += 1;
    const event = Object.assign(new AuditEvent(), { id: `${eventIdFloor(time)}${String(this.serial).padStart(16, '0')}`, organizationId: 'org', type: 't', subjectType: 'application', subjectId: 'app', actorType: 'system', actorId: null, data: {}, createdAt: new Date(time), dispatchedAt: null });
    this.committed.push(event);
    this.unpublished.push({ event: toJson(event) });
  }

  publish(index: number): void {
    if (this.unpublished.length === 0) return;
    const [message] = this.unpublished.splice(index % this.unpublished.length, 1);
    if (this.connected && this.listener) void this.listener(message!);
  }

  disconnect(): void {
    if (!this.connected) return;
    this.connected = false;
    this.lostAt = this.clock;
  }

  /** The connection is back and messages flow again; the notice comes later (after the barrier). */
  reconnect(): void {
    if (this.connected) return;
    this.connected = true;
    this.noticeDue = true;
  }

  notify(): void {
    if (!this.connected || !this.noticeDue) return;
    this.noticeDue = false;
    for (const listener of this.reconnects) listener(this.lostAt);
  }

  /** Whatever is still in flight is published, and a lost connection comes back. */
  heal(): void {
    this.reconnect();
    while (this.unpublished.length) this.publish(0);
    this.notify();
  }
}

type Step = { kind: 'commit'; advance: number; latency: number } | { kind: 'publish'; index: number } | { kind: 'disconnect' } | { kind: 'reconnect' } | { kind: 'notify' } | { kind: 'tick'; n: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('commit' as const), advance: fc.integer({ min: 0, max: 3000 }), latency: fc.integer({ min: 0, max: LOOKBACK / 2 }) }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('publish' as const), index: fc.nat(20) }), weight: 4 },
  { arbitrary: fc.constant({ kind: 'disconnect' as const }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'reconnect' as const }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'notify' as const }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('tick' as const), n: fc.integer({ min: 1, max: 4 }) }), weight: 3 },
);

async function play(world: World, steps: Step[]): Promise<void> {
  for (const s of steps) {
    if (s.kind === 'commit') world.commit(s.advance, s.latency);
    else if (s.kind === 'publish') world.publish(s.index);
    else if (s.kind === 'disconnect') world.disconnect();
    else if (s.kind === 'reconnect') world.reconnect();
    else if (s.kind === 'notify') world.notify();
    else for (let i = 0; i < s.n; i += 1) await tick();
  }
}

describe('resumableAuditEvents', () => {
  it('sends every committed event after the cursor exactly once, whatever the interleaving of commits, publishes, lost connections and slow reads', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 30 }), fc.array(step, { maxLength: 60 }), fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 5 }), async (before, during, readDelays) => {
        const world = new World(readDelays);
        const after = eventIdFloor(world.start);
        await play(world, before);
        const received: string[] = [];
        const stream = resumableAuditEvents({ live: world.live(), feed: world.feed, committedAfter: (id, limit) => world.committedAfter(id, limit), after, now: () => world.clock, lookbackMs: LOOKBACK, retryMs: 0 });
        const iterator = stream[Symbol.asyncIterator]();
        const reading = (async () => {
          for (let next = await iterator.next(); !next.done; next = await iterator.next()) received.push(next.value.event.id);
        })();
        await play(world, during);
        world.heal();
        for (let i = 0; i < 50; i += 1) await tick();
        await iterator.return?.();
        await reading;
        expect(new Set(received).size).toBe(received.length);
        expect([...received].sort()).toEqual(world.committed.map((e) => e.id).sort());
      }),
      {
        numRuns: 300,
        // A change committed and published while the replay reads: found only if the stream listened first.
        examples: [
          [[], [{ kind: 'tick', n: 1 }, { kind: 'commit', advance: 10, latency: 0 }, { kind: 'publish', index: 0 }, { kind: 'tick', n: 4 }], [3]],
          // Lost while away, then newer events flow before the reconnect notice: the replay must start at the loss.
          [[], [{ kind: 'tick', n: 4 }, { kind: 'disconnect' }, { kind: 'commit', advance: 10, latency: 0 }, { kind: 'publish', index: 0 }, { kind: 'reconnect' }, { kind: 'commit', advance: 2 * LOOKBACK, latency: 0 }, { kind: 'publish', index: 0 }, { kind: 'tick', n: 2 }, { kind: 'notify' }, { kind: 'tick', n: 4 }], [0]],
        ],
      },
    );
  });

  it('without a cursor, sends what is committed once it listens, and what a lost connection dropped', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 60 }), async (during) => {
        const world = new World([1]);
        world.commit(1000, 0);
        const old = world.committed[0]!.id;
        world.publish(0);
        const received: string[] = [];
        const iterator = resumableAuditEvents({ live: world.live(), feed: world.feed, committedAfter: (id, limit) => world.committedAfter(id, limit), after: null, now: () => world.clock, lookbackMs: LOOKBACK, retryMs: 0 })[Symbol.asyncIterator]();
        const reading = (async () => {
          for (let next = await iterator.next(); !next.done; next = await iterator.next()) received.push(next.value.event.id);
        })();
        await tick();
        await play(world, during);
        world.heal();
        for (let i = 0; i < 50; i += 1) await tick();
        await iterator.return?.();
        await reading;
        expect(new Set(received).size).toBe(received.length);
        const wanted = world.committed.map((e) => e.id).filter((id) => id !== old);
        expect(received.filter((id) => id !== old).sort()).toEqual(wanted.sort());
      }),
      { numRuns: 200 },
    );
  });

  it('reads the time back from an id', () => {
    expect(eventIdTime(`${eventIdFloor(1_764_547_200_123)}abcdefghijklmnop`)).toBe(1_764_547_200_123);
  });
});
