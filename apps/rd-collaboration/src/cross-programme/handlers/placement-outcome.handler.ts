import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  dedupeKeyOf,
  EventOf,
  PlacementCompleted,
  PlacementHired,
  PlacementOutcome,
  PlacementOutcomeEvent,
  PlacementStarted,
  PlacementTerminated,
} from '@app/contracts';
import { HandlesEvent } from '@app/messaging';
import { faultPoint } from '@app/base';
import { PersonCopiesService } from '../../person-copies/person-copies.service';
import { ProjectsService } from '../../projects/projects.service';
import { CounterName, ScorecardService } from '../../scorecard/scorecard.service';

const COUNTER: Record<PlacementOutcome['outcome'], CounterName> = {
  started: 'placementsStarted',
  completed: 'placementsCompleted',
  terminated: 'placementsTerminated',
  hired: 'hires',
};

/**
 * Placement outcomes from the talent pipeline: kept as local copies, linked to the R&D projects
 * the student takes part in with the same enterprise ("led to a hire"), and counted in the
 * pair's scorecard. Each effect is keyed by the event, so a redelivery changes nothing. A redelivery
 * after a crash between these writes finishes the rest: `linkPlacement` names every project of the
 * student's, linked now or before, so the per-project hire counts are not skipped (crash point
 * `rd-placement-outcome.after-link`, test/e2e/consumer-crash-points.e2e-spec.ts).
 */
@Controller()
export class PlacementOutcomeHandler {
  constructor(
    private readonly people: PersonCopiesService,
    private readonly projects: ProjectsService,
    private readonly scorecard: ScorecardService,
  ) {}

  @HandlesEvent(PlacementStarted)
  onStarted(@Payload() event: EventOf<typeof PlacementStarted>) {
    return this.apply(event);
  }

  @HandlesEvent(PlacementCompleted)
  onCompleted(@Payload() event: EventOf<typeof PlacementCompleted>) {
    return this.apply(event);
  }

  @HandlesEvent(PlacementTerminated)
  onTerminated(@Payload() event: EventOf<typeof PlacementTerminated>) {
    return this.apply(event);
  }

  @HandlesEvent(PlacementHired)
  onHired(@Payload() event: EventOf<typeof PlacementHired>) {
    return this.apply(event);
  }

  private async apply(event: PlacementOutcomeEvent): Promise<void> {
    const key = dedupeKeyOf(event);
    const placement = await this.people.savePlacementOutcome(event.data);
    const projects = await this.projects.linkPlacement(placement, key);
    faultPoint('rd-placement-outcome.after-link');
    await this.scorecard.count({ key, ...event.data }, { counts: { [COUNTER[event.data.outcome]]: 1 } });
    if (event.data.outcome === 'hired') {
      // One per project the hired student took part in; keyed by event and project, so a redelivery counts nothing.
      for (const project of projects) {
        await this.scorecard.count(
          { key: `${key}|${project.projectId}`, ...project, occurredAt: event.data.occurredAt },
          { counts: { rdParticipantHires: 1 } },
        );
      }
    }
  }
}
