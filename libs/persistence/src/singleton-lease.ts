import { Collection, MongoServerError } from 'mongodb';

/** A named lease of a singleton job: one holder at a time, until it lapses. */
export interface LeaseDocument {
  _id: string;
  holder: string;
  until: Date;
}

/**
 * Takes (or renews) the lease `name` for `holder` until `ms` from now; false while another
 * holder's lease runs. Replicas call it before a job only one of them may run at a time.
 */
export async function acquireLease(
  leases: Collection<LeaseDocument>,
  name: string,
  holder: string,
  ms: number,
  now = new Date(),
): Promise<boolean> {
  const until = new Date(now.getTime() + ms);
  try {
    const result = await leases.updateOne(
      { _id: name, $or: [{ holder }, { until: { $lt: now } }] },
      { $set: { holder, until } },
      { upsert: true },
    );
    return result.matchedCount + result.upsertedCount > 0;
  } catch (error) {
    // The upsert raced with (or ran into) a live lease of another holder.
    if (error instanceof MongoServerError && error.code === 11000) return false;
    throw error;
  }
}

/**
 * Gives the lease `name` up if `holder` has it (a graceful shutdown), so another replica takes
 * it at its next try rather than when it would have lapsed.
 */
export async function releaseLease(leases: Collection<LeaseDocument>, name: string, holder: string): Promise<void> {
  await leases.updateOne({ _id: name, holder }, { $set: { until: new Date(0) } });
}
