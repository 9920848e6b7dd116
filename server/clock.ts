/** The one source of "now": services take it so tests can move time instead of sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can set and advance. */
export class ManualClock implements Clock {
  private readonly mirrors: BigInt64Array[] = [];
  constructor(private current: Date = new Date()) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(at: Date): void {
    this.current = new Date(at.getTime());
    this.mirror();
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
    this.mirror();
  }
  /** Keeps `view` (shared memory) at this clock's time: the credentials thread reads it through `sharedClock`. */
  mirrorTo(view: BigInt64Array): void {
    this.mirrors.push(view);
    this.mirror();
  }
  private mirror(): void {
    for (const view of this.mirrors) Atomics.store(view, 0, BigInt(this.current.getTime()));
  }
}

/** The time another thread's ManualClock keeps in shared memory. */
export function sharedClock(view: BigInt64Array): Clock {
  return { now: () => new Date(Number(Atomics.load(view, 0))) };
}
