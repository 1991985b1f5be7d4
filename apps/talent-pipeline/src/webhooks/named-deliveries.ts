/** A delivery this process created: the worker claims it by `_id` instead of searching. */
export interface NamedDelivery {
  _id: string;
  subscriptionId: string;
}

/** Beyond this many unclaimed names the worker forgets them and searches instead (a long outage under load). */
const MAX_NAMED = 10_000;

/**
 * The deliveries local writes created and the worker has not claimed yet, per subscription in
 * write order. Taken fairly: one per subscription in turn, so one school's burst cannot hold
 * up another school's deliveries (the search shares its slots the same way).
 */
export class NamedDeliveries {
  private readonly bySubscription = new Map<string, Set<string>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Remembers `deliveries`; false when there are too many to remember (all are forgotten then). */
  add(deliveries: readonly NamedDelivery[]): boolean {
    for (const { _id, subscriptionId } of deliveries) {
      const ids = this.bySubscription.get(subscriptionId) ?? new Set<string>();
      if (!ids.has(_id)) this.count++;
      this.bySubscription.set(subscriptionId, ids.add(_id));
    }
    if (this.count <= MAX_NAMED) return true;
    this.bySubscription.clear();
    this.count = 0;
    return false;
  }

  /** Up to `limit` ids, round-robin over the subscriptions; they leave the set. */
  take(limit: number): string[] {
    const taken: string[] = [];
    while (taken.length < limit && this.count > 0) {
      for (const [subscriptionId, ids] of this.bySubscription) {
        const [first] = ids;
        ids.delete(first);
        taken.push(first);
        this.count--;
        if (ids.size === 0) this.bySubscription.delete(subscriptionId);
        if (taken.length === limit) break;
      }
    }
    return taken;
  }
}
