import { Collection, Filter, UpdateFilter } from 'mongodb';
import { CloudEvent } from '@app/contracts';
import { erasedPersonIds, ErpPersonMatch, erpEventsAbout } from './domain/erp-person-erasure';

/**
 * Rewrites the person ids of every stored ERP event about the student (erp_inbox and the
 * review queue keep the event the ERP sent), and removes an end of placement's free-text reason;
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
    const person = erasedPersonIds(doc.event as CloudEvent);
    // An ERP's free text on why the student's placement ended goes too.
    const endReason = (doc.event.data as { endReason?: string } | undefined)?.endReason !== undefined;
    if (!person && !endReason) continue;
    await collection.updateOne(
      { _id: doc._id } as Filter<T>,
      {
        ...(person ? { $set: { 'event.data.person': person } } : {}),
        ...(endReason ? { $unset: { 'event.data.endReason': '' } } : {}),
      } as unknown as UpdateFilter<T>,
    );
  }
  return docs.length;
}
