/** The one thing a loop needs of a logger. */
export interface LoopLogger {
  error(details: Record<string, unknown>, message: string): void;
}

/**
 * The schedule of a background worker (the event dispatcher, the webhook worker, the lifecycle
 * jobs): a pass when nudged, and one every `pollMs` as a fallback. Passes never overlap, and a burst of nudges before
 * a pass starts shares that pass, since it will see everything committed so far.
 */
export class BackgroundLoop<T = number> {
  private running: Promise<T | null> = Promise.resolve(null);
  private waiting: Promise<T> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private nudged = false;

  constructor(
    private readonly name: string,
    private readonly pass: () => Promise<T>,
    private readonly logger: LoopLogger,
  ) {}

  /** Polls every `pollMs` (0 = only when nudged or asked). */
  start(pollMs: number): void {
    this.stopped = false;
    const tick = (): void => {
      if (this.stopped || pollMs <= 0) return;
      this.timer = setTimeout(() => void this.runLogged().finally(tick), pollMs);
      this.timer.unref();
    };
    tick();
  }

  /** Work is waiting: run soon instead of at the next poll. */
  nudge(): void {
    if (this.stopped || this.nudged) return;
    this.nudged = true;
    setImmediate(() => {
      this.nudged = false;
      if (!this.stopped) void this.runLogged();
    });
  }

  /** Stops polling and waits for the pass under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running.catch(() => undefined);
  }

  /** One pass, after the one under way; resolves with what the pass did. */
  runOnce(): Promise<T> {
    if (this.waiting) return this.waiting;
    const pass = this.running.catch(() => null).then(() => {
      this.waiting = null;
      return this.pass();
    });
    this.waiting = pass;
    this.running = pass;
    return pass;
  }

  private runLogged(): Promise<T | null> {
    return this.runOnce().catch((error: unknown) => {
      this.logger.error({ err: error }, `${this.name} failed`);
      return null;
    });
  }
}
