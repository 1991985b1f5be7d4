import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ErpPlacementStart } from '@app/contracts';
import { HandlesEvent, KafkaEventContext } from '@app/messaging';
import { ErpPlacementStartEvent, ErpPlacementStartService } from '../erp-placement-start.service';

/** ERP starts of placements (the student's first day) from the inbound topic, one at a time. */
@Controller()
export class ErpPlacementStartHandler {
  constructor(private readonly starts: ErpPlacementStartService) {}

  @HandlesEvent(ErpPlacementStart)
  onPlacementStart(@Payload() event: ErpPlacementStartEvent, @Ctx() context: KafkaEventContext): Promise<void> {
    return this.starts.apply(event, context);
  }
}
