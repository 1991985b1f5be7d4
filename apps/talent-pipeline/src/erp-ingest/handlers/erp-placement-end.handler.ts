import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ErpPlacementEnd } from '@app/contracts';
import { HandlesEvent, KafkaEventContext } from '@app/messaging';
import { ErpPlacementEndEvent, ErpPlacementEndService } from '../erp-placement-end.service';

/** ERP ends of placements (completed, terminated) from the inbound topic, one at a time. */
@Controller()
export class ErpPlacementEndHandler {
  constructor(private readonly ends: ErpPlacementEndService) {}

  @HandlesEvent(ErpPlacementEnd)
  onPlacementEnd(@Payload() event: ErpPlacementEndEvent, @Ctx() context: KafkaEventContext): Promise<void> {
    return this.ends.apply(event, context);
  }
}
