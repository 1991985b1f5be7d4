import { Collection, MongoServerError } from 'mongodb';

/** A copy of another service's state, ordered by when that state was reached. */
export interface StateCopy {
  _id: string;
  /** `changedAt` as epoch ms: the order of changes, whatever the timestamp's precision. */
  changedAtMs: number;
}

/**
 * Keeps the state after the latest change: a replace only over an older state, an insert when
 * none is kept. An older or repeated change matches nothing and its insert hits the existing
 * id: nothing changes, in whatever order the changes arrive (consent copies, teachers'
 * objections).
 */
export async function keepNewestState<T extends StateCopy>(copies: Collection<T>, copy: T): Promise<'saved' | 'stale'> {
  const replaced = await copies.replaceOne({ _id: copy._id, changedAtMs: { $lt: copy.changedAtMs } } as never, copy);
  if (replaced.matchedCount === 1) return 'saved';
  try {
    await copies.insertOne(copy as never);
    return 'saved';
  } catch (error) {
    if (error instanceof MongoServerError && error.code === 11000) return 'stale';
    throw error;
  }
}
