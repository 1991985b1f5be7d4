import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { dedupeKeyOf, EventOf, SecondmentRdParticipantChecked, TalentRdParticipantChecked } from '@app/contracts';
import { HandlesEvent } from '@app/messaging';
import { ProjectsService } from '../../projects/projects.service';

/**
 * The owners' answers to the participants this service's projects name (ADR 0082): the talent
 * pipeline for students, the secondment service for teachers. A refusal is an answer like a
 * confirmation; only an answer for a project this service does not have is a dead letter.
 */
@Controller()
export class ParticipantCheckHandler {
  constructor(private readonly projects: ProjectsService) {}

  @HandlesEvent(TalentRdParticipantChecked)
  onStudentChecked(@Payload() event: EventOf<typeof TalentRdParticipantChecked>) {
    return this.projects.recordParticipantCheck(event.data, dedupeKeyOf(event));
  }

  @HandlesEvent(SecondmentRdParticipantChecked)
  onTeacherChecked(@Payload() event: EventOf<typeof SecondmentRdParticipantChecked>) {
    return this.projects.recordParticipantCheck(event.data, dedupeKeyOf(event));
  }
}
