import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { RdParticipationJoined } from '@app/contracts';
import { RdParticipationJoinedEvent } from '@app/platform';
import { RdParticipantChecksService } from '../rd-participant-checks.service';

/** Participants joining R&D projects (rd.participation.v1): each teacher is confirmed or refused (ADR 0082). */
@Controller()
export class RdParticipationJoinedHandler {
  constructor(private readonly checks: RdParticipantChecksService) {}

  @EventPattern(RdParticipationJoined.type)
  async onJoined(@Payload() event: RdParticipationJoinedEvent): Promise<void> {
    await this.checks.check(event);
  }
}
