import { CloudEvent, RequisitionOpened, RequisitionSnapshot, RequisitionStatusChanged, RequisitionUpdated, Topics } from '@app/contracts';
import { newCloudEvent, OutgoingEvent } from '@app/messaging';
import { TALENT_PIPELINE_SOURCE } from '../shared/event-source';
import { RequisitionStatus } from './domain/requisition-lifecycle';
import { RequisitionDocument } from './requisition.document';

type RequisitionState = Omit<RequisitionDocument, 'version' | 'outbox' | 'appliedEvents'>;

export function snapshotOf(r: RequisitionState, at: Date): RequisitionSnapshot {
  return {
    requisitionId: r._id,
    enterpriseId: r.enterpriseId,
    role: r.role,
    skills: r.skills,
    headcount: r.headcount,
    kind: r.kind,
    period: r.period,
    location: r.location,
    status: r.status,
    ...(r.erp ? { erp: r.erp } : {}),
    occurredAt: at.toISOString(),
  };
}

/** Keyed by requisition id, so one requisition's events keep their order. */
function outgoing(requisitionId: string, event: CloudEvent): OutgoingEvent {
  return { id: event.id, topic: Topics.requisitions, key: requisitionId, event };
}

export function openedEvent(r: RequisitionState, at: Date, correlationid?: string): OutgoingEvent {
  return snapshotEvent(RequisitionOpened, r, at, correlationid);
}

export function updatedEvent(r: RequisitionState, at: Date, correlationid?: string): OutgoingEvent {
  return snapshotEvent(RequisitionUpdated, r, at, correlationid);
}

/** `opened` and `updated` both carry the whole requisition, so consumers need not call back. */
function snapshotEvent(
  contract: typeof RequisitionOpened | typeof RequisitionUpdated,
  r: RequisitionState,
  at: Date,
  correlationid?: string,
): OutgoingEvent {
  const event = newCloudEvent(contract, {
    source: TALENT_PIPELINE_SOURCE,
    subject: `requisitions/${r._id}`,
    time: at,
    correlationid,
    data: snapshotOf(r, at),
  });
  return outgoing(r._id, event);
}

export function statusChangedEvent(
  r: Pick<RequisitionDocument, '_id' | 'enterpriseId'>,
  from: RequisitionStatus,
  to: RequisitionStatus,
  at: Date,
  correlationid?: string,
): OutgoingEvent {
  const event = newCloudEvent(RequisitionStatusChanged, {
    source: TALENT_PIPELINE_SOURCE,
    subject: `requisitions/${r._id}`,
    time: at,
    correlationid,
    data: { requisitionId: r._id, enterpriseId: r.enterpriseId, from, to, occurredAt: at.toISOString() },
  });
  return outgoing(r._id, event);
}
