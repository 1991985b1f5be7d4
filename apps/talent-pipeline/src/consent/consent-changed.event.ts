import { ConsentChanged, ConsentErased, Topics } from '@app/contracts';
import { newCloudEvent, OutgoingEvent } from '@app/messaging';
import { TALENT_PIPELINE_SOURCE } from '../shared/event-source';
import { ConsentDocument } from './consent.document';

/** `privacy.consent.changed.v1` with the consent's state after the change, keyed by consent (the topic is compacted). */
export function consentChangedEvent(consent: ConsentDocument, changedAt: Date): OutgoingEvent {
  const event = newCloudEvent(ConsentChanged, {
    source: TALENT_PIPELINE_SOURCE,
    subject: `students/${consent.studentId}/consents/${consent._id}`,
    time: changedAt,
    data: {
      consentId: consent._id,
      studentId: consent.studentId,
      schoolId: consent.schoolId,
      enterpriseId: consent.enterpriseId,
      purpose: consent.purpose,
      grantedAt: consent.grantedAt.toISOString(),
      ...(consent.expiresAt ? { expiresAt: consent.expiresAt.toISOString() } : {}),
      ...(consent.withdrawnAt ? { withdrawnAt: consent.withdrawnAt.toISOString() } : {}),
      changedAt: changedAt.toISOString(),
    },
  });
  return { id: event.id, topic: Topics.privacyConsents, key: consent._id, event };
}

/** The consent's tombstone: no value under its key, so compaction drops its earlier states from the topic. */
export function consentErasedEvent(consentId: string, erasedAt: Date): OutgoingEvent {
  const event = newCloudEvent(ConsentErased, {
    source: TALENT_PIPELINE_SOURCE,
    subject: `consents/${consentId}`,
    time: erasedAt,
    data: null,
  });
  return { id: event.id, topic: Topics.privacyConsents, key: consentId, event };
}
