import { ConcurrencyConflictError } from './concurrency-conflict.error';

/**
 * The one place for the optimistic-concurrency loop: runs a load-decide-write `step` again
 * while its write loses a race on the aggregate's version (ConcurrencyConflictError, or what
 * `alsoRetry` accepts), at most `attempts` times (default 5), then lets the error through.
 * The step must reload what it decides on: `attempt` is 1 on the first run.
 */
export async function retryOnConflict<T>(
  step: (attempt: number) => Promise<T>,
  options: { attempts?: number; alsoRetry?: (error: unknown) => boolean } = {},
): Promise<T> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return await step(attempt);
    } catch (error) {
      const lostRace = error instanceof ConcurrencyConflictError || (options.alsoRetry?.(error) ?? false);
      if (!lostRace || attempt >= attempts) throw error;
    }
  }
}
