import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { DisclosureRecorded, EventOf, Topics } from '@app/contracts';
import { HandlesEvent, KafkaEventContext } from '@app/messaging';
import { expectTopic } from '../../shared/expect-topic';
import { DisclosureService } from '../disclosure.service';

/**
 * The other services' disclosures (validated by the transport), gathered into the person's
 * ledger here so one query answers a data subject access request (docs/decisions/0040).
 */
@Controller()
export class DisclosureRecordedHandler {
  constructor(private readonly disclosures: DisclosureService) {}

  @HandlesEvent(DisclosureRecorded)
  async onRecorded(@Payload() event: EventOf<typeof DisclosureRecorded>, @Ctx() context: KafkaEventContext): Promise<void> {
    expectTopic(context, Topics.privacyDisclosures);
    await this.disclosures.gather(event.data, event.id);
  }
}
