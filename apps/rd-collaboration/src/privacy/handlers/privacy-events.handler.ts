import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CloudEvent, ConsentChanged, ErasureConfirmed, ErasureRequested, EventData } from '@app/contracts';
import { PrivacyService } from '../privacy.service';

/** privacy.consent.v1 (consent copies) and privacy.erasure.v1 (requests; confirmations are the coordinator's). */
@Controller()
export class PrivacyEventsHandler {
  constructor(private readonly privacy: PrivacyService) {}

  @EventPattern(ConsentChanged.type)
  async onConsentChanged(@Payload() event: CloudEvent<string, EventData<typeof ConsentChanged>>): Promise<void> {
    await this.privacy.saveConsent(event.data);
  }

  @EventPattern(ErasureRequested.type)
  async onErasureRequested(@Payload() event: CloudEvent<string, EventData<typeof ErasureRequested>>): Promise<void> {
    await this.privacy.erase(event.data, event.correlationid);
  }

  /** Every service's confirmation shares the topic; the talent pipeline collects them. Handled so none is dead-lettered. */
  @EventPattern(ErasureConfirmed.type)
  onErasureConfirmed(): void {}
}
