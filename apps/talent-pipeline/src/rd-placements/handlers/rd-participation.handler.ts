import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { RdHoursLogged, RdParticipationJoined, RdParticipationWithdrawn, Topics } from '@app/contracts';
import { HandlesEvent, KafkaEventContext } from '@app/messaging';
import { RdParticipationJoinedEvent } from '@app/platform';
import { expectTopic } from '../../shared/expect-topic';
import { RdParticipantChecksService } from '../rd-participant-checks.service';

/** People joining R&D projects (rd.participation.v1): each student is confirmed or refused (ADR 0082). */
@Controller()
export class RdParticipationHandler {
  constructor(private readonly checks: RdParticipantChecksService) {}

  @HandlesEvent(RdParticipationJoined)
  async onJoined(@Payload() event: RdParticipationJoinedEvent, @Ctx() context: KafkaEventContext): Promise<void> {
    expectTopic(context, Topics.rdParticipation);
    await this.checks.check(event);
  }

  /** Teachers' hours are the secondment service's; handled so they are not dead-lettered as unhandled. */
  @HandlesEvent(RdHoursLogged)
  onHoursLogged(): void {}

  /**
   * A withdrawn participant: the R&D service itself stops proposing a withdrawn student for a
   * placement, and this service's check answer stays true of the person; handled so it is not dead-lettered.
   */
  @HandlesEvent(RdParticipationWithdrawn)
  onWithdrawn(): void {}
}
