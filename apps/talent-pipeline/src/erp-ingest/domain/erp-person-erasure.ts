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

/** What an erasure takes out of a stored ERP event, as its confirmation names the fields. */
export const ERP_EVENT_PERSONAL_FIELDS = ['event.data.person.ids.value', 'event.data.endReason', 'event.subject'] as const;

/** The update that takes a stored ERP event's personal fields out (path names under `event.`). */
export interface PersonalFieldsRemoval {
  $set?: { 'event.data.person': { ids: HrOpenIdentifier[] } };
  $unset?: Partial<Record<'event.data.endReason' | 'event.subject', ''>>;
}

/**
 * What an erasure takes out of a stored ERP event: the HR id values (the schemes stay, so the
 * event keeps its shape), an end's free-text reason and the envelope's free-text subject, which
 * an ERP may fill with the person's name. Undefined when the event holds none of them.
 */
export function personalFieldsRemoval(event: CloudEvent): PersonalFieldsRemoval | undefined {
  const person = erasedPersonIds(event);
  const unset: NonNullable<PersonalFieldsRemoval['$unset']> = {};
  if ((event.data as { endReason?: string } | undefined)?.endReason !== undefined) unset['event.data.endReason'] = '';
  if (event.subject !== undefined) unset['event.subject'] = '';
  if (!person && Object.keys(unset).length === 0) return undefined;
  return { ...(person ? { $set: { 'event.data.person': person } } : {}), ...(Object.keys(unset).length ? { $unset: unset } : {}) };
}

/** The event as kept about a student whose erasure has started: `personalFieldsRemoval` applied to the copy in hand. */
export function withoutPersonalFields<E extends CloudEvent>(event: E): E {
  const removal = personalFieldsRemoval(event);
  if (!removal) return event;
  const { endReason: _endReason, ...data } = event.data as { endReason?: string };
  const { subject: _subject, ...envelope } = event;
  return { ...envelope, data: removal.$set ? { ...data, person: removal.$set['event.data.person'] } : data } as E;
}

/**
 * The removal for a stored copy of `event` that may not be byte for byte the event in hand (an
 * ERP that sent the same id twice with other content): the HR id values of `event`, and both
 * free-text fields whether or not `event` has them.
 */
export function storedCopyRemoval(event: CloudEvent): PersonalFieldsRemoval {
  const person = erasedPersonIds(event);
  return { ...(person ? { $set: { 'event.data.person': person } } : {}), $unset: { 'event.data.endReason': '', 'event.subject': '' } };
}
