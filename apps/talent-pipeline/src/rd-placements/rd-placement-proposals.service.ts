import { Injectable } from '@nestjs/common';
import { dedupeKeyOf, EventOf, RdPlacementAccepted, RdPlacementProposed, RdPlacementRefused, Topics } from '@app/contracts';
import { newCloudEvent, OutgoingEvent, PermanentFailureError } from '@app/messaging';
import { AggregateState, DuplicateKeyError, retryOnConflict } from '@app/persistence';
import { ProblemException } from '@app/base';
import { CreatePlacementDto, CreatePlacementSchema } from '../placements/dto/create-placement.dto';
import { PlacementDocument } from '../placements/placement.document';
import { PlacementsService } from '../placements/placements.service';
import { TALENT_PIPELINE_SOURCE } from '../shared/event-source';
import { StudentsService } from '../students/students.service';
import { Refusal, refusalOf } from './domain/refusal';
import { RdPlacementDecisionDocument } from './rd-placement-decision.document';
import { RdPlacementDecisionsRepository } from './rd-placement-decisions.repository';

export type RdPlacementProposal = EventOf<typeof RdPlacementProposed>;

type Decision = { status: 'accepted' } | { status: 'refused'; refusal: Refusal };

/**
 * An R&D project's student proposed for an R&D internship (rd.placement.proposed.v1) becomes a
 * placement of kind `rd-internship` in its first state, through PlacementsService.create: the
 * same checks as a proposal over the HTTP API. Every proposal is answered on
 * talent.rd-placement-decision.v1: accepted (the placement exists) or refused with the reason
 * (unknown student or enterprise, a student of another school, no agreement covering R&D
 * internships, no consent, terms a placement cannot have), so the project can fix the cause
 * and propose again. The placement takes the id the event names, so a redelivery finds it and
 * creates nothing; the answer is written with the proposal's dedupe key, so it is sent once.
 * Only a placement id already taken by another placement is a dead letter: no proposal can fix it.
 */
@Injectable()
export class RdPlacementProposalsService {
  constructor(
    private readonly placements: PlacementsService,
    private readonly students: StudentsService,
    private readonly decisions: RdPlacementDecisionsRepository,
  ) {}

  async apply(event: RdPlacementProposal): Promise<'created' | 'duplicate' | 'refused'> {
    const proposal = event.data;
    // Answered before (a redelivery, a replay): the answer stands. A proposal refused, say for want of a consent
    // given since, is not created now; the project proposes again, under a new event, if it still wants it.
    const answered = await this.decisions.store.findById(proposal.placementId);
    if (answered?.appliedEvents?.includes(dedupeKeyOf(event)) && answered.status === 'refused') return 'duplicate';
    const existing = await this.placements.findById(proposal.placementId);
    // A crash between the placement and its answer, or a proposal repeated: the answer is (still) accepted.
    if (existing) return this.acceptExisting(existing, event);
    const checked = await this.checkedRequest(event);
    if ('refusal' in checked) {
      await this.decide(event, { status: 'refused', refusal: checked.refusal });
      return 'refused';
    }
    try {
      await this.placements.create(checked.request, { id: proposal.placementId, cause: `${event.type} ${event.id}` });
    } catch (error) {
      if (error instanceof DuplicateKeyError) {
        // The same proposal applied concurrently (another delivery of it): what it left must be this proposal.
        const raced = await this.placements.findById(proposal.placementId);
        if (raced) return this.acceptExisting(raced, event);
      }
      if (error instanceof ProblemException && error.getStatus() < 500) {
        await this.decide(event, { status: 'refused', refusal: refusalOf(error) });
        return 'refused';
      }
      throw error;
    }
    await this.decide(event, { status: 'accepted' });
    return 'created';
  }

  /**
   * The proposal as the HTTP API would receive it, validated by the same schema, or why it is
   * refused before that: terms a placement cannot have, or a student of another school than the
   * project's (which the placement service cannot see).
   */
  private async checkedRequest(event: RdPlacementProposal): Promise<{ request: CreatePlacementDto } | { refusal: Refusal }> {
    const { studentId, enterpriseId, schoolId, role, startDate, endDate } = event.data;
    const parsed = CreatePlacementSchema.safeParse({
      studentId,
      enterpriseId,
      kind: 'rd-internship',
      role,
      startDate,
      ...(endDate ? { endDate } : {}),
    });
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return { refusal: { reason: 'invalid-proposal', detail: `not a valid placement proposal: ${issues}`.slice(0, 1000) } };
    }
    const student = await this.students.findById(studentId);
    if (student && student.schoolId !== schoolId) {
      return { refusal: { reason: 'student-of-another-school', detail: `the student is not a student of school ${schoolId}` } };
    }
    return { request: parsed.data as CreatePlacementDto };
  }

  private async acceptExisting(placement: PlacementDocument, event: RdPlacementProposal): Promise<'duplicate'> {
    this.assertSameProposal(placement, event);
    await this.decide(event, { status: 'accepted' });
    return 'duplicate';
  }

  /** A placement under the proposal's id must be this proposal's; anything else is never applied. */
  private assertSameProposal(placement: PlacementDocument, event: RdPlacementProposal): void {
    const same =
      placement.kind === 'rd-internship' &&
      placement.studentId === event.data.studentId &&
      placement.enterpriseId === event.data.enterpriseId;
    if (!same) {
      throw new PermanentFailureError(
        `rd.placement.proposed.v1 ${event.id}: placement ${placement._id} exists and is not this proposal's (another student, enterprise or kind)`,
      );
    }
  }

  /**
   * Records the answer to this proposal and queues its event in the same write, once per
   * proposal (its dedupe key): a redelivery finds it applied and sends nothing again.
   */
  private async decide(event: RdPlacementProposal, decision: Decision): Promise<void> {
    const key = dedupeKeyOf(event);
    const { placementId, projectId, participationId } = event.data;
    await retryOnConflict(
      async () => {
        const current = await this.decisions.store.findById(placementId);
        if (current?.appliedEvents?.includes(key)) return;
        const decidedAt = new Date();
        const state: AggregateState<RdPlacementDecisionDocument> = {
          _id: placementId,
          projectId,
          participationId,
          status: decision.status,
          refusal: decision.status === 'refused' ? decision.refusal : null,
          proposalEventId: event.id,
          decidedAt,
        };
        const events = [this.answer(event, decision, decidedAt)];
        if (!current) return this.decisions.store.insert(state, events, key);
        await this.decisions.store.update(current, state, events, key);
      },
      { alsoRetry: (error) => error instanceof DuplicateKeyError },
    );
  }

  private answer(event: RdPlacementProposal, decision: Decision, decidedAt: Date): OutgoingEvent {
    const { placementId, projectId, participationId } = event.data;
    const data = { placementId, projectId, participationId, proposalEventId: event.id, occurredAt: decidedAt.toISOString() };
    const fields = {
      source: TALENT_PIPELINE_SOURCE,
      subject: `placements/${placementId}`,
      correlationid: event.correlationid ?? event.id,
      time: decidedAt,
    };
    const answer =
      decision.status === 'accepted'
        ? newCloudEvent(RdPlacementAccepted, { ...fields, data })
        : newCloudEvent(RdPlacementRefused, { ...fields, data: { ...data, ...decision.refusal } });
    // Keyed by project, so the answers to one project's proposals keep their order.
    return { id: answer.id, topic: Topics.rdPlacementDecisions, key: projectId, event: answer };
  }
}
