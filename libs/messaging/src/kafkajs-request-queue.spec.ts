// kafkajs 2.2.4 as installed: patched by patches/kafkajs+2.2.4.patch (applied by `npm ci`'s
// postinstall, ADR 0063). Its request queue re-armed a 1 ms timer for ever once it had checked
// for pending requests with none there, in every connection of every client.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue');

const quietLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

describe('the installed kafkajs request queue', () => {
  const queueOf = (maxInFlightRequests?: number) =>
    new RequestQueue({
      maxInFlightRequests,
      requestTimeout: 30_000,
      enforceRequestTimeout: false,
      clientId: 'test',
      broker: 'b:9092',
      logger: quietLogger,
    });

  it('arms no timer when nothing is pending and nothing throttles it (kafkajs#1751)', () => {
    const queue = queueOf();
    queue.checkPendingRequests();
    expect(queue.throttleCheckTimeoutId).toBeNull();
  });

  it('still schedules the check for a request that has to wait, and for a throttle', () => {
    const waiting = queueOf(0); // no request may be in flight: every push waits
    waiting.push({ entry: { correlationId: 1 }, expectResponse: true, sendRequest: () => undefined });
    expect(waiting.pending).toHaveLength(1);
    expect(waiting.throttleCheckTimeoutId).not.toBeNull();
    waiting.destroy();

    const throttled = queueOf();
    throttled.maybeThrottle(50);
    throttled.checkPendingRequests();
    expect(throttled.throttleCheckTimeoutId).not.toBeNull();
    throttled.destroy();
  });
});
