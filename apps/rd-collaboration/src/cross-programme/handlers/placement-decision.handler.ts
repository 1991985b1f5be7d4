import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { dedupeKeyOf, EventOf, RdPlacementAccepted, RdPlacementRefused } from '@app/contracts';
import { ProjectsService } from '../../projects/projects.service';

/**
 * The talent pipeline's answers to this service's placement proposals: the project's participant
 * shows whether the placement was created or why it was refused (and may then be proposed again).
 */
@Controller()
export class PlacementDecisionHandler {
  constructor(private readonly projects: ProjectsService) {}

  @EventPattern(RdPlacementAccepted.type)
  onAccepted(@Payload() event: EventOf<typeof RdPlacementAccepted>) {
    return this.projects.recordPlacementDecision({ ...event.data, status: 'accepted' }, dedupeKeyOf(event));
  }

  @EventPattern(RdPlacementRefused.type)
  onRefused(@Payload() event: EventOf<typeof RdPlacementRefused>) {
    return this.projects.recordPlacementDecision({ ...event.data, status: 'refused' }, dedupeKeyOf(event));
  }
}
