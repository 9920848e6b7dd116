import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { DomainError, ErrorCode } from '../errors';

/**
 * What one GraphQL request may spend, checked where the work happens (every loader batch) rather
 * than only when the answer is assembled: past the deadline no further SQL statement is sent, so
 * a request the client has given up on stops costing the database; past the row budget the
 * request fails instead of holding ever more rows (its memory is bounded by the budget — about
 * 2 KB per row with its GraphQL result, so ~40 MB at the default 20,000 rows).
 */
export class RequestLimits {
  private readonly deadline: number;
  private rows = 0;

  constructor(
    readonly timeoutMs: number,
    readonly maxRows: number,
    private readonly now: () => number = Date.now,
  ) {
    this.deadline = now() + timeoutMs;
  }

  /** No deadline, no budget: a subscription's context lives as long as the subscription. */
  static unlimited(): RequestLimits {
    return new RequestLimits(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
  }

  /** Throws UNAVAILABLE once the deadline has passed. */
  check(): void {
    if (this.now() > this.deadline) throw this.expiredError();
  }

  /**
   * `work`, or UNAVAILABLE at the deadline if it is still running then: the answer is sent on time
   * even when one statement outlasts the limit (graphql-js would wait for it). The work itself is
   * not cancelled, but sends nothing more: every later loader batch and field checks the deadline.
   */
  bound<T>(work: Promise<T>): Promise<T> {
    if (!Number.isFinite(this.deadline)) return work;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(this.expiredError()), Math.max(0, this.deadline - this.now()));
      timer.unref();
    });
    return Promise.race([work, expired]).finally(() => clearTimeout(timer));
  }

  private expiredError(): DomainError {
    return new DomainError(ErrorCode.UNAVAILABLE, `The operation ran past the ${this.timeoutMs / 1000} s execution limit`);
  }

  /** Counts rows read for the request; BAD_USER_INPUT once they pass the budget. */
  spend(rows: number): void {
    this.rows += rows;
    if (this.rows > this.maxRows) {
      throw new DomainError(ErrorCode.BAD_USER_INPUT, `The query reads more than ${this.maxRows} rows; ask for smaller pages (limit) or fewer nested lists`, { fields: [{ field: 'limit', message: `the query reads more than ${this.maxRows} rows` }] });
    }
  }

  /**
   * Runs one batch of reads within the limits, then yields to the event loop before handing the
   * rows to graphql-js, so verify requests waiting on I/O are served between the levels of a
   * large query instead of after all of it.
   */
  async run<T>(read: () => Promise<T[]>): Promise<T[]> {
    this.check();
    const rows = await read();
    this.spend(rows.length);
    await yieldToEventLoop();
    this.check();
    return rows;
  }
}
