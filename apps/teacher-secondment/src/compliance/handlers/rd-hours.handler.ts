import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { EventOf, RdHoursLogged, RdParticipationWithdrawn } from '@app/contracts';
import { HandlesEvent } from '@app/messaging';
import { ComplianceService } from '../compliance.service';

/** R&D hours from rd.participation.v1 (joins are checked in rd-participants/, ADR 0082) (validated against the contract by the transport before they get here). */
@Controller()
export class RdHoursHandler {
  constructor(private readonly compliance: ComplianceService) {}

  @HandlesEvent(RdHoursLogged)
  async onHoursLogged(@Payload() event: EventOf<typeof RdHoursLogged>): Promise<void> {
    await this.compliance.creditRdHours(event);
  }

  /** A teacher's participation entered in error takes its hours back; other withdrawals change nothing here. */
  @HandlesEvent(RdParticipationWithdrawn)
  async onWithdrawn(@Payload() event: EventOf<typeof RdParticipationWithdrawn>): Promise<void> {
    await this.compliance.withdrawRdParticipation(event);
  }
}
