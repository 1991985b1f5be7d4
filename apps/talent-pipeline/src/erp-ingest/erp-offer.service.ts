import { Injectable } from '@nestjs/common';
import { KafkaEventContext } from '@app/messaging';
import { erpOfferTarget } from '../placements/domain/erp-offer';
import { ErpOfferEvent, PlacementsService } from '../placements/placements.service';
import { ErpPlacementEvents, ErpPlacementRule } from './erp-placement-events';

export type { ErpOfferEvent };

/**
 * Applies an ERP's offer stage (ADR 0079): the enterprise's placement the event names is offered
 * (`extended`), accepted (`accepted`; through `offered` when still proposed), or terminated
 * (`declined`, `withdrawn`, with a reason saying which; the school hears `terminated`), with the
 * event's dedupe key in the same write. A stage the placement cannot take (started already, or
 * a move backwards, such as an offer extended after its acceptance) is held for review.
 */
@Injectable()
export class ErpOfferService {
  private readonly rule: ErpPlacementRule<ErpOfferEvent> = {
    refusal: (placement, event) =>
      this.placements.canTakeErpOffer(placement, event.data.status)
        ? undefined
        : `placement ${placement._id} is ${placement.status} and cannot take an offer ${event.data.status} (to ${erpOfferTarget(event.data.status)})`,
    apply: (placement, event, dedupeKey) =>
      this.placements.applyErpOffer(placement._id, { event, appliedEvent: dedupeKey, current: placement }),
  };

  constructor(
    private readonly placements: PlacementsService,
    private readonly events: ErpPlacementEvents,
  ) {}

  apply(event: ErpOfferEvent, context: KafkaEventContext): Promise<void> {
    return this.events.apply(event, context, this.rule);
  }
}
