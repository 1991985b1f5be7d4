import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ErasureConfirmed, ErasureRequested, EventOf } from '@app/contracts';
import { PrivacyService } from '../privacy.service';

/** privacy.erasure.v1: requests are answered; the confirmations of every service are the coordinator's. */
@Controller()
export class PrivacyEventsHandler {
  constructor(private readonly privacy: PrivacyService) {}

  @EventPattern(ErasureRequested.type)
  async onErasureRequested(@Payload() event: EventOf<typeof ErasureRequested>): Promise<void> {
    await this.privacy.erase(event.data, event.correlationid);
  }

  /** Handled so the other services' confirmations on the same topic are not dead-lettered. */
  @EventPattern(ErasureConfirmed.type)
  onErasureConfirmed(): void {}
}
