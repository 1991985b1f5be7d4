import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ErasureConfirmed, ErasureRequested, EventOf, Topics } from '@app/contracts';
import { HandlesEvent, KafkaEventContext } from '@app/messaging';
import { expectTopic } from '../../shared/expect-topic';
import { ErasureService } from '../erasure.service';

/** The erasure topic: requests (erase the own store) and every service's confirmation (the proof), validated by the transport. */
@Controller()
export class ErasureEventsHandler {
  constructor(private readonly erasure: ErasureService) {}

  @HandlesEvent(ErasureRequested)
  async onRequested(@Payload() event: EventOf<typeof ErasureRequested>, @Ctx() context: KafkaEventContext): Promise<void> {
    expectTopic(context, Topics.privacyErasure);
    await this.erasure.applyRequested(event);
  }

  @HandlesEvent(ErasureConfirmed)
  async onConfirmed(@Payload() event: EventOf<typeof ErasureConfirmed>, @Ctx() context: KafkaEventContext): Promise<void> {
    expectTopic(context, Topics.privacyErasure);
    await this.erasure.recordConfirmation(event);
  }
}
