import { Injectable } from '@nestjs/common';
import { KafkaEventContext } from '@app/messaging';
import { AgreementNotSignedError } from '../placements/domain/agreement-sign-off';
import { decideErpStart } from '../placements/domain/erp-start';
import { ErpPlacementStartEvent, PlacementsService } from '../placements/placements.service';
import { ErpPlacementEvents, ErpPlacementRule } from './erp-placement-events';

export type { ErpPlacementStartEvent };

/**
 * Applies an ERP's start of a placement (ADR 0079): the enterprise's accepted placement whose
 * three-party agreement is signed becomes `active` (its `startDate` the ERP's first day, the
 * school's `started` outcome in the same write, with the event's dedupe key). Without all the
 * signatures the start waits in the review queue, saying whose are missing; an operator links
 * it once they are given. A placement that is not accepted holds it too.
 */
@Injectable()
export class ErpPlacementStartService {
  private readonly rule: ErpPlacementRule<ErpPlacementStartEvent> = {
    refusal: (placement) => {
      const decision = decideErpStart(placement);
      return decision.kind === 'start' ? undefined : decision.reason;
    },
    apply: (placement, event, dedupeKey) =>
      this.placements.applyErpStart(placement._id, { event, appliedEvent: dedupeKey, current: placement }),
    // Read as signed, refused at the write: cannot happen today (signatures are only added), kept for review if it does.
    heldBecause: (error) => (error instanceof AgreementNotSignedError ? error.message : undefined),
  };

  constructor(
    private readonly placements: PlacementsService,
    private readonly events: ErpPlacementEvents,
  ) {}

  apply(event: ErpPlacementStartEvent, context: KafkaEventContext): Promise<void> {
    return this.events.apply(event, context, this.rule);
  }
}
