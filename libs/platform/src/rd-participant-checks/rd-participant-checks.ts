import {
  EventOf,
  RdParticipationJoined,
  rdParticipantCheckOf,
  RdParticipantRefusalReason,
  SecondmentRdParticipantChecked,
  TalentRdParticipantChecked,
} from '@app/contracts';
import { Filter } from 'mongodb';
import { newCloudEvent } from '@app/messaging';
import { AggregateDocument, AggregateStore, DuplicateKeyError, retryOnConflict } from '@app/persistence';

/** The collection each owner keeps its answers in (an aggregate with an outbox: add it to the service's outbox collections). */
export const RD_PARTICIPANT_CHECKS = 'rd_participant_checks';

/**
 * An owner's answer to one R&D participation (ADR 0082), under the participation id: the R&D
 * project, the school it was checked against and the joined event answered, with the answer's
 * event in the outbox. No person id (the answer names none).
 */
export interface RdParticipantCheckDocument extends AggregateDocument {
  projectId: string;
  schoolId: string;
  joinedEventId: string;
  outcome: 'confirmed' | 'refused';
  reason: RdParticipantRefusalReason | null;
  detail: string | null;
  checkedAt: Date;
  /**
   * The person id, kept only by an owner whose people may be registered later under an id the
   * school chose (the secondment service's teachers), and only while refused as unknown: a later
   * registration then answers again (recheckUnknownPerson).
   */
  unknownPersonId?: string | null;
}

export type RdParticipationJoinedEvent = EventOf<typeof RdParticipationJoined>;

/** Who answers which participants, on which contract (the talent pipeline students, the secondment service teachers). */
export interface RdParticipantOwner {
  kind: 'student' | 'teacher';
  contract: typeof TalentRdParticipantChecked | typeof SecondmentRdParticipantChecked;
  source: string;
  /** Whether an id unknown today may be registered later (teachers' ids are chosen by the school), so it is answered again then. */
  recheckUnknown: boolean;
}

type Person = { schoolId: string } | 'erased' | null;

function answerEvent(
  owner: RdParticipantOwner,
  answer: ReturnType<typeof rdParticipantCheckOf>,
  about: { participationId: string; projectId: string; schoolId: string; joinedEventId: string; correlationid: string },
  checkedAt: Date,
) {
  const { participationId, projectId, schoolId, joinedEventId, correlationid } = about;
  const refusal = answer.outcome === 'refused' ? { reason: answer.reason, detail: answer.detail } : {};
  const published = newCloudEvent(owner.contract, {
    source: owner.source,
    subject: `rd-participations/${participationId}`,
    correlationid,
    time: checkedAt,
    data: { participationId, projectId, schoolId, joinedEventId, outcome: answer.outcome, ...refusal, occurredAt: checkedAt.toISOString() },
  });
  // Keyed by project, so one project's answers keep their order.
  return { id: published.id, topic: owner.contract.topic, key: projectId, event: published };
}

function stateOf(owner: RdParticipantOwner, answer: ReturnType<typeof rdParticipantCheckOf>, personId: string, checkedAt: Date) {
  const unknown = owner.recheckUnknown && answer.outcome === 'refused' && answer.reason === 'unknown-person';
  return {
    outcome: answer.outcome,
    reason: answer.outcome === 'refused' ? answer.reason : null,
    detail: answer.outcome === 'refused' ? answer.detail : null,
    checkedAt,
    ...(unknown ? { unknownPersonId: personId } : {}),
  };
}

/**
 * Answers a participation once: the answer and its event are one insert under the participation
 * id, so a redelivered or replayed joined event finds it and sends nothing again (a participation
 * joins once). `person` is what the owner holds under the id: null, 'erased' or the person's school.
 * Every answer, a refusal too, is an event: nothing here dead-letters a valid record (ADR 0070).
 */
export async function answerRdParticipation(
  store: AggregateStore<RdParticipantCheckDocument>,
  owner: RdParticipantOwner,
  event: RdParticipationJoinedEvent,
  person: Person,
): Promise<'answered' | 'duplicate'> {
  const { participationId, projectId, schoolId, personId } = event.data;
  if (await store.findById(participationId)) return 'duplicate';
  const answer = rdParticipantCheckOf(person, schoolId, owner.kind);
  const checkedAt = new Date();
  const about = { participationId, projectId, schoolId, joinedEventId: event.id, correlationid: event.correlationid ?? event.id };
  try {
    await store.insert(
      { _id: participationId, projectId, schoolId, joinedEventId: event.id, ...stateOf(owner, answer, personId, checkedAt) },
      [answerEvent(owner, answer, about, checkedAt)],
    );
  } catch (error) {
    // The same joined event handled concurrently (another delivery): its answer is written.
    if (error instanceof DuplicateKeyError) return 'duplicate';
    throw error;
  }
  return 'answered';
}

/**
 * A person registered (or changed) under `personId`: every participation refused because the id
 * was unknown is answered again with what the owner holds now (confirmed, or another school's
 * person), in one write with its event each. Returns how many were answered again.
 */
export async function recheckUnknownPerson(
  store: AggregateStore<RdParticipantCheckDocument>,
  owner: RdParticipantOwner,
  personId: string,
  person: Person,
): Promise<number> {
  if (person === null) return 0;
  let answered = 0;
  for (const refused of await store.collection.find({ unknownPersonId: personId } as Filter<RdParticipantCheckDocument>).toArray()) {
    await retryOnConflict(async () => {
      const current = await store.findById(refused._id);
      if (!current || current.unknownPersonId !== personId) return;
      const answer = rdParticipantCheckOf(person, current.schoolId, owner.kind);
      // Later than the answer it replaces, whatever this replica's clock says: the R&D service keeps the later answer
      // by its time (an older one is a replay), so a clock behind the refusing replica's would lose this one.
      const checkedAt = new Date(Math.max(Date.now(), current.checkedAt.getTime() + 1));
      const about = { ...current, participationId: current._id, correlationid: current.joinedEventId };
      await store.update(current, { unknownPersonId: null, ...stateOf(owner, answer, personId, checkedAt) }, [
        answerEvent(owner, answer, about, checkedAt),
      ]);
      answered += 1;
    });
  }
  return answered;
}
