import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { EventOf, SupervisorOffered, SupervisorWithdrawn, Topics } from '@app/contracts';
import { HandlesEvent, KafkaEventContext } from '@app/messaging';
import { expectTopic } from '../../shared/expect-topic';
import { SupervisorsService } from '../supervisors.service';

/** Double-qualified teachers offered (or withdrawn) by the teacher secondment service, validated by the transport. */
@Controller()
export class SupervisorEventsHandler {
  constructor(private readonly supervisors: SupervisorsService) {}

  @HandlesEvent(SupervisorOffered)
  async onOffered(@Payload() event: EventOf<typeof SupervisorOffered>, @Ctx() context: KafkaEventContext): Promise<void> {
    expectTopic(context, Topics.supervisors);
    await this.supervisors.offered(event);
  }

  @HandlesEvent(SupervisorWithdrawn)
  async onWithdrawn(@Payload() event: EventOf<typeof SupervisorWithdrawn>, @Ctx() context: KafkaEventContext): Promise<void> {
    expectTopic(context, Topics.supervisors);
    await this.supervisors.withdrawn(event);
  }
}
