import { RepeatingTask, startRepeatingTask } from './repeating-task';

describe('startRepeatingTask', () => {
  let task: RepeatingTask | undefined;
  const logger = { warn: jest.fn<void, [string]>() };

  beforeEach(() => {
    jest.useFakeTimers();
    logger.warn.mockReset();
  });

  afterEach(() => {
    task?.stop();
    task = undefined;
    jest.useRealTimers();
  });

  it('runs once soon after start, then every period', async () => {
    const run = jest.fn(() => Promise.resolve());
    task = startRepeatingTask({ name: 'job', firstAfterMs: 5_000, everyMs: 60_000, run, logger });

    await jest.advanceTimersByTimeAsync(4_999);
    expect(run).toHaveBeenCalledTimes(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(60_000 - 5_000 - 1);
    expect(run).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(120_000);
    expect(run).toHaveBeenCalledTimes(4);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('without firstAfterMs waits a whole period for the first run', async () => {
    const run = jest.fn(() => Promise.resolve());
    task = startRepeatingTask({ name: 'job', everyMs: 60_000, run, logger });

    await jest.advanceTimersByTimeAsync(59_999);
    expect(run).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('logs a failed run as a warning and still runs the next', async () => {
    const run = jest
      .fn<Promise<unknown>, []>()
      .mockRejectedValueOnce(new Error('mongo went away'))
      .mockImplementationOnce(() => {
        throw new Error('thrown before any promise');
      })
      .mockResolvedValue(undefined);
    task = startRepeatingTask({ name: 'repair of things', everyMs: 1_000, run, logger });

    await jest.advanceTimersByTimeAsync(1_000);
    expect(logger.warn).toHaveBeenCalledWith('repair of things: mongo went away');
    await jest.advanceTimersByTimeAsync(1_000);
    expect(logger.warn).toHaveBeenLastCalledWith('repair of things: thrown before any promise');
    await jest.advanceTimersByTimeAsync(1_000);
    expect(run).toHaveBeenCalledTimes(3);
    expect(logger.warn).toHaveBeenCalledTimes(2);
  });

  it('starts no run after stop(), the early one included', async () => {
    const run = jest.fn(() => Promise.resolve());
    task = startRepeatingTask({ name: 'job', firstAfterMs: 5_000, everyMs: 10_000, run, logger });

    await jest.advanceTimersByTimeAsync(10_000);
    expect(run).toHaveBeenCalledTimes(2);
    task.stop();
    await jest.advanceTimersByTimeAsync(100_000);
    expect(run).toHaveBeenCalledTimes(2);

    const early = jest.fn(() => Promise.resolve());
    startRepeatingTask({ name: 'job', firstAfterMs: 5_000, everyMs: 10_000, run: early, logger }).stop();
    await jest.advanceTimersByTimeAsync(100_000);
    expect(early).not.toHaveBeenCalled();
  });

  it('skips a tick while the previous run is still going', async () => {
    let finish: () => void = () => undefined;
    let active = 0;
    let mostAtOnce = 0;
    const run = jest.fn(
      () =>
        new Promise<void>((resolve) => {
          mostAtOnce = Math.max(mostAtOnce, ++active);
          finish = () => {
            active--;
            resolve();
          };
        }),
    );
    task = startRepeatingTask({ name: 'job', firstAfterMs: 500, everyMs: 1_000, run, logger });

    await jest.advanceTimersByTimeAsync(500);
    expect(run).toHaveBeenCalledTimes(1);
    // Three ticks fall due while the first run is still going: none starts another.
    await jest.advanceTimersByTimeAsync(3_000);
    expect(run).toHaveBeenCalledTimes(1);
    finish();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(run).toHaveBeenCalledTimes(2);
    finish();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(run).toHaveBeenCalledTimes(3);
    expect(mostAtOnce).toBe(1);
  });

  it('does not keep the process alive', () => {
    const intervals = jest.spyOn(global, 'setInterval');
    const timeouts = jest.spyOn(global, 'setTimeout');
    task = startRepeatingTask({ name: 'job', firstAfterMs: 5, everyMs: 10, run: () => Promise.resolve(), logger });
    const interval = intervals.mock.results[0].value as NodeJS.Timeout;
    const timeout = timeouts.mock.results[0].value as NodeJS.Timeout;
    expect(interval.hasRef()).toBe(false);
    expect(timeout.hasRef()).toBe(false);
    intervals.mockRestore();
    timeouts.mockRestore();
  });
});
