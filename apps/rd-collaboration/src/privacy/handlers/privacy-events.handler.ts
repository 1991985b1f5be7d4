import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { HandlesEvent, PermanentFailureError } from '@app/messaging';
import { ConsentChanged, ConsentErased, ErasureConfirmed, ErasureRequested, EventOf } from '@app/contracts';
import { PrivacyService } from '../privacy.service';

/** privacy.consent.v1 (consent copies) and privacy.erasure.v1 (requests; confirmations are the coordinator's). */
@Controller()
export class PrivacyEventsHandler {
  constructor(private readonly privacy: PrivacyService) {}

  @HandlesEvent(ConsentChanged)
  async onConsentChanged(@Payload() event: EventOf<typeof ConsentChanged>): Promise<void> {
    await this.privacy.saveConsent(event.data);
  }

  /** A consent's tombstone on the compacted topic (subject `consents/<consentId>`). */
  @HandlesEvent(ConsentErased)
  async onConsentErased(@Payload() event: EventOf<typeof ConsentErased>): Promise<void> {
    const consentId = /^consents\/(.+)$/.exec(event.subject ?? '')?.[1];
    if (!consentId) throw new PermanentFailureError(`consent tombstone without a consents/<id> subject: ${event.subject}`);
    await this.privacy.forgetConsent(consentId);
  }

  @HandlesEvent(ErasureRequested)
  async onErasureRequested(@Payload() event: EventOf<typeof ErasureRequested>): Promise<void> {
    await this.privacy.erase(event.data, event.correlationid);
  }

  /** Every service's confirmation shares the topic; the talent pipeline collects them. Handled so none is dead-lettered. */
  @HandlesEvent(ErasureConfirmed)
  onErasureConfirmed(): void {}
}
