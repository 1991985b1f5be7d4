import {
  SecondmentApproved,
  SecondmentCancelled,
  SecondmentCompleted,
  SecondmentRequested,
  SecondmentStarted,
  SecondmentWithdrawn,
  Topics,
} from '@app/contracts';
import { newCloudEvent, OutgoingEvent } from '@app/messaging';
import { SECONDMENT_SOURCE } from '../shared/event-source';
import { countersignedHours, SecondmentEventKind } from './domain/secondment-lifecycle';
import { SecondmentDocument } from './secondment.document';

const CONTRACTS = {
  requested: SecondmentRequested,
  approved: SecondmentApproved,
  started: SecondmentStarted,
  completed: SecondmentCompleted,
  cancelled: SecondmentCancelled,
  withdrawn: SecondmentWithdrawn,
} as const;

/** The lifecycle event of `kind` for the secondment as it stands after the change; keyed by secondment id. */
export function secondmentEvent(
  kind: SecondmentEventKind,
  s: Pick<SecondmentDocument, '_id' | 'teacherId' | 'schoolId' | 'enterpriseId' | 'postId' | 'period' | 'logs' | 'reason'>,
  at: Date,
  correlationid?: string,
): OutgoingEvent {
  const event = newCloudEvent(CONTRACTS[kind], {
    source: SECONDMENT_SOURCE,
    subject: `secondments/${s._id}`,
    time: at,
    correlationid,
    data: {
      secondmentId: s._id,
      teacherId: s.teacherId,
      schoolId: s.schoolId,
      enterpriseId: s.enterpriseId,
      postId: s.postId,
      period: s.period,
      hoursLogged: countersignedHours(s),
      occurredAt: at.toISOString(),
      ...(s.reason ? { reason: s.reason } : {}),
    },
  });
  return { id: event.id, topic: Topics.secondments, key: s._id, event };
}
