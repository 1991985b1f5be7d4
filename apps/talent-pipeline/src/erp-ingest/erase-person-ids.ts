import { Collection, Filter, UpdateFilter } from 'mongodb';
import { CloudEvent } from '@app/contracts';
import { ErpPersonMatch, erpEventsAbout, personalFieldsRemoval, storedCopyRemoval } from './domain/erp-person-erasure';

/**
 * Rewrites the person ids of every stored ERP event about the student (erp_inbox and the
 * review queue keep the event the ERP sent), and removes an end of placement's free-text reason and
 * the envelope's free-text subject;
 * returns how many stored events are about the student.
 */
export async function erasePersonIdsIn<T extends { _id: string; event: CloudEvent }>(
  collection: Collection<T>,
  match: ErpPersonMatch,
): Promise<number> {
  const filter = erpEventsAbout(match);
  if (!filter) return 0;
  const docs = await collection.find(filter as Filter<T>, { projection: { _id: 1, event: 1 } }).toArray();
  for (const doc of docs) {
    const removal = personalFieldsRemoval(doc.event as CloudEvent);
    if (removal) await collection.updateOne({ _id: doc._id } as Filter<T>, removal as unknown as UpdateFilter<T>);
  }
  return docs.length;
}

/**
 * One stored event (by its dedupe key) about a student whose erasure has started loses what the
 * erasure's sweep takes (`storedCopyRemoval`), in erp_inbox or the review queue.
 */
export async function removePersonalFieldsIn<T extends { _id: string; event: CloudEvent }>(
  collection: Collection<T>,
  dedupeKey: string,
  event: CloudEvent,
): Promise<void> {
  await collection.updateOne({ _id: dedupeKey } as Filter<T>, storedCopyRemoval(event) as unknown as UpdateFilter<T>);
}
