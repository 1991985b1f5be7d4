import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Db } from 'mongodb';
import { SecondmentRdParticipantChecked } from '@app/contracts';
import { AggregateStore, MONGO_DB, OutboxSignal } from '@app/persistence';
import {
  answerRdParticipation,
  RD_PARTICIPANT_CHECKS,
  RdParticipantCheckDocument,
  RdParticipantOwner,
  RdParticipationJoinedEvent,
  recheckUnknownPerson,
} from '@app/platform';
import { SECONDMENT_SOURCE } from '../shared/event-source';
import { PracticeSignal } from '../shared/practice-signal';
import { TeachersService } from '../teachers/teachers.service';

/**
 * Confirms or refuses each teacher an R&D project names (ADR 0082): a registered teacher of the
 * project's school is confirmed; an id no teacher has, or another school's teacher, is refused,
 * on secondment.rd-participant-check.v1. Students are the talent pipeline's to answer.
 * A school may name a teacher before registering them (their R&D hours wait for the
 * registration, ADR 0024): the registration answers the refused participation again.
 */
@Injectable()
export class RdParticipantChecksService implements OnModuleInit {
  private readonly logger = new Logger(RdParticipantChecksService.name);
  private readonly store: AggregateStore<RdParticipantCheckDocument>;
  private readonly owner: RdParticipantOwner = {
    kind: 'teacher',
    contract: SecondmentRdParticipantChecked,
    source: SECONDMENT_SOURCE,
    recheckUnknown: true,
  };

  constructor(
    @Inject(MONGO_DB) db: Db,
    signal: OutboxSignal,
    private readonly teachers: TeachersService,
    private readonly practice: PracticeSignal,
  ) {
    this.store = new AggregateStore<RdParticipantCheckDocument>(db, RD_PARTICIPANT_CHECKS, signal);
  }

  async onModuleInit(): Promise<void> {
    await this.store.collection.createIndex({ unknownPersonId: 1 }, { sparse: true });
    // Registration signals the teacher's first compliance answer; a cheap indexed lookup on every signal.
    this.practice.onChange((teacherId) => {
      this.recheck(teacherId).catch((error: Error) => this.logger.warn(`recheck of R&D participations of ${teacherId}: ${error.message}`));
    });
  }

  /** Participations refused while no teacher had this id, answered again now that one may. */
  async recheck(teacherId: string): Promise<number> {
    const teacher = await this.teachers.findById(teacherId);
    return recheckUnknownPerson(this.store, this.owner, teacherId, teacher ? { schoolId: teacher.schoolId } : null);
  }

  async check(event: RdParticipationJoinedEvent): Promise<'answered' | 'duplicate' | 'not-ours'> {
    if (event.data.participantKind !== 'teacher') return 'not-ours';
    // Teachers are not erased in this service (erasure concerns students), so a teacher is known or not.
    const teacher = await this.teachers.findById(event.data.personId);
    return answerRdParticipation(this.store, this.owner, event, teacher ? { schoolId: teacher.schoolId } : null);
  }
}
