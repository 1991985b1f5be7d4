import { Injectable } from '@nestjs/common';
import { KafkaEventContext } from '@app/messaging';
import { AgreementNotSignedError } from '../placements/domain/agreement-sign-off';
import { decideErpStart, StartOutsidePeriodError } from '../placements/domain/erp-start';
import { ErpRescissionRefusedError, OlderThanScheduledStepError } from '../placements/domain/scheduled-step';
import { ErpPlacementStartEvent, ErpPlacementStartRescindedEvent, PlacementsService } from '../placements/placements.service';
import { ErpPlacementEvents, ErpPlacementRule } from './erp-placement-events';

export type { ErpPlacementStartEvent, ErpPlacementStartRescindedEvent };

/**
 * Applies an ERP's start of a placement (ADR 0079): the enterprise's accepted placement whose
 * three-party agreement is signed becomes `active` (its `startDate` the ERP's first day, the
 * school's `started` outcome in the same write, with the event's dedupe key); a first day after
 * today is scheduled on the placement and applied on that day by the scheduler. Without all the
 * signatures the start waits in the review queue, saying whose are missing, and is applied
 * when the last one is recorded (ReviewQueueService.applyStartsAwaitingSignatures); an operator
 * may link it too. A placement that is not accepted, a first day outside the placement's
 * period, or a start older than the one scheduled, holds it too. An ERP's rescission takes back a
 * start still scheduled (ADR 0079).
 */
@Injectable()
export class ErpPlacementStartService {
  private readonly rule: ErpPlacementRule<ErpPlacementStartEvent> = {
    // A start the ERP rescinded already is not refused: applying it says superseded (RescindedStepError), nothing held.
    refusal: (placement, event) => {
      const decision = decideErpStart(placement, event.data.startDate, event.time);
      return decision.kind === 'start' || decision.kind === 'rescinded' ? undefined : decision.reason;
    },
    apply: (placement, event, dedupeKey) =>
      this.placements.applyErpStart(placement._id, { event, appliedEvent: dedupeKey, current: placement }),
    // The ERP sent a newer start before this one arrived: that one stands. (Unsigned or outside the
    // period at the write but not at the read cannot happen today: signatures are only added and
    // the period does not change; held for review if it does.)
    heldBecause: (error) =>
      error instanceof OlderThanScheduledStepError || error instanceof AgreementNotSignedError || error instanceof StartOutsidePeriodError
        ? error.message
        : undefined,
    // Only the signatures missing: the review queue applies it when the last one is recorded.
    heldUntilSigned: (placement, event) => decideErpStart(placement, event.data.startDate, event.time).kind === 'unsigned',
  };

  private readonly rescission: ErpPlacementRule<ErpPlacementStartRescindedEvent> = {
    refusal: (placement, event) => this.placements.erpStartRescissionRefusal(placement, event),
    // Of the person's placements, the one whose start of the day named it takes back, else one that may hold it.
    fit: (placement, event) => this.placements.erpStartRescissionFit(placement, event),
    // Redelivered after a crash between the write and the review queue: held starts it took back are resolved now.
    appliedBefore: (placement) => this.placements.startRescindedBefore(placement),
    apply: (placement, event, dedupeKey) =>
      this.placements.rescindErpStart(placement._id, { event, appliedEvent: dedupeKey, current: placement }),
    // Refused at the write though not at the read: the schedule changed in between (a newer start, the scheduler).
    heldBecause: (error) => (error instanceof ErpRescissionRefusedError ? error.message : undefined),
  };

  constructor(
    private readonly placements: PlacementsService,
    private readonly events: ErpPlacementEvents,
  ) {}

  apply(event: ErpPlacementStartEvent, context: KafkaEventContext): Promise<void> {
    return this.events.apply(event, context, this.rule);
  }

  /**
   * An ERP's rescission of a start it reported ahead of time (`erp.placement-start-rescinded.v1`):
   * the matching accepted placement's scheduled start is cleared (it stays accepted; the school
   * hears nothing). Without a scheduled start to take back, or for another start, held for review.
   */
  rescind(event: ErpPlacementStartRescindedEvent, context: KafkaEventContext): Promise<void> {
    return this.events.apply(event, context, this.rescission);
  }
}
