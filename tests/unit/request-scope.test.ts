import fc from 'fast-check';
import { RequestScope } from '../../server/logger';

/**
 * The request scope is switched on only while a scope is open (its hook costs every request of the
 * process). Model: any number of concurrent requests, each opening its scope one of two ways (or
 * none), each going through any sequence of asynchronous steps. At every step a request sees its
 * own value and never another's; work outside every scope sees none; once all have ended, no scope
 * is open, so the hook is off.
 */
type Step = 'tick' | 'immediate' | 'timeout' | 'promise';
const pause = (step: Step): Promise<void> =>
  new Promise((resolve) => {
    if (step === 'tick') process.nextTick(resolve);
    else if (step === 'immediate') setImmediate(resolve);
    else if (step === 'timeout') setTimeout(resolve, 0);
    else void Promise.resolve().then(resolve);
  });

const task = fc.record({
  mode: fc.constantFrom('enter', 'run', 'none', 'run-throws'),
  before: fc.array(fc.constantFrom<Step>('tick', 'immediate', 'timeout', 'promise'), { maxLength: 3 }),
  steps: fc.array(fc.constantFrom<Step>('tick', 'immediate', 'timeout', 'promise'), { maxLength: 6 }),
});

describe('RequestScope', () => {
  it('model: concurrent requests each see their own value at every step, and no scope stays open', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(task, { minLength: 1, maxLength: 8 }), async (tasks) => {
        const scope = new RequestScope<{ id: number }>();
        const seen: Array<{ id: number; saw: number | undefined }> = [];
        const walk = async (id: number, steps: Step[], expected: number | undefined): Promise<void> => {
          for (const step of steps) {
            await pause(step);
            seen.push({ id, saw: scope.getStore()?.id });
            if (scope.getStore()?.id !== expected) throw new Error(`request ${id} saw ${scope.getStore()?.id}`);
          }
        };
        await Promise.all(
          tasks.map(async ({ mode, before, steps }, id) => {
            for (const step of before) await pause(step);
            if (mode === 'none') return walk(id, steps, undefined);
            if (mode === 'run') return scope.run({ id }, () => walk(id, steps, id));
            if (mode === 'run-throws') {
              expect(() => scope.run({ id }, () => { throw new Error('refused'); })).toThrow('refused');
              return walk(id, steps, undefined);
            }
            return new Promise<void>((resolve, reject) => scope.enter({ id }, (end) => walk(id, steps, id).then(() => { end(); end(); resolve(); }, reject)));
          }),
        );
        expect(scope.openScopes).toBe(0);
        expect(scope.getStore()).toBeUndefined();
        for (const { id, saw } of seen) expect(saw === undefined || saw === id).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('a scope whose promise fails still closes', async () => {
    const scope = new RequestScope<{ id: number }>();
    await expect(scope.run({ id: 1 }, async () => { await pause('immediate'); throw new Error('database down'); })).rejects.toThrow('database down');
    await pause('immediate');
    expect(scope.openScopes).toBe(0);
  });
});
