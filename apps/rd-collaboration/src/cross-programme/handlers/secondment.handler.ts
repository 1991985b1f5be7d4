import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  dedupeKeyOf,
  SecondmentApproved,
  SecondmentCancelled,
  SecondmentCompleted,
  SecondmentRequested,
  SecondmentStarted,
  SecondmentLifecycleEvent,
  SecondmentWithdrawn,
} from '@app/contracts';
import { HandlesEvent } from '@app/messaging';
import { PersonCopiesService, SecondmentStep } from '../../person-copies/person-copies.service';
import { ProjectsService } from '../../projects/projects.service';
import { CounterIncrement, ScorecardService } from '../../scorecard/scorecard.service';

/** Any event of the secondment topic (they share one data schema). */
type SecondmentEvent = SecondmentLifecycleEvent;

const SCORECARD: Partial<Record<SecondmentStep, CounterIncrement>> = {
  started: { counts: { secondmentsHosted: 1 } },
  completed: { counts: { secondmentsCompleted: 1 } },
};

/** Secondments from the secondment service: copied, linked to the teacher's R&D participations at the host enterprise, counted. */
@Controller()
export class SecondmentHandler {
  constructor(
    private readonly people: PersonCopiesService,
    private readonly projects: ProjectsService,
    private readonly scorecard: ScorecardService,
  ) {}

  @HandlesEvent(SecondmentRequested)
  onRequested(@Payload() e: SecondmentEvent) {
    return this.apply('requested', e);
  }

  @HandlesEvent(SecondmentApproved)
  onApproved(@Payload() e: SecondmentEvent) {
    return this.apply('approved', e);
  }

  @HandlesEvent(SecondmentStarted)
  onStarted(@Payload() e: SecondmentEvent) {
    return this.apply('started', e);
  }

  @HandlesEvent(SecondmentCompleted)
  onCompleted(@Payload() e: SecondmentEvent) {
    return this.apply('completed', e);
  }

  @HandlesEvent(SecondmentCancelled)
  onCancelled(@Payload() e: SecondmentEvent) {
    return this.apply('cancelled', e);
  }

  @HandlesEvent(SecondmentWithdrawn)
  onWithdrawn(@Payload() e: SecondmentEvent) {
    return this.apply('withdrawn', e);
  }

  private async apply(step: SecondmentStep, event: SecondmentEvent): Promise<void> {
    const key = dedupeKeyOf(event);
    await this.people.saveSecondment(step, event.data);
    if (step === 'approved' || step === 'started') await this.projects.linkSecondment(event.data, key);
    const increment = SCORECARD[step];
    if (increment) await this.scorecard.count({ key, ...event.data }, increment);
  }
}
