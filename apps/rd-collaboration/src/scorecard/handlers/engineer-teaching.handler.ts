import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { dedupeKeyOf, EngineerTeachingSignedOff, EventOf } from '@app/contracts';
import { HandlesEvent } from '@app/messaging';
import { ScorecardService } from '../scorecard.service';

/** Enterprise engineers teaching at schools (the reverse flow), from the secondment service. */
@Controller()
export class EngineerTeachingHandler {
  constructor(private readonly scorecard: ScorecardService) {}

  @HandlesEvent(EngineerTeachingSignedOff)
  async onSignedOff(@Payload() event: EventOf<typeof EngineerTeachingSignedOff>): Promise<void> {
    await this.scorecard.count(
      { key: dedupeKeyOf(event), schoolId: event.data.schoolId, enterpriseId: event.data.enterpriseId, occurredAt: event.data.occurredAt },
      { counts: { engineerEngagements: 1 }, engineerTeachingHours: event.data.hours },
    );
  }
}
