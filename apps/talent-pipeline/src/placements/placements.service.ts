import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  CloudEvent,
  EventContract,
  PlacementCompleted,
  PlacementHired,
  PlacementOutcome,
  PlacementOutcomeKind,
  PlacementStarted,
  PlacementTerminated,
  Topics,
} from '@app/contracts';
import { newCloudEvent } from '@app/messaging/new-cloud-event';
import { OutgoingEvent } from '@app/messaging/outgoing-event';
import { ConcurrencyConflictError } from '@app/persistence/concurrency-conflict.error';
import { ProblemException } from '@app/platform/http/problem.exception';
import { PartnersRepository } from '../partners/partners.repository';
import { TALENT_PIPELINE_SOURCE } from '../shared/event-source';
import { StudentsRepository } from '../students/students.repository';
import { assertTransition, IllegalTransitionError, outcomeOf, PlacementStatus } from './domain/placement-lifecycle';
import { CreatePlacementDto } from './dto/create-placement.dto';
import { PlacementDocument } from './placement.document';
import { PlacementsRepository } from './placements.repository';

const OUTCOME_CONTRACTS: Record<PlacementOutcomeKind, EventContract> = {
  started: PlacementStarted,
  completed: PlacementCompleted,
  terminated: PlacementTerminated,
  hired: PlacementHired,
};

export interface TransitionRequest {
  to: PlacementStatus;
  /** Why: `http` or the CloudEvent that caused it. */
  causedBy?: Pick<CloudEvent, 'source' | 'id' | 'type'>;
  /** Dedupe key of the inbound event, recorded atomically with the change. */
  appliedEvent?: string;
  hire?: { positionTitle: string; hireDate: string };
  correlationid?: string;
}

const CONFLICT_RETRIES = 5;

@Injectable()
export class PlacementsService {
  constructor(
    private readonly placements: PlacementsRepository,
    private readonly students: StudentsRepository,
    private readonly partners: PartnersRepository,
  ) {}

  async create(dto: CreatePlacementDto): Promise<PlacementDocument> {
    const student = await this.students.findById(dto.studentId);
    const enterprise = await this.partners.enterprises.findById(dto.enterpriseId);
    const errors = [
      ...(student ? [] : [{ field: 'studentId', message: 'no such student' }]),
      ...(enterprise ? [] : [{ field: 'enterpriseId', message: 'no such enterprise' }]),
    ];
    if (!student || !enterprise) throw new ProblemException(400, 'invalid request', 'unknown references', errors);
    const now = new Date();
    const placement = {
      _id: randomUUID(),
      ...dto,
      schoolId: student.schoolId,
      programme: student.programme,
      cohort: student.cohort,
      status: 'proposed' as const,
      history: [{ status: 'proposed' as const, at: now, cause: 'http' }],
      createdAt: now,
    };
    await this.placements.store.insert(placement);
    return (await this.placements.store.findById(placement._id))!;
  }

  async get(id: string): Promise<PlacementDocument> {
    const placement = await this.placements.store.findById(id);
    if (!placement) throw new ProblemException(404, 'placement not found', `no placement with id ${id}`);
    return placement;
  }

  /**
   * Moves a placement to a new status and, atomically with it, queues the outcome event for
   * schools. Retries on concurrent modification; an illegal transition is a 409.
   */
  async transition(id: string, request: TransitionRequest): Promise<{ placement: PlacementDocument; duplicate: boolean }> {
    for (let attempt = 1; ; attempt++) {
      const placement = await this.get(id);
      try {
        assertTransition(placement.status, request.to);
      } catch (error) {
        if (error instanceof IllegalTransitionError && request.appliedEvent && placement.appliedEvents?.includes(request.appliedEvent)) {
          return { placement, duplicate: true };
        }
        throw error;
      }
      const at = new Date();
      const set: Partial<PlacementDocument> = {
        status: request.to,
        history: [
          ...placement.history,
          { status: request.to, at, cause: request.causedBy ? `${request.causedBy.type} ${request.causedBy.id}` : 'http' },
        ],
        ...(request.hire ? { hire: request.hire } : {}),
      };
      const events = this.outcomeEvents({ ...placement, ...set } as PlacementDocument, at, request);
      try {
        const result = await this.placements.store.update(placement, set, events, request.appliedEvent);
        return { placement: (await this.get(id))!, duplicate: result === 'duplicate' };
      } catch (error) {
        if (error instanceof ConcurrencyConflictError && attempt < CONFLICT_RETRIES) continue;
        throw error;
      }
    }
  }

  private outcomeEvents(placement: PlacementDocument, at: Date, request: TransitionRequest): OutgoingEvent[] {
    const outcome = outcomeOf(placement.status);
    if (!outcome) return [];
    const data: PlacementOutcome = {
      placementId: placement._id,
      schoolId: placement.schoolId,
      enterpriseId: placement.enterpriseId,
      studentId: placement.studentId,
      programme: placement.programme,
      cohort: placement.cohort,
      kind: placement.kind,
      role: placement.role,
      outcome,
      occurredAt: at.toISOString(),
      ...(request.causedBy ? { causedBy: request.causedBy } : {}),
      ...(placement.hire ? { hire: placement.hire } : {}),
    };
    const event = newCloudEvent(OUTCOME_CONTRACTS[outcome], {
      source: TALENT_PIPELINE_SOURCE,
      subject: `placements/${placement._id}`,
      correlationid: request.correlationid,
      data: data as never,
    });
    // Keyed by school: one school's outcomes share a partition and so keep their order.
    return [{ id: event.id, topic: Topics.placementOutcomes, key: placement.schoolId, event }];
  }
}
