import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { AgreementDrafted, AgreementState, AgreementStatusChanged, dedupeKeyOf, EventOf } from '@app/contracts';
import { HandlesEvent } from '@app/messaging';
import { AgreementDirectoryRepository } from './agreement-directory.repository';

/**
 * Keeps this service's copy of the cooperation agreements (owned by the talent pipeline).
 * Every agreement event carries the whole agreement and its version, so applying one is
 * "replace if newer" whatever order or how often they arrive; the status each event sets is
 * kept in the copy's `statusHistory`, once per version.
 */
@Controller()
export class AgreementEventsHandler {
  constructor(private readonly directory: AgreementDirectoryRepository) {}

  @HandlesEvent(AgreementDrafted)
  async onDrafted(@Payload() event: EventOf<typeof AgreementDrafted>): Promise<void> {
    await this.save(event.data, dedupeKeyOf(event), event.data.createdAt);
  }

  @HandlesEvent(AgreementStatusChanged)
  async onStatusChanged(@Payload() event: EventOf<typeof AgreementStatusChanged>): Promise<void> {
    await this.save(event.data, dedupeKeyOf(event), event.data.changedAt);
  }

  /** `occurredAt`: when the change happened, which the copy's status history records (ADR 0029 amendment). */
  private async save(state: AgreementState, fromEvent: string, occurredAt: string): Promise<void> {
    const { agreementId, schoolId, enterpriseId, scope, period, placementKinds, programmes, status, version } = state;
    await this.directory.saveIfNewer(
      {
        _id: agreementId,
        schoolId,
        enterpriseId,
        scope,
        period,
        placementKinds,
        ...(programmes ? { programmes } : {}),
        status,
        version,
        fromEvent,
      },
      occurredAt,
    );
  }
}
