import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Db } from 'mongodb';
import { APP_CONFIG, RepeatingTask, startRepeatingTask } from '@app/base';
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
import { TeacherSecondmentConfig } from '../config/teacher-secondment.config';
import { SECONDMENT_SOURCE } from '../shared/event-source';
import { PracticeSignal } from '../shared/practice-signal';
import { TeachersService } from '../teachers/teachers.service';

/** Unknown ids looked up in one query by the repair pass. */
const REPAIR_BATCH = 500;

/**
 * Confirms or refuses each teacher an R&D project names (ADR 0082): a registered teacher of the
 * project's school is confirmed; an id no teacher has, or another school's teacher, is refused,
 * on secondment.rd-participant-check.v1. Students are the talent pipeline's to answer.
 * A school may name a teacher before registering them (their R&D hours wait for the
 * registration, ADR 0024): the registration answers the refused participation again, and a
 * periodic pass (with the compliance sweep's period) answers those a crash kept the registration
 * from answering.
 */
@Injectable()
export class RdParticipantChecksService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RdParticipantChecksService.name);
  private readonly store: AggregateStore<RdParticipantCheckDocument>;
  private readonly owner: RdParticipantOwner = {
    kind: 'teacher',
    contract: SecondmentRdParticipantChecked,
    source: SECONDMENT_SOURCE,
    recheckUnknown: true,
  };
  private repair?: RepeatingTask;

  constructor(
    @Inject(MONGO_DB) db: Db,
    signal: OutboxSignal,
    private readonly teachers: TeachersService,
    private readonly practice: PracticeSignal,
    @Inject(APP_CONFIG) private readonly config: TeacherSecondmentConfig,
  ) {
    this.store = new AggregateStore<RdParticipantCheckDocument>(db, RD_PARTICIPANT_CHECKS, signal);
  }

  async onModuleInit(): Promise<void> {
    await this.store.collection.createIndex({ unknownPersonId: 1 }, { sparse: true });
    // Registration signals the teacher's first compliance answer; a cheap indexed lookup on every signal.
    this.practice.onChange((teacherId) => {
      this.recheck(teacherId).catch((error: Error) => this.logger.warn(`recheck of R&D participations of ${teacherId}: ${error.message}`));
    });
    // The recheck above runs in process after the registration's write: a crash in between is repaired here.
    this.repair = startRepeatingTask({
      name: 'R&D recheck repair',
      everyMs: this.config.COMPLIANCE_SWEEP_MS,
      firstAfterMs: this.config.COMPLIANCE_SWEEP_ON_START ? 5_000 : undefined,
      run: () => this.recheckRegisteredSince(),
      logger: this.logger,
    });
  }

  onApplicationShutdown(): void {
    this.repair?.stop();
  }

  /**
   * The repair of a registration whose recheck a crash lost: every id participations were
   * refused as unknown for that now names a registered teacher is answered again (recheck).
   * Idempotent, and safe on several replicas at once (each answer is one versioned write with its
   * event, skipped once the id is no longer unknown). Returns how many participations it answered.
   */
  async recheckRegisteredSince(): Promise<number> {
    const unknownIds = (await this.store.collection.distinct('unknownPersonId', { unknownPersonId: { $type: 'string' } })) as string[];
    let answered = 0;
    // One read per batch of ids, not one per id: most ids never name a teacher of this service.
    for (let from = 0; from < unknownIds.length; from += REPAIR_BATCH) {
      const registered = await this.teachers.schoolsOf(unknownIds.slice(from, from + REPAIR_BATCH));
      for (const [teacherId, schoolId] of registered)
        answered += await recheckUnknownPerson(this.store, this.owner, teacherId, { schoolId });
    }
    if (answered) this.logger.log(`answered ${answered} R&D participation(s) of teachers registered since they were refused`);
    return answered;
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
