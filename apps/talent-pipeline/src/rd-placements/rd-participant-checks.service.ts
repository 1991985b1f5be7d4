import { Inject, Injectable } from '@nestjs/common';
import { Db } from 'mongodb';
import { TalentRdParticipantChecked } from '@app/contracts';
import { AggregateStore, MONGO_DB, OutboxSignal } from '@app/persistence';
import { answerRdParticipation, RD_PARTICIPANT_CHECKS, RdParticipantCheckDocument, RdParticipationJoinedEvent } from '@app/platform';
import { TALENT_PIPELINE_SOURCE } from '../shared/event-source';
import { StudentsService } from '../students/students.service';

/**
 * Confirms or refuses each student an R&D project names (ADR 0082), on
 * talent.rd-participant-check.v1: a student of the project's school is confirmed; an id no
 * student has, another school's student, or an erased student is refused with that reason.
 * Teachers are the secondment service's to answer.
 */
@Injectable()
export class RdParticipantChecksService {
  private readonly store: AggregateStore<RdParticipantCheckDocument>;

  constructor(
    @Inject(MONGO_DB) db: Db,
    signal: OutboxSignal,
    private readonly students: StudentsService,
  ) {
    this.store = new AggregateStore<RdParticipantCheckDocument>(db, RD_PARTICIPANT_CHECKS, signal);
  }

  async check(event: RdParticipationJoinedEvent): Promise<'answered' | 'duplicate' | 'not-ours'> {
    if (event.data.participantKind !== 'student') return 'not-ours';
    const { personId } = event.data;
    const student = await this.students.findById(personId);
    const person = student ? { schoolId: student.schoolId } : (await this.students.isErasingOrErased(personId)) ? 'erased' : null;
    return answerRdParticipation(
      this.store,
      // Students get their ids from this service at registration: an unknown id stays unknown, and is not kept.
      { kind: 'student', contract: TalentRdParticipantChecked, source: TALENT_PIPELINE_SOURCE, recheckUnknown: false },
      event,
      person,
    );
  }
}
