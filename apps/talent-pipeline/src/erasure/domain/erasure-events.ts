import { CloudEvent, ErasureConfirmed, ErasureRequested, EventData, Topics } from '@app/contracts';
import { newCloudEvent, OutgoingEvent } from '@app/messaging';
import { TALENT_PIPELINE_SOURCE } from '../../shared/event-source';
import { uuidV5 } from '../../shared/uuid-v5';

/** Namespace of the ids derived from an erasure request (a fixed random UUID). */
const ERASURE_NAMESPACE = '2c8e6f4a-7d31-4b9e-a5c2-81f0d3e96b47';

/** The webhook event type of erasure notices (not a Kafka contract: it only goes to webhook receivers). */
export const ERASURE_NOTICE_TYPE = 'privacy.erasure.notice.v1';

export type ErasureRequestedData = EventData<typeof ErasureRequested>;
export type ErasureConfirmedData = EventData<typeof ErasureConfirmed>;

/** privacy.erasure.requested.v1 on the erasure topic, keyed by the student; its id is the request id. */
export function erasureRequestedEvent(data: ErasureRequestedData): OutgoingEvent {
  const event = newCloudEvent(ErasureRequested, { source: TALENT_PIPELINE_SOURCE, subject: data.personId, id: data.requestId, data });
  return { id: event.id, topic: Topics.privacyErasure, key: data.personId, event };
}

/** The talent pipeline's own confirmation; its id is derived from the request, so a repeat is the same event. */
export function erasureConfirmedEvent(data: ErasureConfirmedData): OutgoingEvent {
  const id = uuidV5(ERASURE_NAMESPACE, `confirmed|${data.service}|${data.requestId}`);
  const event = newCloudEvent(ErasureConfirmed, { source: TALENT_PIPELINE_SOURCE, subject: data.personId, id, data });
  return { id, topic: Topics.privacyErasure, key: data.personId, event };
}

export interface ErasureNoticeData {
  requestId: string;
  studentId: string;
  schoolId: string;
  /** The placements whose outcomes the recipient may have received. */
  placementIds: string[];
  requestedAt: string;
  /** What the recipient is asked to do. */
  instruction: string;
}

/**
 * The webhook event that tells a recipient to erase what it received about the student
 * (GDPR Art. 19, PIPL Art. 47). Ids only. Its id (the `webhook-id`) is derived from the
 * request, so re-applying the request enqueues nothing new.
 */
export function erasureNoticeEvent(
  data: Omit<ErasureNoticeData, 'instruction'>,
): CloudEvent<typeof ERASURE_NOTICE_TYPE, ErasureNoticeData> {
  return {
    specversion: '1.0',
    id: uuidV5(ERASURE_NAMESPACE, `notice|${data.requestId}`),
    source: TALENT_PIPELINE_SOURCE,
    type: ERASURE_NOTICE_TYPE,
    subject: data.studentId,
    time: data.requestedAt,
    datacontenttype: 'application/json',
    data: {
      ...data,
      instruction:
        "Erase or anonymise every copy of this student's personal data received from the platform (placement outcomes " +
        'with these placement ids), and do not process it further. Answer 2xx to acknowledge.',
    },
  };
}
