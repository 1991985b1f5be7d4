import { PlacementOutcomeEvent } from '@app/contracts';
import { WebhookSubscriptionsService } from './webhook-subscriptions.service';

/** A promise and the functions that settle it, to hold one step of the fan-out open. */
function gate<T>(): { promise: Promise<T>; open: (value: T) => void; fail: (error: Error) => void } {
  let open!: (value: T) => void;
  let fail!: (error: Error) => void;
  const promise = new Promise<T>((resolve, reject) => ((open = resolve), (fail = reject)));
  return { promise, open, fail };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

function hiredOutcome(id: string): PlacementOutcomeEvent {
  return {
    specversion: '1.0',
    id,
    source: 'urn:talent-pipeline',
    type: 'talent.placement.hired.v1',
    time: '2026-12-05T10:00:00.000Z',
    datacontenttype: 'application/json',
    data: { placementId: `placement-${id}`, studentId: 'student-1', schoolId: 'school-1', enterpriseId: 'enterprise-1', outcome: 'hired' },
  } as unknown as PlacementOutcomeEvent;
}

/**
 * The fan-out's two chains (the school's feed; the ledger and deliveries) run side by side, and
 * the worker is woken only once both are through. The collaborators are stand-ins whose steps the
 * test holds open; the chains' real writes are covered by the integration tests.
 */
describe('WebhookSubscriptionsService.fanOutMany', () => {
  function fanOut() {
    const feed = gate<number>();
    const calls: string[] = [];
    const created = [{ _id: 'delivery-1', leaseToken: 'hold-1' }];
    const deliveries = {
      enqueueHeld: jest.fn(async () => {
        calls.push('deliveries');
        return created;
      }),
    };
    const worker = { leaseMs: 30_000, wake: jest.fn(async () => (calls.push('wake'), 1)) };
    const service = new WebhookSubscriptionsService(
      {} as never,
      { activeOf: async () => [{ _id: 'subscription-1', schoolId: 'school-1', eventTypes: [] }] } as never,
      deliveries as never,
      { appendMany: () => (calls.push('feed'), feed.promise) } as never,
      worker as never,
      {} as never,
      { recordEachOnce: async () => void calls.push('ledger') } as never,
      { erasingOrErasedAmong: async () => new Set<string>() } as never,
    );
    return { service, feed, calls, worker, created, deliveries };
  }

  it('writes the deliveries while the feed append is still running, and wakes the worker after both', async () => {
    const { service, feed, calls, worker, created } = fanOut();
    const done = service.fanOutMany([{ event: hiredOutcome('outcome-1'), inTrace: (fn) => fn() }]);
    await settle();
    // The feed has not answered, yet the ledger and the deliveries are written.
    expect(calls).toEqual(['feed', 'ledger', 'deliveries']);
    expect(worker.wake).not.toHaveBeenCalled();

    feed.open(1);
    await done;
    expect(worker.wake).toHaveBeenCalledWith(created);
    expect(calls.at(-1)).toBe('wake');
  });

  it('does not wake the worker when the feed append fails, and fails only after the deliveries chain is through', async () => {
    const { service, feed, worker, deliveries } = fanOut();
    const written = gate<{ _id: string; leaseToken: string }[]>();
    deliveries.enqueueHeld.mockImplementation(() => written.promise);
    let settled = false;
    const done = service.fanOutMany([{ event: hiredOutcome('outcome-2'), inTrace: (fn) => fn() }]).finally(() => (settled = true));
    feed.fail(new Error('feed unavailable'));
    await settle();
    // The deliveries are still being written: a retry of the record must not start beside them.
    expect(settled).toBe(false);

    written.open([]);
    await expect(done).rejects.toThrow('feed unavailable');
    expect(worker.wake).not.toHaveBeenCalled();
  });
});
