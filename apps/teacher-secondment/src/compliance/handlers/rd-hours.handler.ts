import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventOf, RdHoursLogged, RdParticipationJoined } from '@app/contracts';
import { ComplianceService } from '../compliance.service';

/** R&D hours from rd.participation.v1 (validated against the contract by the transport before they get here). */
@Controller()
export class RdHoursHandler {
  constructor(private readonly compliance: ComplianceService) {}

  @EventPattern(RdHoursLogged.type)
  async onHoursLogged(@Payload() event: EventOf<typeof RdHoursLogged>): Promise<void> {
    await this.compliance.creditRdHours(event);
  }

  /** Joining a project credits nothing (only logged hours do); handled so it is not dead-lettered as unhandled. */
  @EventPattern(RdParticipationJoined.type)
  onJoined(): void {}
}
