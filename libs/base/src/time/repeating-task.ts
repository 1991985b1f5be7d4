/** Where a failed run is reported: a Nest `Logger` fits. */
export interface RepeatingTaskLogger {
  warn(message: string): void;
}

export interface RepeatingTaskOptions {
  /** Prefixes the warning a failed run logs: `${name}: ${error.message}`. */
  name: string;
  /** The period between runs. */
  everyMs: number;
  /** One extra run this soon after start (a repair after a restart); none if undefined. */
  firstAfterMs?: number;
  run: () => Promise<unknown>;
  logger: RepeatingTaskLogger;
}

export interface RepeatingTask {
  /** No run starts after this (one already running is left to finish). */
  stop(): void;
}

/**
 * A periodic background task of a service: `run` every `everyMs` (and once `firstAfterMs` after
 * start, if given). Its timers are unref'd (they never keep the process alive), a failed run is
 * logged as a warning and the next one still runs, and a run still going when the next is due is
 * not doubled: that tick is skipped.
 */
export function startRepeatingTask({ name, everyMs, firstAfterMs, run, logger }: RepeatingTaskOptions): RepeatingTask {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    void new Promise((resolve) => resolve(run()))
      .catch((error: unknown) => logger.warn(`${name}: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (running = false));
  };
  const every = setInterval(tick, everyMs);
  every.unref();
  const first = firstAfterMs === undefined ? undefined : setTimeout(tick, firstAfterMs);
  first?.unref();
  return {
    stop() {
      clearInterval(every);
      clearTimeout(first);
    },
  };
}
