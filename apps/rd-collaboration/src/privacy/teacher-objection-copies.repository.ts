import { Inject, Injectable } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { EventData, TeacherHostObjectionChanged } from '@app/contracts';
import { MONGO_DB } from '@app/persistence';
import { objectionChangeOrder } from './domain/teacher-objection';
import { keepNewestState, StateCopy } from './newest-state';

/**
 * The state of one teacher's host objection after the latest change seen
 * (secondment.teacher-privacy.v1), keyed by the teacher. Teachers only: no student is named.
 */
export type TeacherObjectionCopy = EventData<typeof TeacherHostObjectionChanged> & StateCopy;

@Injectable()
export class TeacherObjectionCopiesRepository {
  readonly objections: Collection<TeacherObjectionCopy>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.objections = db.collection<TeacherObjectionCopy>('teacher_objection_copies');
  }

  /** Keeps the teacher's state after the latest change, whatever order the changes arrive in. */
  save(change: EventData<typeof TeacherHostObjectionChanged>): Promise<'saved' | 'stale'> {
    return keepNewestState(this.objections, { ...change, _id: change.teacherId, changedAtMs: objectionChangeOrder(change.changedAt) });
  }

  /** Of these teachers, those objecting now: one read by primary key for a whole response. */
  async objectingAmong(teacherIds: string[]): Promise<Set<string>> {
    if (teacherIds.length === 0) return new Set();
    const found = await this.objections.find({ _id: { $in: teacherIds }, objecting: true }, { projection: { _id: 1 } }).toArray();
    return new Set(found.map((copy) => copy._id));
  }
}
