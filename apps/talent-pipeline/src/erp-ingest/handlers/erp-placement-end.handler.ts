import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ErpPlacementEnd } from '@app/contracts';
import { KafkaEventContext } from '@app/messaging';
import { ErpPlacementEndEvent, ErpPlacementEndService } from '../erp-placement-end.service';

/** ERP ends of placements (completed, terminated) from the inbound topic, one at a time. */
@Controller()
export class ErpPlacementEndHandler {
  constructor(private readonly ends: ErpPlacementEndService) {}

  @EventPattern(ErpPlacementEnd.type)
  onPlacementEnd(@Payload() event: ErpPlacementEndEvent, @Ctx() context: KafkaEventContext): Promise<void> {
    return this.ends.apply(event, context);
  }
}
