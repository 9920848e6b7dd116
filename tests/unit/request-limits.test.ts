import { buildSchema, execute, parse } from 'graphql';
import { DomainError, ErrorCode } from '../../server/errors';
import { installDeadline } from '../../server/graphql/pipeline';
import { RequestLimits } from '../../server/graphql/request-limits';

const codeOf = async (work: Promise<unknown>): Promise<string | null> => work.then(() => null, (error: unknown) => (error instanceof DomainError ? error.code : 'other'));

describe('a GraphQL request\'s limits stop the work, not only the answer', () => {
  it('sends no further read once the deadline has passed', async () => {
    let now = 0;
    const limits = new RequestLimits(10_000, 1000, () => now);
    let reads = 0;
    const read = async () => { reads += 1; return [1, 2, 3]; };
    expect(await limits.run(read)).toEqual([1, 2, 3]);
    now = 10_001;
    expect(await codeOf(limits.run(read))).toBe(ErrorCode.UNAVAILABLE);
    expect(reads).toBe(1);
  });

  it('fails a request whose reads pass the row budget', async () => {
    const limits = new RequestLimits(10_000, 5, () => 0);
    await limits.run(async () => [1, 2, 3]);
    expect(await codeOf(limits.run(async () => [4, 5, 6]))).toBe(ErrorCode.BAD_USER_INPUT);
  });

  it('lets the event loop run between batches', async () => {
    const limits = new RequestLimits(10_000, 1000, () => 0);
    let timerRan = false;
    setImmediate(() => { timerRan = true; });
    await limits.run(async () => []);
    expect(timerRan).toBe(true);
  });
});

describe('a query is answered at its deadline even while one statement outlasts it', () => {
  const slow = () => new Promise<string>((resolve) => setTimeout(() => resolve('late'), 1_500));
  const schema = installDeadline(buildSchema('type Query { slow: String, fast: String } type Mutation { slow: String }'));
  const root = { slow, fast: () => 'fast' };

  it('a query\'s top-level field answers UNAVAILABLE at the deadline, not when the statement ends', async () => {
    const started = Date.now();
    const result = await execute({ schema, document: parse('{ slow fast }'), rootValue: root, contextValue: { limits: new RequestLimits(100, 1000) } });
    const took = Date.now() - started;
    expect(result.data).toEqual({ slow: null, fast: 'fast' });
    expect((result.errors?.[0]?.originalError as DomainError).code).toBe(ErrorCode.UNAVAILABLE);
    expect(took).toBeLessThan(1_000);
  });

  it('a mutation is never cut short: its work may still commit', async () => {
    const result = await execute({ schema, document: parse('mutation { slow }'), rootValue: root, contextValue: { limits: new RequestLimits(100, 1000) } });
    expect(result).toEqual({ data: { slow: 'late' } });
  });
});
