import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ErasureConfirmed, ErasureRequested, EventOf } from '@app/contracts';
import { HandlesEvent } from '@app/messaging';
import { PrivacyService } from '../privacy.service';

/** privacy.erasure.v1: requests are answered; the confirmations of every service are the coordinator's. */
@Controller()
export class PrivacyEventsHandler {
  constructor(private readonly privacy: PrivacyService) {}

  @HandlesEvent(ErasureRequested)
  async onErasureRequested(@Payload() event: EventOf<typeof ErasureRequested>): Promise<void> {
    await this.privacy.erase(event.data, event.correlationid);
  }

  /** Handled so the other services' confirmations on the same topic are not dead-lettered. */
  @HandlesEvent(ErasureConfirmed)
  onErasureConfirmed(): void {}
}
