import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ErpOffer } from '@app/contracts';
import { HandlesEvent, KafkaEventContext } from '@app/messaging';
import { ErpOfferEvent, ErpOfferService } from '../erp-offer.service';

/** ERP offer stages (extended, accepted, declined, withdrawn) from the inbound topic, one at a time. */
@Controller()
export class ErpOfferHandler {
  constructor(private readonly offers: ErpOfferService) {}

  @HandlesEvent(ErpOffer)
  onOffer(@Payload() event: ErpOfferEvent, @Ctx() context: KafkaEventContext): Promise<void> {
    return this.offers.apply(event, context);
  }
}
