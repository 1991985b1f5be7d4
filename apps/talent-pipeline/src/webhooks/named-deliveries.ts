import { WebhookDeliveryDocument } from './webhook-delivery.document';

/**
 * A delivery this process created, held for its own worker (`leaseToken` and `nextAttemptAt` set
 * at creation): the worker sends it from memory instead of claiming and reading it back.
 */
export type HeldDelivery = WebhookDeliveryDocument & { leaseToken: string };

/**
 * Beyond this many unsent deliveries the worker forgets them (a long outage under load); the
 * search finds them once their hold runs out. About 1 KiB each.
 */
const MAX_NAMED = 5_000;

/**
 * The deliveries local writes created and the worker has not sent yet, per subscription in
 * write order. Taken fairly: one per subscription in turn, so one school's burst cannot hold
 * up another school's deliveries (the search shares its slots the same way).
 */
export class NamedDeliveries {
  private readonly bySubscription = new Map<string, Map<string, HeldDelivery>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Remembers `deliveries`; false when there are too many to remember (all are forgotten then). */
  add(deliveries: readonly HeldDelivery[]): boolean {
    for (const delivery of deliveries) {
      const held = this.bySubscription.get(delivery.subscriptionId) ?? new Map<string, HeldDelivery>();
      if (!held.has(delivery._id)) this.count++;
      this.bySubscription.set(delivery.subscriptionId, held.set(delivery._id, delivery));
    }
    if (this.count <= MAX_NAMED) return true;
    this.bySubscription.clear();
    this.count = 0;
    return false;
  }

  /** Up to `limit` deliveries, round-robin over the subscriptions; they leave the set. */
  take(limit: number): HeldDelivery[] {
    const taken: HeldDelivery[] = [];
    while (taken.length < limit && this.count > 0) {
      for (const [subscriptionId, held] of this.bySubscription) {
        const [[id, first]] = held;
        held.delete(id);
        taken.push(first);
        this.count--;
        if (held.size === 0) this.bySubscription.delete(subscriptionId);
        if (taken.length === limit) break;
      }
    }
    return taken;
  }
}
