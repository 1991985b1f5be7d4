import { DisclosureRecorded, ErasureConfirmed, ErasureRequested, EventData } from '@app/contracts';
import { newCloudEvent, OutgoingEvent } from '@app/messaging';

/**
 * The privacy events the secondment and R&D services publish, with their own CloudEvents
 * `source`. Keyed by the person, as privacy.disclosure.v1 says.
 */
export function disclosureRecordedEvent(source: string, data: EventData<typeof DisclosureRecorded>, correlationid?: string): OutgoingEvent {
  const event = newCloudEvent(DisclosureRecorded, {
    source,
    subject: `disclosures/${data.disclosureId}`,
    data,
    correlationid,
  });
  return { id: event.id, topic: DisclosureRecorded.topic, key: data.personId, event };
}

/** Same id and time on every republication, so the collector counts it once. Keyed by the person. */
export function erasureConfirmedEvent(
  source: string,
  data: EventData<typeof ErasureConfirmed>,
  eventId: string,
  correlationid?: string,
): OutgoingEvent {
  const event = newCloudEvent(ErasureConfirmed, {
    source,
    subject: `erasures/${data.requestId}`,
    id: eventId,
    time: new Date(data.confirmedAt),
    data,
    correlationid,
  });
  return { id: event.id, topic: ErasureConfirmed.topic, key: data.personId, event };
}

/**
 * The confirmation of a service that keeps no tombstones (secondment, R&D), from its erasure
 * record: what it did (`actions`) and when it confirmed, with the id it chose once, so every
 * republication is the same event.
 */
export function erasureConfirmationOf(
  source: string,
  service: EventData<typeof ErasureConfirmed>['service'],
  request: Pick<EventData<typeof ErasureRequested>, 'requestId' | 'personId'>,
  record: { actions: EventData<typeof ErasureConfirmed>['actions']; confirmation?: { eventId: string; confirmedAt: string } },
  correlationid?: string,
): OutgoingEvent {
  if (!record.confirmation) throw new Error(`erasure ${request.requestId} is not confirmed yet`);
  const { eventId, confirmedAt } = record.confirmation;
  return erasureConfirmedEvent(
    source,
    { requestId: request.requestId, personId: request.personId, service, actions: record.actions, tombstones: [], confirmedAt },
    eventId,
    correlationid,
  );
}
