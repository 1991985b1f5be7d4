import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ErpPlacementEndRescinded } from '@app/contracts';
import { HandlesEvent, KafkaEventContext } from '@app/messaging';
import { ErpPlacementEndRescindedEvent, ErpPlacementEndService } from '../erp-placement-end.service';

/** ERP rescissions of scheduled ends of placements from the inbound topic, one at a time (ADR 0079). */
@Controller()
export class ErpPlacementEndRescindedHandler {
  constructor(private readonly ends: ErpPlacementEndService) {}

  @HandlesEvent(ErpPlacementEndRescinded)
  onEndRescinded(@Payload() event: ErpPlacementEndRescindedEvent, @Ctx() context: KafkaEventContext): Promise<void> {
    return this.ends.rescind(event, context);
  }
}
