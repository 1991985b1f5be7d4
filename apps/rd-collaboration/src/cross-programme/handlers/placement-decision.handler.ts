import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { dedupeKeyOf, EventOf, RdPlacementAccepted, RdPlacementRefused } from '@app/contracts';
import { HandlesEvent } from '@app/messaging';
import { ProjectsService } from '../../projects/projects.service';

/**
 * The talent pipeline's answers to this service's placement proposals: the project's participant
 * shows whether the placement was created or why it was refused (and may then be proposed again).
 */
@Controller()
export class PlacementDecisionHandler {
  constructor(private readonly projects: ProjectsService) {}

  @HandlesEvent(RdPlacementAccepted)
  onAccepted(@Payload() event: EventOf<typeof RdPlacementAccepted>) {
    return this.projects.recordPlacementDecision({ ...event.data, status: 'accepted' }, dedupeKeyOf(event));
  }

  @HandlesEvent(RdPlacementRefused)
  onRefused(@Payload() event: EventOf<typeof RdPlacementRefused>) {
    return this.projects.recordPlacementDecision({ ...event.data, status: 'refused' }, dedupeKeyOf(event));
  }
}
