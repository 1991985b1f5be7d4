import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ErpOffer } from '@app/contracts';
import { KafkaEventContext } from '@app/messaging';
import { ErpOfferEvent, ErpOfferService } from '../erp-offer.service';

/** ERP offer stages (extended, accepted, declined, withdrawn) from the inbound topic, one at a time. */
@Controller()
export class ErpOfferHandler {
  constructor(private readonly offers: ErpOfferService) {}

  @EventPattern(ErpOffer.type)
  onOffer(@Payload() event: ErpOfferEvent, @Ctx() context: KafkaEventContext): Promise<void> {
    return this.offers.apply(event, context);
  }
}
