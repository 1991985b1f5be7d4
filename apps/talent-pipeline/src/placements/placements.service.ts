import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  CloudEvent,
  ErpHire,
  ErpOffer,
  ErpPlacementEnd,
  ErpPlacementEndRescinded,
  ErpPlacementStart,
  ErpPlacementStartRescinded,
  EventOf,
  PLACEMENT_OUTCOME_CONTRACTS,
  PlacementOutcome,
  Topics,
} from '@app/contracts';
import { newCloudEvent, OutgoingEvent, withTraceContext } from '@app/messaging';
import { DuplicateKeyError, retryOnConflict } from '@app/persistence';
import { ProblemException, Clock } from '@app/base';
import { AgreementsService } from '../agreements/agreements.service';
import { ConsentService } from '../consent/consent.service';
import { IllegalRequisitionTransitionError } from '../demand/domain/requisition-lifecycle';
import { RequisitionsService } from '../demand/requisitions.service';
import { PartnersService } from '../partners/partners.service';
import { TALENT_PIPELINE_SOURCE } from '../shared/event-source';
import { nextCursorAfter, positionOfBefore } from '../shared/newest-first-cursor';
import { StudentsService } from '../students/students.service';
import { offeredSupervisor } from '../supervisors/supervisor.view';
import { SupervisorsService } from '../supervisors/supervisors.service';
import {
  AgreementNotSignedError,
  AgreementSignature,
  assertAgreementSigned,
  guardianRequiredFor,
  missingParties,
} from './domain/agreement-sign-off';
import { IdempotentPlacementIds, proposalDigestOf, proposedBefore } from './proposal-idempotency';
import { attendanceTotals } from './domain/attendance';
import { pseudonymisedPlacement, studentText } from './domain/student-pseudonymisation';
import { endOfPlacementSummary, endsPlacement } from './domain/end-of-placement';
import { erpOfferEndReason, erpOfferPath, erpOfferTarget } from './domain/erp-offer';
import {
  decideErpStart,
  decideErpStartTiming,
  decideErpStartRescission,
  OlderThanScheduledStartError,
  StartOutsidePeriodError,
} from './domain/erp-start';
import { PlaceabilityProblem } from './domain/placeability';
import { assertTransition, canTransition, IllegalTransitionError, OPEN_STATUSES, PlacementStatus } from './domain/placement-lifecycle';
import { decidePlacementOutcome, evolvePlacement, PlacementTransition, scheduledStepFate } from './domain/placement-transition';
import { decideErpEnd, decideErpEndRescission, OlderThanScheduledEndError } from './domain/scheduled-end';
import {
  ErpRescissionRefusedError,
  ErpStepRescission,
  isDue,
  RescindedStepError,
  nextMark,
  rescindedAlready,
  rescissionFit,
  ScheduledStep,
  ScheduledStepKind,
  StepRescission,
  StepRescissionDecision,
} from './domain/scheduled-step';
import { CreatePlacementDto } from './dto/create-placement.dto';
import { ListPlacementsQuery } from './dto/list-placements.query';
import { PlacementAttendanceRepository } from './placement-attendance.repository';
import { PlacementDocument } from './placement.document';
import { PlacementDetail } from './placement.response';
import { placementView } from './placement.view';
import { PlacementsRepository } from './placements.repository';
import { StudentDocument } from '../students/student.document';

/** How often regroupStudent reads the student's pair again before it gives up on a pair that keeps changing. */
const REGROUP_ROUNDS = 5;

/** An ERP hire event (erp.hire.v1), as a hire of a placement needs it. */
export type ErpHireEvent = EventOf<typeof ErpHire>;
export type ErpPlacementEndEvent = EventOf<typeof ErpPlacementEnd>;
export type ErpOfferEvent = EventOf<typeof ErpOffer>;
export type ErpPlacementStartEvent = EventOf<typeof ErpPlacementStart>;
export type ErpPlacementEndRescindedEvent = EventOf<typeof ErpPlacementEndRescinded>;
export type ErpPlacementStartRescindedEvent = EventOf<typeof ErpPlacementStartRescinded>;
/** An ERP's rescission of a scheduled step: both kinds name the placement and the step alike. */
type ErpRescissionEvent = ErpPlacementEndRescindedEvent | ErpPlacementStartRescindedEvent;

function rescissionOf(event: ErpRescissionEvent): ErpStepRescission {
  const day = 'firstDay' in event.data ? event.data.firstDay : 'lastDay' in event.data ? event.data.lastDay : undefined;
  return { rescindedEventId: event.data.rescindedEventId, source: event.source, eventTime: event.time, ...(day ? { day } : {}) };
}

/**
 * An ERP event applied to a placement, from whichever path it comes (the inbound topic, or an
 * operator linking a held event): the change is caused by the event and deduplicated by
 * `appliedEvent`, recorded in the same write.
 */
export interface ErpEventApplication<E> {
  event: E;
  /** The event's dedupe key, recorded atomically with the change. */
  appliedEvent: string;
  /** The placement as the caller just read it (saves a read; a stale copy costs a retry). */
  current?: PlacementDocument;
  /** Overrides the event's correlation id (an operator's request). */
  correlationid?: string;
}

/**
 * An ERP hire applied to a placement (the inbound topic, one at a time or in a batch, or an
 * operator's link): the placement becomes `hired`, with the event's position and date.
 */
export type HireApplication = ErpEventApplication<ErpHireEvent>;

function hireTransition({ event, appliedEvent, current, correlationid }: HireApplication): TransitionRequest {
  return {
    to: 'hired',
    causedBy: { source: event.source, id: event.id, type: event.type },
    appliedEvent,
    hire: { positionTitle: event.data.position.title, hireDate: event.data.hireDate },
    correlationid: correlationid ?? event.correlationid,
    ...(current ? { current } : {}),
  };
}

/** An ERP's end of a placement, applied like a hire: with its dedupe key, in the same write as the outcome. */
export type PlacementEndApplication = ErpEventApplication<ErpPlacementEndEvent>;

/** The step a rescission names (`rescindedEventId`, same source), when nothing scheduled says which it takes back. */
function namedStep(kind: ScheduledStepKind, event: ErpRescissionEvent): Pick<CloudEvent, 'source' | 'id' | 'type'> | undefined {
  const id = event.data.rescindedEventId;
  return id === undefined
    ? undefined
    : { source: event.source, id, type: kind === 'start' ? ErpPlacementStart.type : ErpPlacementEnd.type };
}

function refusalOf(decision: StepRescissionDecision): string | undefined {
  return decision.kind === 'refused' ? decision.reason : undefined;
}

function causeOf(event: CloudEvent): Pick<CloudEvent, 'source' | 'id' | 'type'> {
  return { source: event.source, id: event.id, type: event.type };
}

export interface TransitionRequest {
  to: PlacementStatus;
  /**
   * Statuses the placement passes through on its way to `to`, in the same write (each step
   * checked by the lifecycle and recorded in the history): an ERP's acceptance of an offer it
   * never reported as made (ADR 0079).
   */
  through?: PlacementStatus[];
  /** Why: `http` or the CloudEvent that caused it. */
  causedBy?: Pick<CloudEvent, 'source' | 'id' | 'type'>;
  /** Dedupe key of the inbound event, recorded atomically with the change. */
  appliedEvent?: string;
  hire?: { positionTitle: string; hireDate: string };
  /** Why the placement ended (completed/terminated), carried in the outcome event. */
  reason?: string;
  /** The last day at the enterprise, when the ERP that ended it said; carried in the outcome event. */
  lastDay?: string;
  /** The first day at the enterprise, when the ERP that started it said: becomes the placement's `startDate`. */
  firstDay?: string;
  /** The dedupe key of the scheduled ERP step this transition applies on its day (its listeners hear `applied`, not `superseded`). */
  appliesScheduled?: string;
  correlationid?: string;
  /**
   * The placement as the caller just read it: saves the first read. A stale copy costs only a
   * retry, because the write is conditional on its version.
   */
  current?: PlacementDocument;
}

/**
 * Where a proposal comes from: the HTTP API (a new id), or an event that names the placement's
 * id (an R&D project's proposal), so a redelivery finds the placement it created.
 */
export interface PlacementOrigin {
  id: string;
  /** Recorded as the cause of the first history entry: `http`, or `<event type> <event id>`. */
  cause: string;
  /** Proposed with an Idempotency-Key: the proposal's digest, kept to tell a retry from another request (ADR 0094). */
  proposalDigest?: string;
}

/**
 * A scheduled ERP step that left its placement: `applied` on its day by the scheduler, or
 * `superseded` (a newer ERP event of its kind replaced it or applied at once, or another path
 * moved the placement on, which drops it). The ERP inbox follows it (ADR 0079).
 */
export interface SettledScheduledStep {
  placementId: string;
  step: ScheduledStepKind;
  /** The dedupe key of the ERP event that scheduled it. */
  appliedEvent: string;
  fate: 'applied' | 'superseded';
}

/** A placement's three-party agreement got its last required signature (`lastSignature`, the one recorded last). */
export interface CompletedAgreement {
  placementId: string;
  lastSignature: Pick<AgreementSignature, 'party' | 'signedAt'>;
}

/**
 * What the placements feature tells a feature that depends on it (the ERP inbox and review
 * queue, which this feature cannot import: erp-ingest imports it), each after its own write or
 * pass (ADR 0079). A listener that fails is logged, not thrown: the placement's change stands,
 * and each listener has a repair for what it missed (`scheduledPassDone`).
 */
export interface PlacementListener {
  /** A scheduled ERP step left its placement: applied on its day, or superseded. */
  scheduledStepSettled?(settled: SettledScheduledStep): Promise<void>;
  /** The last required signature of the placement's agreement was recorded. */
  agreementSigned?(completed: CompletedAgreement): Promise<void>;
  /**
   * The ERP rescinded a start of the placement: `placement` as written, with its `rescindedStart`.
   * Told after the write, and again when the rescission is redelivered (a crash in between).
   */
  startRescinded?(placement: PlacementDocument): Promise<void>;
  /**
   * The scheduled-steps scheduler finished a pass for `today`, under its lease (one replica at a
   * time): a listener settles, bounded, what a crash between a placement's write and the
   * listener's own write left behind.
   */
  scheduledPassDone?(today: string): Promise<void>;
}

@Injectable()
export class PlacementsService {
  private readonly logger = new Logger(PlacementsService.name);
  /** Told of scheduled steps that left a placement, completed agreements and the scheduler's passes. */
  private readonly listeners: PlacementListener[] = [];

  constructor(
    private readonly placements: PlacementsRepository,
    private readonly students: StudentsService,
    private readonly partners: PartnersService,
    private readonly attendance: PlacementAttendanceRepository,
    private readonly agreements: AgreementsService,
    private readonly consents: ConsentService,
    private readonly requisitions: RequisitionsService,
    private readonly supervisors: SupervisorsService,
    private readonly clock: Clock,
    private readonly idempotentIds: IdempotentPlacementIds,
  ) {}

  /**
   * The operator proposes a placement (`POST /v1/placements`). With an Idempotency-Key the
   * placement's id is derived from it: a retry, answered before any rule, gets the placement as it
   * stands (`replayed`), and the key with another proposal is a 422 (ADR 0094).
   */
  async propose(dto: CreatePlacementDto, idempotencyKey?: string): Promise<{ placement: PlacementDocument; replayed: boolean }> {
    if (idempotencyKey === undefined) return { placement: await this.create(dto), replayed: false };
    const digest = proposalDigestOf(dto);
    const candidates = this.idempotentIds.candidates('operator', idempotencyKey);
    const stored = await this.placements.findByIds(candidates);
    const before = candidates.map((id) => stored.find((p) => p._id === id)).find((p) => p !== undefined);
    if (before) return { placement: proposedBefore(before, digest), replayed: true };
    try {
      return { placement: await this.create(dto, { id: candidates[0], cause: 'http', proposalDigest: digest }), replayed: false };
    } catch (error) {
      // A twin sent at once stored it first.
      const raced = error instanceof DuplicateKeyError ? await this.placements.store.findById(candidates[0]) : null;
      if (!raced) throw error;
      return { placement: proposedBefore(raced, digest), replayed: true };
    }
  }

  async create(dto: CreatePlacementDto, origin: PlacementOrigin = { id: randomUUID(), cause: 'http' }): Promise<PlacementDocument> {
    // The birth date decides who signs the agreement (isMinorOn): one not before the start is a
    // typo that would make the student a minor and silently require a guardian's signature.
    if (dto.birthDate !== undefined && dto.birthDate.slice(0, 10) >= dto.startDate.slice(0, 10)) {
      throw new ProblemException(400, 'invalid request', 'the placement cannot be proposed', [
        { field: 'birthDate', message: 'must be before startDate' },
      ]);
    }
    const student = await this.students.findById(dto.studentId);
    const enterprise = await this.partners.findEnterprise(dto.enterpriseId);
    const errors = [
      ...(student ? [] : [{ field: 'studentId', message: 'no such student' }]),
      ...(enterprise ? [] : [{ field: 'enterpriseId', message: 'no such enterprise' }]),
    ];
    if (!student || !enterprise) throw new ProblemException(400, 'invalid request', 'unknown references', errors);
    await this.assertPlaceable(dto, student.schoolId);
    const { birthDate: _birthDate, guardianRequired: _guardianRequired, ...fields } = dto;
    const now = new Date();
    const placement = {
      _id: origin.id,
      ...fields,
      // birthDate only decides this flag; it is personal data the placement does not need to keep.
      guardianRequired: guardianRequiredFor(dto),
      agreement: { signatures: [] },
      schoolId: student.schoolId,
      programme: student.programme,
      cohort: student.cohort,
      status: 'proposed' as const,
      history: [{ status: 'proposed' as const, at: now, cause: origin.cause }],
      createdAt: now,
      ...(origin.proposalDigest ? { proposalDigest: origin.proposalDigest } : {}),
    };
    await this.placements.store.insert(placement);
    // A change of the student's programme or cohort between the read above and the insert did not
    // see this placement. The placement stands either way: a failure here is logged, and the
    // operator's repeat of that change puts it right (ADR 0088).
    try {
      const studentNow = await this.students.findById(student._id);
      if (studentNow && (studentNow.programme !== student.programme || studentNow.cohort !== student.cohort)) {
        await this.regroupStudent(student._id);
      }
    } catch (error) {
      this.logger.warn(
        { err: error, placementId: placement._id },
        "placement proposed during a change of the student's group; not regrouped",
      );
    }
    return (await this.placements.store.findById(placement._id))!;
  }

  /**
   * A placement is only proposed where the cooperation rules allow it: the demand it fills (if
   * named) is open and of the same kind, an active agreement between the student's school and
   * the enterprise covers its kind on its start date, and the student's consent to be placed at
   * that enterprise is in force (proposing a placement shares the student with the enterprise).
   */
  private async assertPlaceable(dto: CreatePlacementDto, schoolId: string): Promise<void> {
    if (dto.requisitionId) {
      const requisition = await this.requisitions.find(dto.enterpriseId, dto.requisitionId);
      if (!requisition) {
        throw new ProblemException(400, 'invalid request', 'unknown references', [
          { field: 'requisitionId', message: 'no such requisition of this enterprise' },
        ]);
      }
      if (requisition.kind !== dto.kind) {
        throw new ProblemException(400, 'invalid request', 'the placement does not fit its requisition', [
          { field: 'kind', message: `must be ${requisition.kind}, the kind of requisition ${requisition._id}` },
        ]);
      }
      if (requisition.status !== 'open') {
        throw new ProblemException(409, 'requisition not open', `requisition ${requisition._id} is ${requisition.status}`);
      }
    }
    if (!(await this.agreements.activeAgreementCovers(schoolId, dto.enterpriseId, dto.kind, dto.startDate))) {
      throw new ProblemException(
        409,
        PlaceabilityProblem.noAgreement,
        `no active agreement between school ${schoolId} and enterprise ${dto.enterpriseId} covers a ${dto.kind} starting ${dto.startDate}`,
      );
    }
    if (!(await this.consents.isInForce(dto.studentId, dto.enterpriseId, 'placement'))) {
      throw new ProblemException(
        409,
        PlaceabilityProblem.consentMissing,
        `the student's consent to be placed at enterprise ${dto.enterpriseId} (purpose 'placement') is not in force`,
        undefined,
        { purpose: 'placement' },
      );
    }
  }

  /** A newest-first page of placements and the cursor of the next one (none after the last page). */
  async list(query: ListPlacementsQuery): Promise<{ items: PlacementDocument[]; nextCursor?: string }> {
    const { before, limit = 50, ...filter } = query;
    const items = await this.placements.list(filter, { limit, before: positionOfBefore(before) });
    return { items, nextCursor: nextCursorAfter(items, limit, (placement) => ({ createdAt: placement.createdAt, id: placement._id })) };
  }

  /** With `enterpriseId`, another enterprise's placement is reported as not found. */
  async get(id: string, enterpriseId?: string): Promise<PlacementDocument> {
    const placement = await this.placements.store.findById(id);
    if (!placement || (enterpriseId && placement.enterpriseId !== enterpriseId)) {
      throw new ProblemException(404, 'placement not found', `no placement with id ${id}`);
    }
    return placement;
  }

  /**
   * The placement as its readers see it, with the double-qualified teachers of its school that
   * the secondment service offers as supervisors (names of school staff, no student data).
   */
  async detail(placement: PlacementDocument): Promise<PlacementDetail> {
    const offered = await this.supervisors.available(placement.schoolId);
    return { ...placementView(placement), supervisorsAvailable: offered.map(offeredSupervisor) };
  }

  /** The placement or null, for callers that decide themselves what a missing one means. */
  findById(id: string): Promise<PlacementDocument | null> {
    return this.placements.store.findById(id);
  }

  /** The student's placements at the enterprise (for matching ERP events to a placement). */
  findForStudentAtEnterprise(studentId: string, enterpriseId: string): Promise<PlacementDocument[]> {
    return this.placements.findForStudentAtEnterprise(studentId, enterpriseId);
  }

  /**
   * A student's erasure: every placement of the student is pseudonymised (rows kept for
   * reports, see domain/student-pseudonymisation) and the attendance notes are removed.
   * Safe to repeat. Returns the placement ids, for finding other copies of the student's data.
   */
  async pseudonymiseStudent(studentId: string, at = new Date()): Promise<{ placementIds: string[]; attendanceNotes: number }> {
    const placementIds: string[] = [];
    let before: string | undefined;
    do {
      const page = await this.list({ studentId, limit: 100, before });
      for (const placement of page.items) {
        await this.mutate(placement._id, (current) => pseudonymisedPlacement(current, at));
        placementIds.push(placement._id);
      }
      before = page.nextCursor;
    } while (before);
    return { placementIds, attendanceNotes: await this.attendance.eraseNotes(placementIds) };
  }

  /**
   * A student's programme or cohort changed: the student's placements at the student's school take
   * the pair the student has now (ones at a school the student left keep theirs: that school's
   * reports tally them), so reports count them in the student's group. Reads the pair again after
   * writing, and goes on until it held still, so of two changes in quick succession the last one
   * wins on the placements too. Safe to repeat; returns how many placements changed.
   */
  async regroupStudent(studentId: string): Promise<number> {
    let changed = 0;
    for (let round = 0; round < REGROUP_ROUNDS; round++) {
      const student = await this.students.findById(studentId);
      if (!student) return changed;
      const moved = await this.regroupOnce(student);
      if (moved === 0) return changed;
      changed += moved;
    }
    throw new ProblemException(409, 'concurrent change', "the student's programme or cohort kept changing; send the change again");
  }

  private async regroupOnce(student: StudentDocument): Promise<number> {
    const group = { programme: student.programme, cohort: student.cohort };
    let changed = 0;
    let before: string | undefined;
    do {
      const page = await this.list({ studentId: student._id, schoolId: student.schoolId, limit: 100, before });
      for (const placement of page.items) {
        if (placement.programme === group.programme && placement.cohort === group.cohort) continue;
        await this.mutate(placement._id, () => group);
        changed++;
      }
      before = page.nextCursor;
    } while (before);
    return changed;
  }

  /** The student's placements still under way (proposed, offered, accepted or active), by id. */
  openPlacementsOf(studentId: string): Promise<string[]> {
    return this.placements.idsOfStudentIn(studentId, OPEN_STATUSES);
  }

  /** Whether the lifecycle allows a hire from the placement's current status. */
  canBeHired(placement: PlacementDocument): boolean {
    return canTransition(placement.status, 'hired');
  }

  /** Whether an ERP's end of a placement applies: only a placement that ran ends this way (ADR 0076). */
  canBeEndedByErp(placement: PlacementDocument): boolean {
    return placement.status === 'active';
  }

  /**
   * The hire `dedupeKey` named this placement and was held for an operator: a redelivery of it
   * then shows this on the placement, which a batch of hires reads anyway (ADR 0061).
   */
  noteHeldHire(placementId: string, dedupeKey: string): Promise<void> {
    return this.placements.store.noteHeld(placementId, dedupeKey);
  }

  /** Another school's placement is reported as not found. */
  async getForSchool(id: string, schoolId: string): Promise<PlacementDocument> {
    const placement = await this.placements.store.findById(id);
    if (!placement || placement.schoolId !== schoolId) throw new ProblemException(404, 'placement not found', `no placement with id ${id}`);
    return placement;
  }

  /**
   * Applies a change computed from the current placement (which may throw to refuse it),
   * retrying on concurrent modification. No events: these changes are not outcomes.
   */
  async mutate(
    id: string,
    change: (placement: PlacementDocument) => Partial<PlacementDocument>,
    enterpriseId?: string,
  ): Promise<PlacementDocument> {
    return retryOnConflict(async () => {
      const placement = await this.get(id, enterpriseId);
      await this.placements.store.update(placement, change(placement));
      return this.get(id);
    });
  }

  /**
   * Moves a placement to a new status and, atomically with it, queues the outcome event for
   * schools. Retries on concurrent modification; an illegal transition is a 409.
   */
  async transition(id: string, request: TransitionRequest): Promise<{ placement: PlacementDocument; duplicate: boolean }> {
    return retryOnConflict(async (attempt) => {
      const placement = attempt === 1 && request.current?._id === id ? request.current : await this.get(id);
      return this.transitionFrom(placement, request);
    });
  }

  /** One attempt of `transition` from the placement as read (a ConcurrencyConflictError when it changed since). */
  private async transitionFrom(
    placement: PlacementDocument,
    request: TransitionRequest,
  ): Promise<{ placement: PlacementDocument; duplicate: boolean }> {
    const id = placement._id;
    const path = [...(request.through ?? []), request.to];
    try {
      path.reduce((from, to) => (assertTransition(from, to), to), placement.status);
    } catch (error) {
      if (error instanceof IllegalTransitionError && request.appliedEvent && placement.appliedEvents?.includes(request.appliedEvent)) {
        return { placement, duplicate: true };
      }
      throw error;
    }
    if (request.to === 'active') assertAgreementSigned(placement.guardianRequired ?? false, placement.agreement?.signatures ?? []);
    const { set, events } = await this.changesFor(placement, path, request);
    const result = await this.placements.store.update(placement, set, events, request.appliedEvent);
    // A duplicate changed nothing here: read what the first application left.
    const updated = result === 'duplicate' ? await this.get(id) : afterUpdate(placement, set, request.appliedEvent);
    if (request.to === 'accepted' && result !== 'duplicate') await this.fillRequisitionWhenStaffed(updated, request.correlationid);
    // The transition dropped any scheduled step (evolvePlacement): applied by it, or overtaken.
    if (result !== 'duplicate')
      await this.settled(placement, (step) => (step.appliedEvent === request.appliesScheduled ? 'applied' : 'superseded'));
    return { placement: updated, duplicate: result === 'duplicate' };
  }

  /** Registers a listener (see PlacementListener), told after each write or pass it listens to. */
  onPlacementEvents(listener: PlacementListener): void {
    this.listeners.push(listener);
  }

  /** Tells every listener of `what`, one after the other; a failing listener is logged and the others are still told. */
  private async tell<K extends keyof PlacementListener>(what: K, news: Parameters<NonNullable<PlacementListener[K]>>[0]): Promise<void> {
    for (const listener of this.listeners) {
      const hear = listener[what] as ((news: unknown) => Promise<void>) | undefined;
      await hear
        ?.call(listener, news)
        .catch((error: unknown) => this.logger.error({ err: error, what, news: loggable(news) }, 'a placement listener failed'));
    }
  }

  /**
   * The placement's agreement, as just written, lacks no required signature: its listeners hear
   * it (a held ERP start is applied then, ADR 0079). Told by the signature's request itself, after
   * the write; a crash in between is repaired by the review queue at the scheduler's next pass.
   */
  async agreementSigned(placement: PlacementDocument): Promise<void> {
    const completed = this.completedAgreementOf(placement);
    if (completed) await this.tell('agreementSigned', completed);
  }

  /** The placement's agreement as complete, with the signature recorded last; undefined while a required party is missing. */
  completedAgreementOf(placement: PlacementDocument): CompletedAgreement | undefined {
    const signatures = placement.agreement?.signatures ?? [];
    const last = signatures.at(-1);
    if (!last || missingParties(placement.guardianRequired ?? false, signatures).length) return undefined;
    return { placementId: placement._id, lastSignature: { party: last.party, signedAt: last.signedAt } };
  }

  /**
   * Today at the placement's enterprise (its time zone; UTC without one), by the service's Clock:
   * the day an ERP's first or last day is compared with (ADR 0079, "the enterprise's day").
   */
  todayAt(placement: Pick<PlacementDocument, 'enterpriseId'>): Promise<string> {
    return this.partners.enterpriseToday(placement.enterpriseId, this.clock.now());
  }

  /** The scheduler's pass for `today` is done: listeners repair what a crash left behind (see PlacementListener). */
  scheduledPassDone(today: string): Promise<void> {
    return this.tell('scheduledPassDone', today);
  }

  /** What became of the ERP event `appliedEvent` once scheduled on the placement (see domain/placement-transition). */
  scheduledStepFate(
    placement: PlacementDocument,
    appliedEvent: string,
    event: Pick<CloudEvent, 'type' | 'id'>,
  ): SettledScheduledStep['fate'] | undefined {
    return scheduledStepFate(placement, appliedEvent, event);
  }

  /** The day the ERP event `appliedEvent` is scheduled for on the placement, or undefined when it is not (applied, or never scheduled). */
  scheduledDueOn(placement: PlacementDocument, appliedEvent: string): string | undefined {
    return [placement.scheduledStart, placement.scheduledEnd].find((step) => step?.appliedEvent === appliedEvent)?.dueOn;
  }

  /** Tells the listeners of the steps scheduled on `before` (all, or only `kinds`) that left it, with the fate `fateOf` gives each. */
  private async settled(
    before: PlacementDocument,
    fateOf: (step: ScheduledStep) => SettledScheduledStep['fate'],
    kinds: ScheduledStepKind[] = ['start', 'end'],
  ): Promise<void> {
    const steps = { start: before.scheduledStart, end: before.scheduledEnd };
    for (const kind of kinds) {
      const step = steps[kind];
      if (!step) continue;
      await this.tell('scheduledStepSettled', { placementId: before._id, step: kind, appliedEvent: step.appliedEvent, fate: fateOf(step) });
    }
  }

  /**
   * Records a scheduled step (`set`: the new `scheduledStart` or `scheduledEnd`) on the placement
   * with the event's dedupe key, in one write without an outbox entry; the step it replaces, if
   * any, is superseded.
   */
  private async schedule(
    placement: PlacementDocument,
    kind: ScheduledStepKind,
    set: Pick<PlacementDocument, 'scheduledStart' | 'scheduledEnd'>,
    appliedEvent: string,
    dueOn: string,
  ): Promise<{ placement: PlacementDocument; duplicate: boolean; scheduledOn: string }> {
    const result = await this.placements.store.update(placement, set, [], appliedEvent);
    if (result === 'duplicate') return { placement: await this.get(placement._id), duplicate: true, scheduledOn: dueOn };
    await this.settled(placement, () => 'superseded', [kind]);
    return { placement: afterUpdate(placement, set, appliedEvent), duplicate: false, scheduledOn: dueOn };
  }

  /** Applies an ERP hire to a placement (a 409 when the placement cannot be hired). */
  applyHire(placementId: string, hire: HireApplication): Promise<{ placement: PlacementDocument; duplicate: boolean }> {
    return this.transition(placementId, hireTransition(hire));
  }

  /** Whether the placement can take the ERP's offer stage now (ADR 0079). */
  canTakeErpOffer(placement: PlacementDocument, status: ErpOfferEvent['data']['status']): boolean {
    return erpOfferPath(placement.status, status) !== undefined;
  }

  /**
   * Applies an ERP's offer stage (ADR 0079): `extended` offers the placement, `accepted` accepts
   * it (through `offered` when still proposed), `declined` and `withdrawn` terminate it with a
   * reason saying which (the school hears `terminated`, as for any end before the start). With
   * the event's dedupe key in the same write. An IllegalTransitionError when the placement
   * cannot take it (which includes any move backwards).
   */
  applyErpOffer(
    placementId: string,
    { event, appliedEvent, current, correlationid }: ErpEventApplication<ErpOfferEvent>,
  ): Promise<{ placement: PlacementDocument; duplicate: boolean }> {
    const { status } = event.data;
    return retryOnConflict(async (attempt) => {
      const placement = attempt === 1 && current?._id === placementId ? current : await this.get(placementId);
      if (placement.appliedEvents?.includes(appliedEvent)) return { placement, duplicate: true };
      const path = erpOfferPath(placement.status, status);
      if (!path) throw new IllegalTransitionError(placement.status, erpOfferTarget(status));
      return this.transitionFrom(placement, {
        to: path[path.length - 1],
        through: path.slice(0, -1),
        causedBy: causeOf(event),
        appliedEvent,
        reason: erpOfferEndReason(status),
        correlationid: correlationid ?? event.correlationid,
      });
    });
  }

  /**
   * Applies an ERP's start (ADR 0079): the accepted placement, its first day in the placement's
   * period and its agreement signed, becomes `active` with the ERP's first day as its
   * `startDate` and the school's `started` outcome in the same write, as a start over the API;
   * a first day after today (the enterprise's day, by the Clock) is recorded as its `scheduledStart` instead, with
   * the event's dedupe key and no outbox entry, for the scheduler to apply on that day. An
   * IllegalTransitionError when the placement is not accepted, a StartOutsidePeriodError, an
   * AgreementNotSignedError, or an OlderThanScheduledStartError when a newer ERP start is
   * scheduled. `scheduledOn` says the day when it was scheduled.
   */
  applyErpStart(
    placementId: string,
    { event, appliedEvent, current, correlationid }: ErpEventApplication<ErpPlacementStartEvent>,
  ): Promise<{ placement: PlacementDocument; duplicate: boolean; scheduledOn?: string }> {
    const firstDay = event.data.startDate;
    const start = {
      firstDay,
      causedBy: causeOf(event),
      eventTime: event.time,
      appliedEvent,
      correlationid: correlationid ?? event.correlationid,
    };
    return retryOnConflict(async (attempt) => {
      const placement = attempt === 1 && current?._id === placementId ? current : await this.get(placementId);
      if (placement.appliedEvents?.includes(appliedEvent)) {
        return { placement, duplicate: true, scheduledOn: this.scheduledDueOn(placement, appliedEvent) };
      }
      const decision = decideErpStart(placement, firstDay, event.time);
      if (decision.kind === 'rescinded') throw new RescindedStepError(placement._id, 'start', decision.rescission);
      if (decision.kind === 'wrong-status') throw new IllegalTransitionError(placement.status, 'active');
      if (decision.kind === 'outside-period') throw new StartOutsidePeriodError(decision.reason);
      if (decision.kind === 'unsigned') throw new AgreementNotSignedError(decision.missing);
      const timing = decideErpStartTiming(
        placement.scheduledStart,
        start,
        await this.todayAt(placement),
        new Date(),
        placement.rescindedStart,
      );
      if (timing.kind === 'older') throw new OlderThanScheduledStartError(placement._id, timing.scheduled);
      if (timing.kind === 'rescinded') throw new RescindedStepError(placement._id, 'start', timing.rescission);
      if (timing.kind === 'now') {
        return this.transitionFrom(placement, {
          to: 'active',
          causedBy: start.causedBy,
          appliedEvent,
          firstDay,
          correlationid: start.correlationid,
        });
      }
      return this.schedule(placement, 'start', { scheduledStart: timing.step }, appliedEvent, timing.step.dueOn);
    });
  }

  /**
   * Applies an ERP's end of a placement (ADR 0076): with no `lastDay`, or one that is today or
   * past (the enterprise's day), the placement becomes `completed` or `terminated` now; with a later `lastDay` it
   * stays active and the end is recorded as its `scheduledEnd` (replacing an older one), in the
   * same write as the event's dedupe key, for the scheduler to apply on the day after. An
   * IllegalTransitionError when the placement is not active; an OlderThanScheduledEndError when
   * a newer ERP end is scheduled on it.
   */
  async applyErpEnd(
    placementId: string,
    { event, appliedEvent, current, correlationid }: PlacementEndApplication,
  ): Promise<{ placement: PlacementDocument; duplicate: boolean; scheduledOn?: string }> {
    const causedBy = causeOf(event);
    const request: TransitionRequest = {
      to: event.data.outcome,
      causedBy,
      appliedEvent,
      reason: event.data.endReason,
      lastDay: event.data.lastDay,
      correlationid: correlationid ?? event.correlationid,
    };
    const end = {
      outcome: event.data.outcome,
      reason: event.data.endReason,
      lastDay: event.data.lastDay,
      causedBy,
      eventTime: event.time,
      appliedEvent,
      correlationid: request.correlationid,
    };
    return retryOnConflict(async (attempt) => {
      const placement = attempt === 1 && current?._id === placementId ? current : await this.get(placementId);
      if (placement.appliedEvents?.includes(appliedEvent)) {
        return { placement, duplicate: true, scheduledOn: this.scheduledDueOn(placement, appliedEvent) };
      }
      // Taken back by the ERP already: superseded whatever the placement's status now (an old copy of a rescinded end).
      const rescinded = rescindedAlready(placement.rescindedEnd, { eventTime: event.time, day: event.data.lastDay });
      if (rescinded) throw new RescindedStepError(placement._id, 'end', rescinded);
      // Not active (not started, or ended already): refused whether it would wait or not.
      if (!this.canBeEndedByErp(placement)) throw new IllegalTransitionError(placement.status, event.data.outcome);
      // After the student's erasure a scheduled end keeps no free-text reason either.
      const endOfIt = { ...end, reason: studentText(placement, end.reason) };
      const decision = decideErpEnd(placement.scheduledEnd, endOfIt, await this.todayAt(placement), new Date(), placement.rescindedEnd);
      if (decision.kind === 'older') throw new OlderThanScheduledEndError(placement._id, decision.scheduled);
      if (decision.kind === 'rescinded') throw new RescindedStepError(placement._id, 'end', decision.rescission);
      if (decision.kind === 'now') return this.transitionFrom(placement, request);
      return this.schedule(placement, 'end', { scheduledEnd: decision.step }, appliedEvent, decision.step.dueOn);
    });
  }

  /** Whether the ERP's end is one the ERP took back already (not later than the placement's `rescindedEnd`; ADR 0079). */
  erpEndRescindedAlready(placement: PlacementDocument, event: ErpPlacementEndEvent): boolean {
    return rescindedAlready(placement.rescindedEnd, { eventTime: event.time, day: event.data.lastDay }) !== undefined;
  }

  /** Why the placement's scheduled end cannot be taken back by the ERP's rescission, or undefined when it can (ADR 0079). */
  erpEndRescissionRefusal(placement: PlacementDocument, event: ErpPlacementEndRescindedEvent): string | undefined {
    return refusalOf(decideErpEndRescission(placement, rescissionOf(event)));
  }

  /** How surely the ERP's rescission of an end is about this placement of the person (rescissionFit; ADR 0079). */
  erpEndRescissionFit(placement: PlacementDocument, event: ErpPlacementEndRescindedEvent): number | undefined {
    return rescissionFit(decideErpEndRescission(placement, rescissionOf(event)));
  }

  /** How surely the ERP's rescission of a start is about this placement of the person (rescissionFit; ADR 0079). */
  erpStartRescissionFit(placement: PlacementDocument, event: ErpPlacementStartRescindedEvent): number | undefined {
    return rescissionFit(decideErpStartRescission(placement, rescissionOf(event)));
  }

  /**
   * A start's rescission found applied to the placement already (redelivered after a crash
   * between its write and its listeners): the listeners are told again (`startRescinded`).
   */
  startRescindedBefore(placement: PlacementDocument): Promise<void> {
    return this.tell('startRescinded', placement);
  }

  /** Why the placement's scheduled start cannot be taken back by the ERP's rescission, or undefined when it can (ADR 0079). */
  erpStartRescissionRefusal(placement: PlacementDocument, event: ErpPlacementStartRescindedEvent): string | undefined {
    return refusalOf(decideErpStartRescission(placement, rescissionOf(event)));
  }

  /**
   * Applies an ERP's rescission of a scheduled end (ADR 0079): the placement's `scheduledEnd` is
   * cleared with the event's dedupe key, in one versioned write without an outbox entry (the
   * placement stays active; the school was never told of the end); the end is superseded. An
   * ErpRescissionRefusedError when the placement cannot take it (see erpEndRescissionRefusal).
   */
  rescindErpEnd(
    placementId: string,
    application: ErpEventApplication<ErpPlacementEndRescindedEvent>,
  ): Promise<{ placement: PlacementDocument; duplicate: boolean }> {
    return this.rescindErpStep('end', placementId, application);
  }

  /**
   * Applies an ERP's rescission of a scheduled start (ADR 0079), as rescindErpEnd does for an
   * end: `scheduledStart` cleared, the placement stays accepted, the school hears nothing, the
   * start is superseded. An ErpRescissionRefusedError when it cannot (erpStartRescissionRefusal).
   */
  rescindErpStart(
    placementId: string,
    application: ErpEventApplication<ErpPlacementStartRescindedEvent>,
  ): Promise<{ placement: PlacementDocument; duplicate: boolean }> {
    return this.rescindErpStep('start', placementId, application);
  }

  private rescindErpStep(
    kind: ScheduledStepKind,
    placementId: string,
    { event, appliedEvent, current }: ErpEventApplication<ErpRescissionEvent>,
  ): Promise<{ placement: PlacementDocument; duplicate: boolean }> {
    return retryOnConflict(async (attempt) => {
      const placement = attempt === 1 && current?._id === placementId ? current : await this.get(placementId);
      if (placement.appliedEvents?.includes(appliedEvent)) {
        // Told again: a crash may have come between the write and the listeners.
        if (kind === 'start') await this.startRescindedBefore(placement);
        return { placement, duplicate: true };
      }
      const rescission = rescissionOf(event);
      const decision = kind === 'start' ? decideErpStartRescission(placement, rescission) : decideErpEndRescission(placement, rescission);
      if (decision.kind === 'refused') throw new ErpRescissionRefusedError(kind, decision.reason);
      // The mark stays: a copy of the taken-back step (or an older one of the day named) arriving later is not scheduled again.
      // Only a mark (nothing scheduled: a start held for signatures, or not yet arrived; or a step of another day,
      // HR's correction, which stands): it takes back the step it names when that comes.
      const taken = decision.kind === 'takes' ? (kind === 'start' ? placement.scheduledStart : placement.scheduledEnd) : undefined;
      const rescinded = taken?.causedBy ?? namedStep(kind, event);
      const fresh: StepRescission = {
        eventTime: event.time,
        by: causeOf(event),
        ...(rescission.day !== undefined ? { day: rescission.day } : {}),
        ...(rescinded ? { rescinded } : {}),
      };
      // The newer of the two marks stands, carrying the other's line (and theirs), so nothing either took back comes back.
      const mark = nextMark(kind === 'start' ? placement.rescindedStart : placement.rescindedEnd, fresh);
      const cleared = taken ? (kind === 'start' ? { scheduledStart: null } : { scheduledEnd: null }) : {};
      const set = { ...cleared, ...(kind === 'start' ? { rescindedStart: mark } : { rescindedEnd: mark }) };
      const result = await this.placements.store.update(placement, set, [], appliedEvent);
      if (result === 'duplicate') return { placement: await this.get(placementId), duplicate: true };
      if (taken) await this.settled(placement, () => 'superseded', [kind]);
      const after = afterUpdate(placement, set, appliedEvent);
      if (kind === 'start') await this.tell('startRescinded', after);
      return { placement: after, duplicate: false };
    });
  }

  /**
   * Applies the placement's scheduled step of `kind` if it is still there and due today at its
   * enterprise (its time zone, by the Clock): the
   * same transition as the step on arrival (a start: `active` with the ERP's first day and the
   * school's `started`; an end: the outcome with `endOfPlacement.lastDay`), history caused by the
   * ERP event, the schedule cleared, in one write conditional on the version read. A concurrent
   * apply (another replica) or another path out of the status makes the write miss; the re-read
   * then finds no schedule and nothing more happens.
   */
  async applyDueScheduledStep(placementId: string, kind: ScheduledStepKind): Promise<'applied' | 'not-due'> {
    return retryOnConflict(async () => {
      const placement = await this.get(placementId);
      // Due on the step's day at the enterprise: the scheduler reads candidates up to the latest day anywhere.
      const today = await this.todayAt(placement);
      if (kind === 'start') {
        const scheduled = placement.scheduledStart;
        if (!scheduled || !isDue(scheduled, today) || placement.status !== 'accepted') return 'not-due';
        await this.transitionFrom(placement, {
          to: 'active',
          causedBy: scheduled.causedBy,
          firstDay: scheduled.firstDay,
          correlationid: scheduled.correlationid,
          appliesScheduled: scheduled.appliedEvent,
        });
        return 'applied';
      }
      const scheduled = placement.scheduledEnd;
      if (!scheduled || !isDue(scheduled, today) || placement.status !== 'active') return 'not-due';
      await this.transitionFrom(placement, {
        to: scheduled.outcome,
        causedBy: scheduled.causedBy,
        reason: scheduled.reason,
        lastDay: scheduled.lastDay,
        correlationid: scheduled.correlationid,
        appliesScheduled: scheduled.appliedEvent,
      });
      return 'applied';
    });
  }

  /**
   * ERP hires of many placements in one write (a batch from the inbound topic). Each placement
   * is the copy just read, hireable, without the hire's event applied. Per hire: whether its
   * effect is now written; `false` means a concurrent write got there first, and the caller
   * applies that hire on its own (`applyHire`).
   */
  async applyHires(hires: (HireApplication & { current: PlacementDocument; inTrace<T>(fn: () => T): T })[]): Promise<boolean[]> {
    const changes = [];
    for (const hire of hires) {
      const { set, events } = await this.changeFor(hire.current, hireTransition(hire));
      // Each outcome continues the trace of the record that caused it.
      changes.push({ current: hire.current, set, events: hire.inTrace(() => withTraceContext(events)), appliedEvent: hire.appliedEvent });
    }
    const written = await this.placements.store.updateEach(changes);
    // A hire takes the placement out of `active`: a scheduled end it carried is superseded.
    for (const [index, hire] of hires.entries()) if (written[index]) await this.settled(hire.current, () => 'superseded');
    return written;
  }

  findByIds(ids: string[]): Promise<PlacementDocument[]> {
    return this.placements.findByIds(ids);
  }

  /**
   * The new state of a placement going through `path` (each step from where the previous left
   * it), and the outcome events the steps queue, for one write.
   */
  private async changesFor(
    placement: PlacementDocument,
    path: PlacementStatus[],
    request: TransitionRequest,
  ): Promise<{ set: Partial<PlacementDocument>; events: OutgoingEvent[] }> {
    let set: Partial<PlacementDocument> = {};
    const events: OutgoingEvent[] = [];
    for (const to of path) {
      const step = await this.changeFor({ ...placement, ...set }, { ...request, to });
      set = { ...set, ...step.set };
      events.push(...step.events);
    }
    return { set, events };
  }

  /**
   * The new state of a placement moving to `request.to`, and the outcome event it queues: the
   * I/O (the attendance an ending needs) here, the change and the outcome from the pure
   * evolvePlacement / decidePlacementOutcome (domain/placement-transition).
   */
  private async changeFor(
    placement: PlacementDocument,
    request: TransitionRequest,
  ): Promise<{ set: Partial<PlacementDocument>; events: OutgoingEvent[] }> {
    const transition: PlacementTransition = {
      to: request.to,
      at: new Date(),
      ...(request.causedBy ? { causedBy: request.causedBy } : {}),
      ...(request.hire ? { hire: request.hire } : {}),
      ...(request.firstDay ? { firstDay: request.firstDay } : {}),
      ...(endsPlacement(request.to) ? { endOfPlacement: await this.endOfPlacement(placement, request) } : {}),
    };
    const set = evolvePlacement(placement, transition);
    const outcome = decidePlacementOutcome({ ...placement, ...set }, transition);
    return { set, events: outcome ? [this.outcomeEvent(outcome, request.correlationid)] : [] };
  }

  /**
   * A requisition is filled once as many of its placements were accepted as it has headcount.
   * Done after the placement's own write rather than in it (two aggregates): if the process
   * dies in between, the requisition stays open until the enterprise fills it or another of
   * its placements is accepted.
   */
  private async fillRequisitionWhenStaffed(placement: PlacementDocument, correlationid?: string): Promise<void> {
    if (!placement.requisitionId) return;
    const requisition = await this.requisitions.find(placement.enterpriseId, placement.requisitionId);
    if (requisition?.status !== 'open') return;
    if ((await this.placements.countStaffing(requisition._id)) < requisition.headcount) return;
    try {
      await this.requisitions.changeStatus(
        placement.enterpriseId,
        requisition._id,
        'filled',
        correlationid,
        `placement ${placement._id} accepted`,
      );
    } catch (error) {
      // Another placement's acceptance, or the enterprise, got there first.
      if (!(error instanceof IllegalRequisitionTransitionError)) throw error;
    }
  }

  private async endOfPlacement(placement: PlacementDocument, end: Pick<TransitionRequest, 'reason' | 'lastDay'>) {
    const entries = await this.attendance.forPlacement(placement._id);
    // After the student's erasure the free-text reason is not kept, nor sent to the school.
    const kept = { ...end, reason: studentText(placement, end.reason) };
    return endOfPlacementSummary(kept, attendanceTotals(entries), placement.evaluations ?? []);
  }

  /** The outcome on its topic; its contract is the one of its `outcome`, so `data` needs no cast. */
  private outcomeEvent(data: PlacementOutcome, correlationid: string | undefined): OutgoingEvent {
    const event = newCloudEvent(PLACEMENT_OUTCOME_CONTRACTS[data.outcome], {
      source: TALENT_PIPELINE_SOURCE,
      subject: `placements/${data.placementId}`,
      correlationid,
      data,
    });
    // Keyed by school: one school's outcomes share a partition and so keep their order.
    return { id: event.id, topic: Topics.placementOutcomes, key: data.schoolId, event };
  }
}

/**
 * What a failing listener's log says of its news: a placement by its id only, as its signers'
 * names, comments and reasons are personal data that an erasure cannot reach once in the logs;
 * the other news (settled steps, completed agreements, the scheduler's day) carry ids and days.
 */
function loggable(news: PlacementDocument | SettledScheduledStep | CompletedAgreement | string): unknown {
  return typeof news === 'object' && '_id' in news ? { placementId: news._id } : news;
}

/** The placement as the conditional update just wrote it, without reading it back. */
function afterUpdate(placement: PlacementDocument, set: Partial<PlacementDocument>, appliedEvent?: string): PlacementDocument {
  return {
    ...placement,
    ...set,
    version: placement.version + 1,
    ...(appliedEvent ? { appliedEvents: [...(placement.appliedEvents ?? []), appliedEvent] } : {}),
  };
}
