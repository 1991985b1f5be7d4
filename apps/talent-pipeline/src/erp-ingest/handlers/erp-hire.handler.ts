import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ErpHire } from '@app/contracts';
import { BatchedEvent, BatchSettlement, HandlesEvent, HandlesEventBatch, KafkaEventContext } from '@app/messaging';
import { ErpHireEvent, ErpHireService } from '../erp-hire.service';

/** ERP hires from the inbound topic: one at a time, or many consecutive ones together. */
@Controller()
export class ErpHireHandler {
  constructor(private readonly hires: ErpHireService) {}

  @HandlesEvent(ErpHire)
  onHire(@Payload() event: ErpHireEvent, @Ctx() context: KafkaEventContext): Promise<void> {
    return this.hires.apply(event, context);
  }

  @HandlesEventBatch(ErpHire)
  onHires(@Payload() batch: BatchedEvent<ErpHireEvent>[]): Promise<BatchSettlement> {
    return this.hires.applyBatch(batch);
  }
}
