import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ErpPlacementStartRescinded } from '@app/contracts';
import { HandlesEvent, KafkaEventContext } from '@app/messaging';
import { ErpPlacementStartRescindedEvent, ErpPlacementStartService } from '../erp-placement-start.service';

/** ERP rescissions of scheduled starts of placements from the inbound topic, one at a time (ADR 0079). */
@Controller()
export class ErpPlacementStartRescindedHandler {
  constructor(private readonly starts: ErpPlacementStartService) {}

  @HandlesEvent(ErpPlacementStartRescinded)
  onStartRescinded(@Payload() event: ErpPlacementStartRescindedEvent, @Ctx() context: KafkaEventContext): Promise<void> {
    return this.starts.rescind(event, context);
  }
}
