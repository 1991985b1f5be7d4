import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import {
  ErpHire,
  ErpOffer,
  ErpPlacementEnd,
  ErpPlacementEndRescinded,
  ErpPlacementStart,
  ErpPlacementStartRescinded,
} from '@app/contracts';
import { ProblemException } from '@app/base';
import { AgreementNotSignedError } from '../placements/domain/agreement-sign-off';
import { erpOfferTarget } from '../placements/domain/erp-offer';
import { IllegalTransitionError } from '../placements/domain/placement-lifecycle';
import { decideErpStart, StartOutsidePeriodError } from '../placements/domain/erp-start';
import { ErpRescissionRefusedError, OlderThanScheduledStepError, RescindedStepError } from '../placements/domain/scheduled-step';
import { PlacementDocument } from '../placements/placement.document';
import {
  CompletedAgreement,
  ErpHireEvent,
  ErpOfferEvent,
  ErpPlacementEndEvent,
  ErpPlacementEndRescindedEvent,
  ErpPlacementStartRescindedEvent,
  ErpPlacementStartEvent,
  PlacementsService,
} from '../placements/placements.service';
import { StudentsService } from '../students/students.service';
import { ErpInboxRepository } from './erp-inbox.repository';
import { LINKABLE_ERP_EVENTS } from './review-item.response';
import {
  AutomaticResolution,
  dedupeKeyOfReviewItem,
  ReviewItemDocument,
  ReviewQueueRepository,
  ReviewStatus,
} from './review-queue.repository';

/**
 * A resolution is one placement transition: far below this. A claim older than this was left by
 * a crash between the claim and its end, and is completed or released (`recoverStaleClaim`).
 */
export const STALE_CLAIM_MS = 2 * 60_000;

/** Starts waiting for signatures that a repair pass looks at: one page, the next pass going on from there. */
const REPAIR_PAGE = 100;

/** What linking a held event to a placement does: a hire, an offer's stage, a start, or an end of the placement. */
interface LinkKind {
  /** Whether the placement can take the event now. */
  accepts(placement: PlacementDocument): boolean;
  /** `hired`, `completed`, `started`: for the answers. */
  verb: string;
  /** What the student needs at the enterprise for a link by student (`hireable`, `active`, `accepted`). */
  wanted: string;
  /** Applies it; `scheduledOn` when a start or end dated later was scheduled on the placement instead. */
  apply(placementId: string, correlationid?: string): Promise<{ duplicate: boolean; scheduledOn?: string }>;
}

export interface ResolveRequest {
  placementId?: string;
  studentId?: string;
  correlationid?: string;
}

/**
 * What an operator does with a held ERP event: link it to a placement (the hire is applied
 * through the normal lifecycle path with the event's own dedupe key, so it has exactly one
 * effect whichever way it arrives) or reject it. Items are kept either way. One link the
 * platform makes itself: a start held only for its placement's agreement signatures is linked
 * when the last one is recorded (ADR 0079), through the same path as an operator's link.
 */
@Injectable()
export class ReviewQueueService implements OnModuleInit {
  private readonly logger = new Logger(ReviewQueueService.name);
  /** Where the next repair pass goes on among the starts waiting for signatures (from the start when undefined). */
  private repairAfter?: string;

  constructor(
    private readonly queue: ReviewQueueRepository,
    private readonly placements: PlacementsService,
    private readonly students: StudentsService,
    private readonly inbox: ErpInboxRepository,
  ) {}

  onModuleInit(): void {
    // The placements feature records signatures without knowing the review queue: it tells us,
    // after the write; a crash in between is repaired after the scheduler's next pass.
    this.placements.onPlacementEvents({
      agreementSigned: async (completed) => {
        const linked = await this.applyStartsAwaitingSignatures(completed);
        if (linked) this.logger.log(`applied ${linked} held ERP start(s) of placement ${completed.placementId} on its last signature`);
      },
      startRescinded: async (placement) => {
        const superseded = await this.supersedeRescindedStartsAwaitingSignatures(placement);
        if (superseded) this.logger.log(`resolved ${superseded} held ERP start(s) of placement ${placement._id} the ERP rescinded`);
      },
      scheduledPassDone: async () => {
        // Links a crash left half done (the operator's or the platform's) are settled first, as a listing would.
        for (const item of await this.queue.findStaleClaims(new Date(Date.now() - STALE_CLAIM_MS))) await this.recoverStaleClaim(item);
        const linked = await this.applyStartsOfSignedAgreements();
        if (linked) this.logger.log(`applied ${linked} held ERP start(s) of placements signed before a crash`);
      },
    });
  }

  async resolve(id: string, request: ResolveRequest): Promise<ReviewItemDocument> {
    if (!request.placementId === !request.studentId) {
      throw new ProblemException(400, 'invalid request', 'give exactly one of placementId and studentId', [
        { field: request.placementId ? 'studentId' : 'placementId', message: 'give exactly one of placementId and studentId' },
      ]);
    }
    const item = await this.recoverStaleClaim(await this.get(id));
    const kind = this.linkKindOf(item);
    if (item.status === 'rejected') throw new ProblemException(409, 'already rejected', item.rejection?.reason);
    const placement = await this.targetPlacement(item, request, kind);
    if (item.status === 'resolved') {
      if (item.resolution?.placementId === placement._id) return item; // the same link again: nothing more to do
      throw new ProblemException(409, 'already resolved', `linked to placement ${item.resolution?.placementId}`);
    }

    try {
      const resolved = await this.link(item, placement._id, kind, request);
      if (!resolved) throw new ProblemException(409, 'concurrent change', 'the item was resolved or rejected meanwhile; reload it');
      return resolved;
    } catch (error) {
      if (error instanceof IllegalTransitionError) throw this.cannotTake(placement, request, kind);
      if (error instanceof OlderThanScheduledStepError)
        throw new ProblemException(409, `a newer ${error.step} is scheduled`, error.message);
      if (error instanceof RescindedStepError) throw new ProblemException(409, `${error.step} rescinded by the ERP`, error.message);
      if (error instanceof AgreementNotSignedError) throw agreementNotSigned(error, request);
      if (error instanceof StartOutsidePeriodError)
        throw new ProblemException(409, 'first day outside the placement period', error.message);
      if (error instanceof ErpRescissionRefusedError)
        throw new ProblemException(409, `no scheduled ${error.step} to rescind`, error.message);
      throw error;
    }
  }

  /**
   * Links the item to the placement, an operator's or the platform's own link alike: claims it,
   * applies the event through its kind (the event's dedupe key in the placement's write), marks
   * it resolved and the inbox `applied` (or `scheduled`, for a step dated later). Null when the
   * claim was not ours to take (resolved, rejected or being linked meanwhile); a refusal of the
   * placement is thrown, the claim released and the item pending again.
   */
  private async link(
    item: ReviewItemDocument,
    placementId: string,
    kind: LinkKind,
    how: { studentId?: string; correlationid?: string; automatic?: AutomaticResolution },
  ): Promise<ReviewItemDocument | null> {
    const claimed = await this.queue.claimForResolution(item._id, placementId, how.studentId, how.automatic);
    if (!claimed) return null;
    let scheduledOn: string | undefined;
    try {
      ({ scheduledOn } = await kind.apply(placementId, how.correlationid));
    } catch (error) {
      await this.queue.releaseClaim(item._id, placementId);
      throw error;
    }
    const resolved = await this.queue.markResolved(item._id, claimed.claimedAt);
    // A start or end dated later shows `scheduled` in the inbox until its day.
    await this.inbox.markApplied(item._id, scheduledOn);
    return resolved ?? (await this.queue.findByKey(item._id));
  }

  /**
   * The placement's agreement got its last signature (ADR 0079): each ERP start held only for
   * those signatures is linked to it as an operator's link would (the same dedupe, transition,
   * outbox and inbox status: active today, or scheduled for a later first day), resolved with
   * `automatic` naming who signed last. A start the ERP rescinded meanwhile (the placement's
   * `rescindedStart` not earlier) is resolved without being applied (`resolution.superseded`,
   * the inbox `superseded`): the school hears nothing. A start the placement refuses now (it moved on
   * meanwhile) stays pending, its reason the refusal of now; one that fails otherwise (the
   * database) stays waiting, for the repair pass (`applyStartsOfSignedAgreements`). Returns how
   * many were linked.
   */
  async applyStartsAwaitingSignatures(completed: CompletedAgreement, waiting?: ReviewItemDocument[]): Promise<number> {
    const automatic: AutomaticResolution = { on: 'agreement-signed', lastSignature: completed.lastSignature };
    let linked = 0;
    // The newest start first (by the ERP's event time), as on arrival: an older one is then refused with the reason.
    const items = (waiting ?? (await this.queue.awaitingSignaturesOf(completed.placementId))).sort(
      (a, b) => Date.parse(b.event.time) - Date.parse(a.event.time),
    );
    for (const item of items) {
      try {
        if (await this.link(item, completed.placementId, this.linkKindOf(item), { automatic })) linked++;
      } catch (error) {
        // The ERP took this start back while it waited (its rescission left the mark): resolved without starting anything.
        if (error instanceof RescindedStepError) {
          if (await this.queue.resolveSuperseded(item._id, completed.placementId, automatic, error.message))
            await this.inbox.markStatus(item._id, 'superseded');
          continue;
        }
        const refusal = await this.refusalOfHeldStart(item, completed.placementId, error);
        if (refusal === undefined) throw error;
        await this.queue.holdFor(item._id, refusal.reason, refusal.stillUnsigned ? completed.placementId : undefined);
      }
    }
    return linked;
  }

  /**
   * The ERP rescinded a start of the placement (`placement` carries the mark as written): each
   * start held for the agreement's signatures that the mark takes back (not later, of the day it
   * named) is resolved now, without being applied (`automatic.on` `start-rescinded`,
   * `resolution.superseded`, the inbox `superseded`), instead of waiting in the queue for the last
   * signature or an operator. Starts the mark does not take back (newer, of another day) wait as
   * before. Returns how many were resolved.
   */
  async supersedeRescindedStartsAwaitingSignatures(placement: PlacementDocument): Promise<number> {
    const mark = placement.rescindedStart;
    if (!mark) return 0;
    let resolved = 0;
    for (const item of await this.queue.awaitingSignaturesOf(placement._id)) {
      const event = item.event as ErpPlacementStartEvent;
      const decision = decideErpStart(placement, event.data.startDate, event.time);
      if (decision.kind !== 'rescinded') continue;
      const reason = new RescindedStepError(placement._id, 'start', decision.rescission).message;
      const automatic: AutomaticResolution = { on: 'start-rescinded', rescissionEventId: decision.rescission.by.id };
      if (await this.queue.resolveSuperseded(item._id, placement._id, automatic, reason)) {
        await this.inbox.markStatus(item._id, 'superseded');
        resolved++;
      }
    }
    return resolved;
  }

  /**
   * The repair of a crash between a last signature's write and the link of the starts it freed:
   * one page of the starts waiting for signatures, those whose placement's agreement is now
   * complete linked as on the signature. The next pass takes the next page, then starts over.
   * Returns how many were linked.
   */
  async applyStartsOfSignedAgreements(): Promise<number> {
    const page = await this.queue.awaitingSignatures(REPAIR_PAGE, this.repairAfter);
    this.repairAfter = page.length < REPAIR_PAGE ? undefined : page.at(-1)!._id;
    if (page.length === 0) return 0; // idle: no read of placements
    const placementIds = [...new Set(page.map((item) => item.awaitsSignatures!.placementId))];
    const placements = new Map((await this.placements.findByIds(placementIds)).map((p) => [p._id, p]));
    let linked = 0;
    for (const placementId of placementIds) {
      const placement = placements.get(placementId);
      const completed = placement && this.placements.completedAgreementOf(placement);
      if (!completed) continue;
      const waiting = page.filter((item) => item.awaitsSignatures!.placementId === placementId);
      linked += await this.applyStartsAwaitingSignatures(completed, waiting);
    }
    return linked;
  }

  /**
   * Why the placement refuses the held start it was just linked to, re-read (the reason an
   * arrival would be held with now); undefined for a failure that is not the placement's refusal.
   */
  private async refusalOfHeldStart(
    item: ReviewItemDocument,
    placementId: string,
    error: unknown,
  ): Promise<{ reason: string; stillUnsigned: boolean } | undefined> {
    const refused =
      error instanceof IllegalTransitionError ||
      error instanceof OlderThanScheduledStepError ||
      error instanceof RescindedStepError ||
      error instanceof AgreementNotSignedError ||
      error instanceof StartOutsidePeriodError;
    if (!refused) return undefined;
    const placement = await this.placements.findById(placementId);
    const decision = placement ? decideErpStart(placement, (item.event as ErpPlacementStartEvent).data.startDate) : undefined;
    if (!decision || decision.kind === 'start' || decision.kind === 'rescinded') return { reason: error.message, stillUnsigned: false };
    return { reason: decision.reason, stillUnsigned: decision.kind === 'unsigned' };
  }

  /** Hires, offers, starts and ends of placements can be linked; other held events (none today) only rejected. */
  private linkKindOf(item: ReviewItemDocument): LinkKind {
    if (item.event.type === ErpHire.type) {
      return {
        accepts: (p) => this.placements.canBeHired(p),
        verb: 'hired',
        wanted: 'hireable',
        apply: (placementId, correlationid) =>
          this.placements.applyHire(placementId, { event: item.event as ErpHireEvent, appliedEvent: item._id, correlationid }),
      };
    }
    if (item.event.type === ErpPlacementEnd.type) {
      const event = item.event as ErpPlacementEndEvent;
      return {
        accepts: (p) => this.placements.canBeEndedByErp(p),
        verb: event.data.outcome,
        wanted: 'active',
        apply: (placementId, correlationid) => this.placements.applyErpEnd(placementId, { event, appliedEvent: item._id, correlationid }),
      };
    }
    if (item.event.type === ErpOffer.type) {
      const event = item.event as ErpOfferEvent;
      return {
        accepts: (p) => this.placements.canTakeErpOffer(p, event.data.status),
        verb: erpOfferTarget(event.data.status),
        wanted: `${event.data.status === 'extended' ? 'proposed' : 'not yet started'}`,
        apply: (placementId, correlationid) => this.placements.applyErpOffer(placementId, { event, appliedEvent: item._id, correlationid }),
      };
    }
    if (item.event.type === ErpPlacementStart.type) {
      const event = item.event as ErpPlacementStartEvent;
      // The signatures are checked by the start itself: an unsigned placement is a 409 naming the missing parties.
      return {
        accepts: (p) => p.status === 'accepted',
        verb: 'started',
        wanted: 'accepted',
        apply: (placementId, correlationid) => this.placements.applyErpStart(placementId, { event, appliedEvent: item._id, correlationid }),
      };
    }
    if (item.event.type === ErpPlacementEndRescinded.type) {
      const event = item.event as ErpPlacementEndRescindedEvent;
      // Whether the scheduled end is the one to take back is checked by the rescission itself: a 409 saying why not.
      return {
        accepts: (p) => p.status === 'active',
        verb: 'kept active (its end rescinded)',
        wanted: 'active',
        apply: (placementId, correlationid) => this.placements.rescindErpEnd(placementId, { event, appliedEvent: item._id, correlationid }),
      };
    }
    if (item.event.type === ErpPlacementStartRescinded.type) {
      const event = item.event as ErpPlacementStartRescindedEvent;
      // As for an end's rescission: whether the scheduled start is the one to take back is checked by the rescission itself.
      return {
        accepts: (p) => p.status === 'accepted',
        verb: 'kept accepted (its start rescinded)',
        wanted: 'accepted',
        apply: (placementId, correlationid) =>
          this.placements.rescindErpStart(placementId, { event, appliedEvent: item._id, correlationid }),
      };
    }
    throw new ProblemException(
      409,
      'cannot link',
      `only ${LINKABLE_ERP_EVENTS.map((c) => c.type).join(', ')} events can be linked to a placement; reject this one`,
    );
  }

  async list(filter: { enterpriseId?: string; status?: ReviewStatus; limit: number }): Promise<ReviewItemDocument[]> {
    // Items a crash left `resolving` are settled first, so they show up where they belong.
    const stale = await this.queue.findStaleClaims(new Date(Date.now() - STALE_CLAIM_MS), filter.enterpriseId);
    for (const item of stale) await this.recoverStaleClaim(item);
    return this.queue.list(filter);
  }

  async reject(id: string, reason: string): Promise<ReviewItemDocument> {
    const item = await this.recoverStaleClaim(await this.get(id));
    if (item.status !== 'pending') throw new ProblemException(409, `already ${item.status}`, 'only pending items can be rejected');
    const rejected = await this.queue.reject(item._id, reason);
    if (!rejected) throw new ProblemException(409, 'concurrent change', 'the item was resolved or rejected meanwhile; reload it');
    await this.inbox.markStatus(item._id, 'rejected');
    return rejected;
  }

  /**
   * Settles a claim a crash left behind: if its placement already carries the event, the hire
   * happened and only the bookkeeping was lost, so the item is marked resolved; otherwise the
   * claim is released and the item is pending again. Never both: the placement decides.
   */
  private async recoverStaleClaim(item: ReviewItemDocument): Promise<ReviewItemDocument> {
    const claimedAt = item.claimedAt?.getTime() ?? 0;
    if (item.status !== 'resolving' || Date.now() - claimedAt < STALE_CLAIM_MS) return item;
    const placementId = item.resolution?.placementId;
    const placement = placementId ? await this.placements.findById(placementId) : null;
    if (placement?.appliedEvents?.includes(item._id)) {
      const resolved = await this.queue.markResolved(item._id);
      await this.inbox.markApplied(item._id, this.placements.scheduledDueOn(placement, item._id));
      return resolved ?? item;
    }
    await this.queue.releaseClaim(item._id, placementId);
    return (await this.queue.findByKey(item._id)) ?? item;
  }

  private async get(id: string): Promise<ReviewItemDocument> {
    const key = dedupeKeyOfReviewItem(id);
    const item = key ? await this.queue.findByKey(key) : null;
    if (!item) throw new ProblemException(404, 'review item not found', `no review item with id ${id}`);
    return item;
  }

  /** The placement to link: it must belong to the enterprise that sent the event. */
  private async targetPlacement(item: ReviewItemDocument, request: ResolveRequest, kind: LinkKind): Promise<PlacementDocument> {
    const alreadyApplied = (p: PlacementDocument) => p.appliedEvents?.includes(item._id) ?? false;
    if (request.placementId) {
      const placement = await this.placements.findById(request.placementId);
      if (!placement || placement.enterpriseId !== item.enterpriseId) {
        throw new ProblemException(400, 'invalid request', 'unknown placement', [
          { field: 'placementId', message: "no placement with this id at the event's enterprise" },
        ]);
      }
      if (!alreadyApplied(placement) && !kind.accepts(placement) && item.status !== 'resolved') {
        throw this.cannotTake(placement, request, kind);
      }
      return placement;
    }
    const student = await this.students.findById(request.studentId!);
    if (!student)
      throw new ProblemException(400, 'invalid request', 'unknown student', [{ field: 'studentId', message: 'no such student' }]);
    const candidates = await this.placements.findForStudentAtEnterprise(student._id, item.enterpriseId);
    const placement = candidates.find(alreadyApplied) ?? candidates.find((p) => kind.accepts(p));
    if (!placement) {
      throw new ProblemException(
        409,
        `no ${kind.wanted} placement`,
        `the student has no placement at the event's enterprise that can be ${kind.verb}`,
        [{ field: 'studentId', message: `no ${kind.wanted} placement at this enterprise` }],
      );
    }
    return placement;
  }

  private cannotTake(placement: PlacementDocument, request: ResolveRequest, kind: LinkKind): ProblemException {
    const message = `placement ${placement._id} is ${placement.status} and cannot be ${kind.verb}`;
    return new ProblemException(409, `placement cannot be ${kind.verb}`, message, [
      { field: request.placementId ? 'placementId' : 'studentId', message },
    ]);
  }
}

/** A start linked to a placement whose agreement lacks signatures: 409 naming the parties still to sign (ADR 0079). */
function agreementNotSigned(error: AgreementNotSignedError, request: ResolveRequest): ProblemException {
  const message = `the placement agreement lacks the signatures of ${error.missing.join(', ')}`;
  return new ProblemException(
    409,
    'agreement not signed',
    message,
    [{ field: request.placementId ? 'placementId' : 'studentId', message }],
    {
      missingParties: error.missing,
    },
  );
}
