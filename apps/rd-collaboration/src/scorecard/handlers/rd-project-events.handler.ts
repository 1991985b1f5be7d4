import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { dedupeKeyOf, EventOf, RdContributionDelivered, RdOutcomeRecorded, RdProjectClosed, RdProjectStarted } from '@app/contracts';
import { ScorecardService } from '../scorecard.service';

/** This service's own project facts, counted from rd.project.v1 like every other service's events. */
@Controller()
export class RdProjectEventsHandler {
  constructor(private readonly scorecard: ScorecardService) {}

  @EventPattern(RdProjectStarted.type)
  async onStarted(@Payload() event: EventOf<typeof RdProjectStarted>): Promise<void> {
    await this.scorecard.count({ key: dedupeKeyOf(event), ...event.data }, { counts: { rdProjectsStarted: 1 } });
  }

  @EventPattern(RdContributionDelivered.type)
  async onContribution(@Payload() event: EventOf<typeof RdContributionDelivered>): Promise<void> {
    await this.scorecard.count({ key: dedupeKeyOf(event), ...event.data }, { contributions: event.data.value });
  }

  @EventPattern(RdOutcomeRecorded.type)
  async onOutcome(@Payload() event: EventOf<typeof RdOutcomeRecorded>): Promise<void> {
    await this.scorecard.count({ key: dedupeKeyOf(event), ...event.data }, { outcomeKind: event.data.kind });
  }

  @EventPattern(RdProjectClosed.type)
  async onClosed(@Payload() event: EventOf<typeof RdProjectClosed>): Promise<void> {
    await this.scorecard.count(
      { key: dedupeKeyOf(event), ...event.data },
      { counts: { rdProjectsClosed: 1, ...(event.data.ledHire ? { rdProjectsLedToHire: 1 } : {}) } },
    );
  }
}
