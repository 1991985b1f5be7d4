import { CloudEvent, HrOpenIdentifier } from '@app/contracts';

/** What identifies an erased student's ERP events: the placements it was hired from, or the HR ids it was named by. */
export interface ErpPersonMatch {
  placementIds: string[];
  externalIds: HrOpenIdentifier[];
}

/** Stands in for an erased identifier value; the scheme stays, so the stored event keeps its shape. */
export const ERASED_ID_VALUE = '[erased]';

/** A Mongo filter on documents holding an ERP event (`event.data…`) about the student; null when nothing can match. */
export function erpEventsAbout(match: ErpPersonMatch): Record<string, unknown> | null {
  const or: Record<string, unknown>[] = [];
  if (match.placementIds.length) or.push({ 'event.data.placementId': { $in: match.placementIds } });
  for (const { schemeId, value } of match.externalIds) {
    or.push({ 'event.data.person.ids': { $elemMatch: { schemeId, value } } });
  }
  return or.length ? { $or: or } : null;
}

/** The event's person ids with their values erased (undefined when the event names no person or is already erased). */
export function erasedPersonIds(event: CloudEvent): { ids: HrOpenIdentifier[] } | undefined {
  const person = (event.data as { person?: { ids?: HrOpenIdentifier[] } } | undefined)?.person;
  if (!person?.ids?.some((id) => id.value !== ERASED_ID_VALUE)) return undefined;
  return { ids: person.ids.map((id) => ({ ...id, value: ERASED_ID_VALUE })) };
}
