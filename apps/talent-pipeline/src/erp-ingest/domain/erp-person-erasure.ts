import { CloudEvent, HrOpenIdentifier, PLATFORM_STUDENT_SCHEME } from '@app/contracts';

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

/**
 * An ERP event about a student whose erasure has started (or is done), as the service keeps and
 * forwards it (ADR 0037, addendum of 2026-12-07): the HR id values erased (the platform's own
 * student id stays: it is the pseudonym the erasure keeps, and still finds the placement), an
 * end's free-text reason and the envelope's free-text `subject` removed. Ids, type, time and
 * everything processing needs stay.
 */
export function withoutPersonalFields(event: CloudEvent): CloudEvent {
  const { subject: _subject, ...envelope } = event;
  const data = event.data as { person?: { ids?: HrOpenIdentifier[] }; endReason?: string } | undefined;
  if (!data || typeof data !== 'object') return envelope;
  const { endReason: _endReason, ...kept } = data;
  const ids = data.person?.ids;
  return {
    ...envelope,
    data: ids
      ? {
          ...kept,
          person: {
            ...data.person,
            ids: ids.map((id) => (id.schemeId === PLATFORM_STUDENT_SCHEME ? id : { ...id, value: ERASED_ID_VALUE })),
          },
        }
      : kept,
  };
}

/** Whether the event can name its student without HR ids: by the placement, or by the platform's own student id. */
export function namesStudentWithoutHrIds(event: CloudEvent): boolean {
  const data = event.data as { placementId?: string; person?: { ids?: HrOpenIdentifier[] } } | undefined;
  return data?.placementId !== undefined || (data?.person?.ids ?? []).some((id) => id.schemeId === PLATFORM_STUDENT_SCHEME);
}
