import { Injectable } from '@nestjs/common';
import { KafkaEventContext } from '@app/messaging';
import { OlderThanScheduledEndError } from '../placements/domain/scheduled-end';
import { ErpRescissionRefusedError } from '../placements/domain/scheduled-step';
import { PlacementDocument } from '../placements/placement.document';
import { ErpPlacementEndEvent, ErpPlacementEndRescindedEvent, PlacementsService } from '../placements/placements.service';
import { ErpPlacementEvents, ErpPlacementRule } from './erp-placement-events';

export type { ErpPlacementEndEvent, ErpPlacementEndRescindedEvent };

/**
 * Applies an ERP's end of a placement: the enterprise's matching active placement becomes
 * `completed` or `terminated`, and the outcome for the school is queued in the same write (with
 * the event's dedupe key, so a redelivery, or the same event over HTTP and Kafka, has one
 * effect); an end whose `lastDay` is after today waits on the placement as its scheduled end,
 * recorded in the same way (ADR 0076), and the inbox shows it `scheduled` until then (ADR 0079). An event that matches no placement of the enterprise, a
 * placement that is not active, or an end older than the one scheduled, is held for review,
 * never dropped. An ERP's rescission takes back an end still scheduled (ADR 0079).
 */
@Injectable()
export class ErpPlacementEndService {
  private readonly rule: ErpPlacementRule<ErpPlacementEndEvent> = {
    // An end the ERP rescinded already is not refused, whatever the status: applying it says superseded, nothing held.
    refusal: (placement, event) =>
      this.placements.canBeEndedByErp(placement) || this.placements.erpEndRescindedAlready(placement, event)
        ? undefined
        : notActive(placement, event),
    apply: (placement, event, dedupeKey) =>
      this.placements.applyErpEnd(placement._id, { event, appliedEvent: dedupeKey, current: placement }),
    // The ERP sent a newer end before this one arrived: that one stands.
    heldBecause: (error) => (error instanceof OlderThanScheduledEndError ? error.message : undefined),
  };

  private readonly rescission: ErpPlacementRule<ErpPlacementEndRescindedEvent> = {
    refusal: (placement, event) => this.placements.erpEndRescissionRefusal(placement, event),
    // Of the person's placements, the one whose end of the day named it takes back.
    fit: (placement, event) => this.placements.erpEndRescissionFit(placement, event),
    apply: (placement, event, dedupeKey) =>
      this.placements.rescindErpEnd(placement._id, { event, appliedEvent: dedupeKey, current: placement }),
    // Refused at the write though not at the read: the schedule changed in between (a newer end, the scheduler).
    heldBecause: (error) => (error instanceof ErpRescissionRefusedError ? error.message : undefined),
  };

  constructor(
    private readonly placements: PlacementsService,
    private readonly events: ErpPlacementEvents,
  ) {}

  apply(event: ErpPlacementEndEvent, context: KafkaEventContext): Promise<void> {
    return this.events.apply(event, context, this.rule);
  }

  /**
   * An ERP's rescission of an end it reported ahead of time (`erp.placement-end-rescinded.v1`):
   * the matching active placement's scheduled end is cleared (it stays active; the school hears
   * nothing). Without a scheduled end to take back, or for another end, held for review.
   */
  rescind(event: ErpPlacementEndRescindedEvent, context: KafkaEventContext): Promise<void> {
    return this.events.apply(event, context, this.rescission);
  }
}

function notActive(placement: PlacementDocument, event: ErpPlacementEndEvent): string {
  return `placement ${placement._id} is ${placement.status} and cannot be ${event.data.outcome}`;
}
