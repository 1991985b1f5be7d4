import { Collection, Filter, UpdateFilter } from 'mongodb';
import { CloudEvent } from '@app/contracts';
import { erasedPersonIds, ErpPersonMatch, erpEventsAbout } from './domain/erp-person-erasure';

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
    const person = erasedPersonIds(doc.event as CloudEvent);
    // An ERP's free text on why the student's placement ended goes too.
    const endReason = (doc.event.data as { endReason?: string } | undefined)?.endReason !== undefined;
    // And the envelope's free-text subject, which an ERP may fill with the person's name.
    const subject = doc.event.subject !== undefined;
    if (!person && !endReason && !subject) continue;
    const unset = { ...(endReason ? { 'event.data.endReason': '' } : {}), ...(subject ? { 'event.subject': '' } : {}) };
    await collection.updateOne(
      { _id: doc._id } as Filter<T>,
      {
        ...(person ? { $set: { 'event.data.person': person } } : {}),
        ...(endReason || subject ? { $unset: unset } : {}),
      } as unknown as UpdateFilter<T>,
    );
  }
  return docs.length;
}
