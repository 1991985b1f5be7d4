import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { EventOf, TeacherHostObjectionChanged } from '@app/contracts';
import { HandlesEvent } from '@app/messaging';
import { PrivacyService } from '../privacy.service';

/** secondment.teacher-privacy.v1: copies of teachers' host objections (ADR 0077), checked when an enterprise reads a closed project. */
@Controller()
export class TeacherPrivacyEventsHandler {
  constructor(private readonly privacy: PrivacyService) {}

  @HandlesEvent(TeacherHostObjectionChanged)
  async onHostObjectionChanged(@Payload() event: EventOf<typeof TeacherHostObjectionChanged>): Promise<void> {
    await this.privacy.saveTeacherObjection(event.data);
  }
}
