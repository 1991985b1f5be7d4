import { Inject, Injectable } from '@nestjs/common';
import { Collection, Db, MongoServerError } from 'mongodb';
import { EventData, TeacherHostObjectionChanged } from '@app/contracts';
import { MONGO_DB } from '@app/persistence';
import { objectionChangeOrder } from './domain/teacher-objection';

/**
 * The state of one teacher's host objection after the latest change seen
 * (secondment.teacher-privacy.v1), keyed by the teacher. Teachers only: no student is named.
 */
export type TeacherObjectionCopy = EventData<typeof TeacherHostObjectionChanged> & {
  _id: string;
  /** `changedAt` as epoch ms: the order of changes, whatever the timestamp's precision. */
  changedAtMs: number;
};

@Injectable()
export class TeacherObjectionCopiesRepository {
  readonly objections: Collection<TeacherObjectionCopy>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.objections = db.collection<TeacherObjectionCopy>('teacher_objection_copies');
  }

  /**
   * Keeps the state after the latest change: a replace only over an older state, an insert when
   * none is kept. An older or repeated change matches nothing and its insert hits the existing
   * id: nothing changes, in whatever order the changes arrive.
   */
  async save(change: EventData<typeof TeacherHostObjectionChanged>): Promise<'saved' | 'stale'> {
    const copy: TeacherObjectionCopy = { ...change, _id: change.teacherId, changedAtMs: objectionChangeOrder(change.changedAt) };
    const replaced = await this.objections.replaceOne({ _id: copy._id, changedAtMs: { $lt: copy.changedAtMs } }, copy);
    if (replaced.matchedCount === 1) return 'saved';
    try {
      await this.objections.insertOne(copy);
      return 'saved';
    } catch (error) {
      if (error instanceof MongoServerError && error.code === 11000) return 'stale';
      throw error;
    }
  }

  /** Of these teachers, those objecting now: one read by primary key for a whole response. */
  async objectingAmong(teacherIds: string[]): Promise<Set<string>> {
    if (teacherIds.length === 0) return new Set();
    const found = await this.objections.find({ _id: { $in: teacherIds }, objecting: true }, { projection: { _id: 1 } }).toArray();
    return new Set(found.map((copy) => copy._id));
  }
}
