import { ConcurrencyConflictError } from './concurrency-conflict.error';
import { retryOnConflict } from './retry-on-conflict';

describe('retryOnConflict', () => {
  const conflict = () => new ConcurrencyConflictError('placements', 'p-1', 3);

  it('runs the step again after a lost race and returns what the winning attempt returned', async () => {
    const seen: number[] = [];
    const result = await retryOnConflict(async (attempt) => {
      seen.push(attempt);
      if (attempt < 3) throw conflict();
      return 'written';
    });
    expect(result).toBe('written');
    expect(seen).toEqual([1, 2, 3]);
  });

  it('gives up after the given attempts with the last conflict', async () => {
    let runs = 0;
    await expect(
      retryOnConflict(
        async () => {
          runs++;
          throw conflict();
        },
        { attempts: 4 },
      ),
    ).rejects.toBeInstanceOf(ConcurrencyConflictError);
    expect(runs).toBe(4);
  });

  it('lets any other error through at once, unless the caller says it is a lost race too', async () => {
    let runs = 0;
    const refused = new Error('illegal transition');
    await expect(
      retryOnConflict(async () => {
        runs++;
        throw refused;
      }),
    ).rejects.toBe(refused);
    expect(runs).toBe(1);

    const duplicate = new Error('duplicate key');
    let tries = 0;
    const result = await retryOnConflict(
      async () => {
        if (++tries === 1) throw duplicate;
        return tries;
      },
      { alsoRetry: (error) => error === duplicate },
    );
    expect(result).toBe(2);
  });
});
