import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { dedupeKeyOf, EnterpriseRegistered, EventOf, SchoolRegistered } from '@app/contracts';
import { HandlesEvent } from '@app/messaging';
import { PartnerDirectoryRepository } from './partner-directory.repository';

/**
 * Keeps this service's own copy of the partner registry (owned by the talent pipeline), so
 * it never has to call another service to know a school or an enterprise.
 */
@Controller()
export class PartnerEventsHandler {
  constructor(private readonly directory: PartnerDirectoryRepository) {}

  @HandlesEvent(SchoolRegistered)
  async onSchoolRegistered(@Payload() event: EventOf<typeof SchoolRegistered>): Promise<void> {
    const { schoolId, name, country, registeredAt } = event.data;
    await this.directory.save({ _id: schoolId, kind: 'school', name, country, registeredAt, fromEvent: dedupeKeyOf(event) });
  }

  @HandlesEvent(EnterpriseRegistered)
  async onEnterpriseRegistered(@Payload() event: EventOf<typeof EnterpriseRegistered>): Promise<void> {
    const { enterpriseId, name, country, industry, registeredAt } = event.data;
    await this.directory.save({
      _id: enterpriseId,
      kind: 'enterprise',
      name,
      country,
      industry,
      registeredAt,
      fromEvent: dedupeKeyOf(event),
    });
  }
}
