import { Injectable, OnModuleInit } from '@nestjs/common';
import { CloudEvent } from '@app/contracts';
import { KafkaEventContext } from '@app/messaging';
import { PartnersService } from '../partners/partners.service';
import { IllegalTransitionError } from '../placements/domain/placement-lifecycle';
import { RescindedStepError } from '../placements/domain/scheduled-step';
import { PlacementDocument } from '../placements/placement.document';
import { PlacementsService } from '../placements/placements.service';
import { StudentsService } from '../students/students.service';
import { withoutPersonalFields } from './domain/erp-person-erasure';
import { arrivalToApply } from './erp-arrival';
import { erpDedupeKey, ErpInboxRepository } from './erp-inbox.repository';
import { ErpPlacementReference, isAboutErasedStudent, placementsNamedBy, studentsAbout } from './erp-placement-lookup';
import { removeIfErasedSinceRead } from './held-after-erasure';
import { inboundEnterpriseOf } from './handlers/inbound-enterprise';
import { ReviewQueueRepository } from './review-queue.repository';

/** What one kind of ERP event about a placement (an end, an offer's stage, a start) does to it. */
export interface ErpPlacementRule<E extends CloudEvent<string, ErpPlacementReference>> {
  /** Why the placement cannot take the event now, or undefined when it can. */
  refusal(placement: PlacementDocument, event: E): string | undefined;
  /**
   * How surely the placement is the one the event is about, among those not refusing it (higher
   * first; undefined: refused): a rescission naming a day prefers the placement whose step of
   * that day it takes back, then one with nothing scheduled (its step may be held), over one with
   * another day's step. Without it, the first not refusing wins.
   */
  fit?(placement: PlacementDocument, event: E): number | undefined;
  /** What to do again when a redelivery finds the event applied to the placement (a crash after the write). */
  appliedBefore?(placement: PlacementDocument): Promise<void>;
  /** Applies it, with the dedupe key in the same write; `scheduledOn` when it was recorded to take effect on that day instead. */
  apply(placement: PlacementDocument, event: E, dedupeKey: string): Promise<{ duplicate: boolean; scheduledOn?: string }>;
  /** Why a refusal the domain raised while applying (other than an illegal transition) holds the event, or undefined to rethrow. */
  heldBecause?(error: unknown): string | undefined;
  /**
   * Whether the refused event waits only for the placement's agreement signatures: held with the
   * placement noted, and applied when its last signature is recorded (a start, ADR 0079).
   */
  heldUntilSigned?(placement: PlacementDocument, event: E): boolean;
}

/** Inbox records a scheduler pass looks at for repair: one page, the next pass going on from there. */
const REPAIR_PAGE = 100;

/**
 * The path every ERP event about one placement takes from the inbound topic (ADR 0076, 0079):
 * the inbox records the arrival (shared dedupe with HTTP), the enterprise's placement the event
 * names takes it through the rule, and an event that names no placement of the enterprise, or
 * one that cannot take it (the rule's refusal, or a change by another path between the read and
 * the write), is held for review, never dropped nor dead-lettered. An event scheduled on the
 * placement for a later day shows `scheduled` (with the day) in the inbox until the placement
 * tells that it was applied, or superseded (ADR 0079).
 */
@Injectable()
export class ErpPlacementEvents implements OnModuleInit {
  /** Where the next repair pass goes on in the inbox's due `scheduled` records (from the start when undefined). */
  private repairAfter?: string;

  constructor(
    private readonly placements: PlacementsService,
    private readonly students: StudentsService,
    private readonly reviewQueue: ReviewQueueRepository,
    private readonly inbox: ErpInboxRepository,
    private readonly partners: PartnersService,
  ) {}

  onModuleInit(): void {
    // The placements feature applies scheduled steps without knowing the inbox: it tells us,
    // after its write; what a crash in between left `scheduled` is settled after a scheduler pass.
    this.placements.onPlacementEvents({
      scheduledStepSettled: (settled) => this.inbox.settleScheduled(settled.appliedEvent, settled.fate),
      scheduledPassDone: async (today) => {
        await this.settleLeftScheduled(today);
      },
    });
  }

  /**
   * One page of inbox records still `scheduled` though their day (`today` or earlier) has come,
   * each settled as its placement says: `applied` when the placement's history shows the change
   * the event caused, `superseded` when the step is gone without it; left as it is while the
   * placement still carries the step (a failing step the scheduler retries) or when no
   * placement carries the event (its person ids erased). The next pass takes the next page, then
   * starts over, so a page of failing steps cannot keep the others waiting. Returns how many it
   * settled.
   */
  async settleLeftScheduled(today: string): Promise<number> {
    const records = await this.inbox.scheduledDueBy(today, REPAIR_PAGE, this.repairAfter);
    this.repairAfter = records.length < REPAIR_PAGE ? undefined : records.at(-1)!._id;
    let settled = 0;
    for (const record of records) {
      const { placements: candidates } = await placementsNamedBy(
        this.placements,
        this.students,
        record.enterpriseId,
        record.event.data as ErpPlacementReference,
      );
      const fate = candidates
        .map((placement) => this.placements.scheduledStepFate(placement, record._id, record.event))
        .find((found) => found !== undefined);
      if (!fate) continue;
      await this.inbox.settleScheduled(record._id, fate);
      settled++;
    }
    return settled;
  }

  async apply<E extends CloudEvent<string, ErpPlacementReference>>(
    event: E,
    context: KafkaEventContext,
    rule: ErpPlacementRule<E>,
  ): Promise<void> {
    const enterpriseId = await inboundEnterpriseOf(context, this.partners);
    const dedupeKey = erpDedupeKey(enterpriseId, event);
    if (!(await arrivalToApply(this.inbox, this.reviewQueue, enterpriseId, event, dedupeKey))) return;

    const named = await placementsNamedBy(this.placements, this.students, enterpriseId, event.data);
    const candidates = named.placements;
    const placement =
      candidates.find((p) => p.appliedEvents?.includes(dedupeKey)) ??
      bestFitting(candidates, (p) => rule.fit?.(p, event)) ??
      candidates.find((p) => rule.refusal(p, event) === undefined) ??
      candidates[0];
    // An event about a student whose erasure has started keeps none of its personal fields,
    // in the inbox or the review queue; the erasure's sweep may have run before it arrived.
    const erasing = isAboutErasedStudent(named, placement);
    if (erasing) await this.inbox.removePersonalFields(dedupeKey, event);
    const hold = async (reason: string, awaitsSignaturesOf?: PlacementDocument) => {
      const signedBy = awaitsSignaturesOf && rule.heldUntilSigned?.(awaitsSignaturesOf, event) ? awaitsSignaturesOf._id : undefined;
      await this.hold(dedupeKey, enterpriseId, erasing ? withoutPersonalFields(event) : event, reason, signedBy);
      if (!erasing) await removeIfErasedSinceRead(this.stores(), dedupeKey, event, studentsAbout(named, placement));
    };
    if (!placement) return hold('no placement of this enterprise matches the event');
    // Applied before (the inbox record was lost with a crash): the placement says whether it still waits for its day.
    if (placement.appliedEvents?.includes(dedupeKey)) {
      await rule.appliedBefore?.(placement);
      return this.inbox.markApplied(dedupeKey, this.placements.scheduledDueOn(placement, dedupeKey));
    }
    const refusal = rule.refusal(placement, event);
    if (refusal !== undefined) return hold(refusal, placement);
    let scheduledOn: string | undefined;
    try {
      ({ scheduledOn } = await rule.apply(placement, event, dedupeKey));
    } catch (error) {
      // The ERP took this step back already (a rescission as new or newer): nothing to decide, nothing to hold.
      if (error instanceof RescindedStepError) return this.inbox.markStatus(dedupeKey, 'superseded');
      const held = rule.heldBecause?.(error);
      if (held !== undefined) return hold(held);
      // It moved on between the read and the write, by another path.
      if (!(error instanceof IllegalTransitionError)) throw error;
      const now = (await this.placements.findById(placement._id)) ?? placement;
      return hold(rule.refusal(now, event) ?? error.message, now);
    }
    await this.inbox.markApplied(dedupeKey, scheduledOn);
  }

  private stores() {
    return { students: this.students, inbox: this.inbox, reviewQueue: this.reviewQueue };
  }

  private async hold(
    dedupeKey: string,
    enterpriseId: string,
    event: CloudEvent,
    reason: string,
    awaitsSignaturesOf?: string,
  ): Promise<void> {
    await this.reviewQueue.hold(dedupeKey, enterpriseId, event, reason, awaitsSignaturesOf);
    await this.inbox.markStatus(dedupeKey, 'held-for-review');
  }
}

/** The candidate `fit` rates highest (the first of equals), or undefined when it rates none. */
function bestFitting(
  candidates: PlacementDocument[],
  fit: (placement: PlacementDocument) => number | undefined,
): PlacementDocument | undefined {
  let best: { placement: PlacementDocument; score: number } | undefined;
  for (const placement of candidates) {
    const score = fit(placement);
    if (score !== undefined && (!best || score > best.score)) best = { placement, score };
  }
  return best?.placement;
}
