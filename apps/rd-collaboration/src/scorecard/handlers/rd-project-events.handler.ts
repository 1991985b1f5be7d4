import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { dedupeKeyOf, EventOf, RdContributionDelivered, RdOutcomeRecorded, RdProjectClosed, RdProjectStarted } from '@app/contracts';
import { HandlesEvent } from '@app/messaging';
import { ScorecardService } from '../scorecard.service';

/** This service's own project facts, counted from rd.project.v1 like every other service's events. */
@Controller()
export class RdProjectEventsHandler {
  constructor(private readonly scorecard: ScorecardService) {}

  @HandlesEvent(RdProjectStarted)
  async onStarted(@Payload() event: EventOf<typeof RdProjectStarted>): Promise<void> {
    await this.scorecard.count({ key: dedupeKeyOf(event), ...event.data }, { counts: { rdProjectsStarted: 1 } });
  }

  @HandlesEvent(RdContributionDelivered)
  async onContribution(@Payload() event: EventOf<typeof RdContributionDelivered>): Promise<void> {
    await this.scorecard.count({ key: dedupeKeyOf(event), ...event.data }, { contributions: event.data.value });
  }

  @HandlesEvent(RdOutcomeRecorded)
  async onOutcome(@Payload() event: EventOf<typeof RdOutcomeRecorded>): Promise<void> {
    await this.scorecard.count({ key: dedupeKeyOf(event), ...event.data }, { outcomeKind: event.data.kind });
  }

  @HandlesEvent(RdProjectClosed)
  async onClosed(@Payload() event: EventOf<typeof RdProjectClosed>): Promise<void> {
    await this.scorecard.count(
      { key: dedupeKeyOf(event), ...event.data },
      { counts: { rdProjectsClosed: 1, ...(event.data.ledHire ? { rdProjectsLedToHire: 1 } : {}) } },
    );
  }
}
