import { HeldDelivery, NamedDeliveries } from './named-deliveries';

const of = (subscriptionId: string, count: number, from = 0): HeldDelivery[] =>
  Array.from(
    { length: count },
    (_, n) => ({ _id: `${subscriptionId}|e${from + n}`, subscriptionId, leaseToken: 'held' }) as unknown as HeldDelivery,
  );
const ids = (deliveries: HeldDelivery[]) => deliveries.map((delivery) => delivery._id);

describe('NamedDeliveries: what the worker sends from memory', () => {
  it('takes one subscription after another, so a burst of one school does not hold up another', () => {
    const named = new NamedDeliveries();
    named.add(of('a', 5));
    named.add(of('b', 2));
    expect(ids(named.take(4))).toEqual(['a|e0', 'b|e0', 'a|e1', 'b|e1']);
    expect(ids(named.take(10))).toEqual(['a|e2', 'a|e3', 'a|e4']);
    expect(named.size).toBe(0);
  });

  it('keeps write order within a subscription and counts a repeated delivery once', () => {
    const named = new NamedDeliveries();
    named.add(of('a', 2));
    named.add(of('a', 2, 1));
    expect(named.size).toBe(3);
    expect(ids(named.take(3))).toEqual(['a|e0', 'a|e1', 'a|e2']);
  });

  it('hands back the documents it was given, not just their ids', () => {
    const named = new NamedDeliveries();
    const [delivery] = of('a', 1);
    named.add([delivery]);
    expect(named.take(1)[0]).toBe(delivery);
  });

  it('forgets everything and says so past 5,000 unsent deliveries (the worker then searches)', () => {
    const named = new NamedDeliveries();
    expect(named.add(of('a', 5_000))).toBe(true);
    expect(named.add(of('b', 1))).toBe(false);
    expect(named.size).toBe(0);
    expect(named.take(5)).toEqual([]);
  });
});
