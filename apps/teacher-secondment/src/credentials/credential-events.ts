import { CredentialIssued, CredentialRevoked, SupervisorOffered, SupervisorWithdrawn, Topics } from '@app/contracts';
import { newCloudEvent, OutgoingEvent } from '@app/messaging';
import { SECONDMENT_SOURCE } from '../shared/event-source';
import { CredentialDocument } from './credential.document';

type Credential = Pick<CredentialDocument, '_id' | 'teacherId' | 'schoolId' | 'tier'>;

const outgoing = (topic: string, key: string, event: OutgoingEvent['event']): OutgoingEvent => ({ id: event.id, topic, key, event });

export function credentialIssued(c: Credential, issuedAt: Date, verifyUrl: string): OutgoingEvent {
  const event = newCloudEvent(CredentialIssued, {
    source: SECONDMENT_SOURCE,
    subject: `credentials/${c._id}`,
    time: issuedAt,
    data: {
      credentialId: c._id,
      teacherId: c.teacherId,
      schoolId: c.schoolId,
      tier: c.tier,
      issuedAt: issuedAt.toISOString(),
      verifyUrl,
      occurredAt: issuedAt.toISOString(),
    },
  });
  return outgoing(Topics.credentials, c.teacherId, event);
}

export function credentialRevoked(c: Credential, reason: string, at: Date): OutgoingEvent {
  const event = newCloudEvent(CredentialRevoked, {
    source: SECONDMENT_SOURCE,
    subject: `credentials/${c._id}`,
    time: at,
    data: { credentialId: c._id, teacherId: c.teacherId, schoolId: c.schoolId, tier: c.tier, reason, occurredAt: at.toISOString() },
  });
  return outgoing(Topics.credentials, c.teacherId, event);
}

export function supervisorOffered(c: Credential, teacher: { displayName: string; subject: string }, at: Date): OutgoingEvent {
  const event = newCloudEvent(SupervisorOffered, {
    source: SECONDMENT_SOURCE,
    subject: `teachers/${c.teacherId}`,
    time: at,
    data: {
      teacherId: c.teacherId,
      schoolId: c.schoolId,
      displayName: teacher.displayName,
      subject: teacher.subject,
      tier: c.tier,
      credentialId: c._id,
      occurredAt: at.toISOString(),
    },
  });
  return outgoing(Topics.supervisors, c.teacherId, event);
}

export function supervisorWithdrawn(c: Credential, reason: string, at: Date): OutgoingEvent {
  const event = newCloudEvent(SupervisorWithdrawn, {
    source: SECONDMENT_SOURCE,
    subject: `teachers/${c.teacherId}`,
    time: at,
    data: { teacherId: c.teacherId, schoolId: c.schoolId, reason, occurredAt: at.toISOString() },
  });
  return outgoing(Topics.supervisors, c.teacherId, event);
}
