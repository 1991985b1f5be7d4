import {
  RdContributionDelivered,
  RdHoursLogged,
  RdOutcomeRecorded,
  RdParticipationJoined,
  RdParticipationWithdrawn,
  RdPlacementProposed,
  RdProjectClosed,
  RdProjectStarted,
  EventContract,
  EventData,
} from '@app/contracts';
import { newCloudEvent, OutgoingEvent } from '@app/messaging';
import { RD_COLLABORATION_SOURCE } from '../shared/event-source';

/** An outbox entry for one of this service's contracts; `key` is what keeps related events in order. */
function outgoing<C extends EventContract>(
  contract: C,
  key: string,
  projectId: string,
  data: EventData<C>,
  correlationid?: string,
): OutgoingEvent {
  const event = newCloudEvent(contract, { source: RD_COLLABORATION_SOURCE, subject: `projects/${projectId}`, data, correlationid });
  return { id: event.id, topic: contract.topic, key, event };
}

export const projectStarted = (d: EventData<typeof RdProjectStarted>, c?: string) =>
  outgoing(RdProjectStarted, d.projectId, d.projectId, d, c);
export const contributionDelivered = (d: EventData<typeof RdContributionDelivered>, c?: string) =>
  outgoing(RdContributionDelivered, d.projectId, d.projectId, d, c);
export const outcomeRecorded = (d: EventData<typeof RdOutcomeRecorded>, c?: string) =>
  outgoing(RdOutcomeRecorded, d.projectId, d.projectId, d, c);
export const projectClosed = (d: EventData<typeof RdProjectClosed>, c?: string) =>
  outgoing(RdProjectClosed, d.projectId, d.projectId, d, c);
/** Keyed by the person, as the contract says, so one person's participation events stay in order. */
export const participationJoined = (d: EventData<typeof RdParticipationJoined>, c?: string) =>
  outgoing(RdParticipationJoined, d.personId, d.projectId, d, c);
export const participationWithdrawn = (d: EventData<typeof RdParticipationWithdrawn>, c?: string) =>
  outgoing(RdParticipationWithdrawn, d.personId, d.projectId, d, c);
export const hoursLogged = (d: EventData<typeof RdHoursLogged>, c?: string) => outgoing(RdHoursLogged, d.teacherId, d.projectId, d, c);
/** Keyed by the student, so one student's proposals stay in order. */
export const placementProposed = (d: EventData<typeof RdPlacementProposed>, c?: string) =>
  outgoing(RdPlacementProposed, d.studentId, d.projectId, d, c);
