import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RdParticipationJoined } from '@app/contracts';
import { HandlesEvent } from '@app/messaging';
import { RdParticipationJoinedEvent } from '@app/platform';
import { RdParticipantChecksService } from '../rd-participant-checks.service';

/** Participants joining R&D projects (rd.participation.v1): each teacher is confirmed or refused (ADR 0082). */
@Controller()
export class RdParticipationJoinedHandler {
  constructor(private readonly checks: RdParticipantChecksService) {}

  @HandlesEvent(RdParticipationJoined)
  async onJoined(@Payload() event: RdParticipationJoinedEvent): Promise<void> {
    await this.checks.check(event);
  }
}
