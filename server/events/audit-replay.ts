import { Repeater } from '@graphql-yoga/subscription';
import { AuditEvent } from './audit-event.entity';
import { AuditEventMessage, toJson } from './event-messages';
import { LiveFeed } from './pubsub';

/**
 * How far before the newest event a replay starts. Ids carry the time the change was made, not
 * the time it committed: a transaction that waited on a row lock (MySQL gives up after 50 s) can
 * commit an event older than one already delivered. Starting this much earlier catches it.
 */
export const REPLAY_LOOKBACK_MS = 60_000;
/** A cursor older than this is refused: read the gap with `auditEvents` pages instead. */
export const REPLAY_MAX_AGE_MS = 24 * 60 * 60 * 1000;
const PAGE = 200;
const RETRY_MS = 1000;

/** The smallest event id made at or after `ms` (ids start with their time, see newId). */
export function eventIdFloor(ms: number): string {
  return `evt_${Math.max(0, Math.floor(ms)).toString(36).padStart(9, '0')}`;
}

/** The time an event id was made at. */
export function eventIdTime(id: string): number {
  return parseInt(id.slice(4, 13), 36);
}

export interface ResumableOptions {
  /** The organization's live topic; not yet started (it is started before the first replay). */
  readonly live: AsyncIterable<AuditEventMessage>;
  readonly feed: LiveFeed;
  /** Committed events of the organization with an id above `afterId`, oldest first. */
  readonly committedAfter: (afterId: string, limit: number) => Promise<AuditEvent[]>;
  /** The client's cursor: replay what came after it before going live. */
  readonly after: string | null;
  readonly now: () => number;
  readonly lookbackMs?: number;
  readonly retryMs?: number;
}

/**
 * An organization's audit events with no gap: live first (so nothing published from now on is
 * missed), then a replay of the committed events after the cursor, then the live ones that arrived
 * meanwhile. The same replay runs again whenever the pub/sub reconnects, because Redis drops what
 * is published while a subscriber is away. Every event is sent at least once and, within a
 * stream, at most once (a set of sent ids); across a reconnect of the client, events near the
 * cursor come again, so clients deduplicate by id.
 */
export function resumableAuditEvents(options: ResumableOptions): AsyncIterable<AuditEventMessage> {
  const lookbackMs = options.lookbackMs ?? REPLAY_LOOKBACK_MS;
  const retryMs = options.retryMs ?? RETRY_MS;
  return new Repeater<AuditEventMessage>(async (push, stop) => {
    let stopped = false;
    const live = options.live[Symbol.asyncIterator]();
    const sent = new Map<string, number>();
    const buffer: AuditEventMessage[] = [];
    // The newest event time sent: a replay starts a lookback before it, or before the moment the
    // pub/sub lost its connection if that is earlier. Without a cursor, the subscription's start.
    let newest = options.after ? eventIdTime(options.after) : options.now();
    let replayFrom = newest;
    let replaying = false;
    let replayAgain = false;

    const emit = async (message: AuditEventMessage): Promise<void> => {
      const id = message.event.id;
      if (sent.has(id)) return;
      const time = eventIdTime(id);
      sent.set(id, time);
      if (time > newest) newest = time;
      // Ids older than any future replay's start cannot come back from one; forget them.
      if (sent.size > 1000) for (const [old, at] of sent) if (at < newest - 2 * lookbackMs) sent.delete(old);
      await push(message);
    };

    let draining = false;
    const drain = async (): Promise<void> => {
      if (draining) return;
      draining = true;
      try {
        while (!replaying && !stopped && buffer.length > 0) await emit(buffer.shift()!);
      } finally {
        draining = false;
      }
    };

    const replayOnce = async (): Promise<void> => {
      await options.feed.barrier();
      let cursor = eventIdFloor(replayFrom - lookbackMs);
      for (;;) {
        const rows = await options.committedAfter(cursor, PAGE);
        for (const row of rows) if (!stopped) await emit({ event: toJson(row) });
        if (rows.length < PAGE || stopped) return;
        cursor = rows[rows.length - 1]!.id;
      }
    };

    // Live messages wait in `buffer` while a replay runs, so the replayed (older) events go first.
    const replay = async (from: number): Promise<void> => {
      replayFrom = Math.min(replaying ? replayFrom : newest, from);
      if (replaying) {
        replayAgain = true;
        return;
      }
      replaying = true;
      try {
        do {
          replayAgain = false;
          for (;;) {
            try {
              await replayOnce();
              break;
            } catch {
              // The database is away: keep buffering live events and try again.
              if (stopped) return;
              await new Promise((resolve) => setTimeout(resolve, retryMs));
              if (stopped) return;
            }
          }
        } while (replayAgain && !stopped);
      } finally {
        replaying = false;
      }
      await drain();
    };

    const unlisten = options.feed.onReconnect((lostAtMs) => void replay(lostAtMs));
    void stop.then(() => {
      stopped = true;
      unlisten();
      void live.return?.();
    });

    // Start listening before the replay reads the database: anything published after the
    // barrier arrives live, anything before it is committed and found by the replay.
    const pump = (async () => {
      for (let next = await live.next(); !next.done && !stopped; next = await live.next()) {
        buffer.push(next.value);
        void drain();
      }
    })();
    if (options.after) await replay(newest);
    await pump;
    stop();
  });
}
