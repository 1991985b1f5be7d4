import { Db } from 'mongodb';

/** One document per data change that has run to its end: `_id` its name. */
export const MIGRATIONS = 'migrations';

/**
 * Runs a one-off data change (a backfill after a new field) unless the `migrations` collection
 * says it completed, and records it once it did. A crash before the record runs it again at
 * the next start, and replicas starting together may both run it: `work` must be idempotent.
 * Returns whether it ran.
 */
export async function runOnce(db: Db, name: string, work: () => Promise<void>): Promise<boolean> {
  const migrations = db.collection<{ _id: string; completedAt: Date }>(MIGRATIONS);
  if (await migrations.findOne({ _id: name })) return false;
  await work();
  await migrations.updateOne({ _id: name }, { $setOnInsert: { completedAt: new Date() } }, { upsert: true });
  return true;
}
