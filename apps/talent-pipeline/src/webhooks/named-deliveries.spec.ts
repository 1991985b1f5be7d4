import { NamedDeliveries } from './named-deliveries';

const of = (subscriptionId: string, count: number, from = 0) =>
  Array.from({ length: count }, (_, n) => ({ _id: `${subscriptionId}|e${from + n}`, subscriptionId }));

describe('NamedDeliveries: what the worker claims by _id', () => {
  it('takes one subscription after another, so a burst of one school does not hold up another', () => {
    const named = new NamedDeliveries();
    named.add(of('a', 5));
    named.add(of('b', 2));
    expect(named.take(4)).toEqual(['a|e0', 'b|e0', 'a|e1', 'b|e1']);
    expect(named.take(10)).toEqual(['a|e2', 'a|e3', 'a|e4']);
    expect(named.size).toBe(0);
  });

  it('keeps write order within a subscription and counts a repeated name once', () => {
    const named = new NamedDeliveries();
    named.add(of('a', 2));
    named.add(of('a', 2, 1));
    expect(named.size).toBe(3);
    expect(named.take(3)).toEqual(['a|e0', 'a|e1', 'a|e2']);
  });

  it('forgets everything and says so past 10,000 unclaimed names (the worker then searches)', () => {
    const named = new NamedDeliveries();
    expect(named.add(of('a', 10_000))).toBe(true);
    expect(named.add(of('b', 1))).toBe(false);
    expect(named.size).toBe(0);
    expect(named.take(5)).toEqual([]);
  });
});
