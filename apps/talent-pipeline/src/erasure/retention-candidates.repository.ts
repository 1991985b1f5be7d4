import { Inject, Injectable } from '@nestjs/common';
import { Db } from 'mongodb';
import { MONGO_DB } from '@app/persistence';
import { PLACEMENTS, STUDENTS } from '../shared/collections';
import { StudentActivity } from './domain/retention';

const PAGE = 500;

interface StudentRow {
  _id: string;
  schoolId: string;
  registeredAt: Date;
  schoolTransfers?: { at: Date }[];
}

interface PlacementRow {
  studentId: string;
  status: string;
  history: { at: Date }[];
}

/**
 * Reads students (not yet erased) and their placements' statuses as a read model for the
 * retention sweep, with projections of its own (like reports and matching: read-only, see
 * docs/decisions/0035). One page of students at a time keeps memory flat.
 */
@Injectable()
export class RetentionCandidatesRepository {
  constructor(@Inject(MONGO_DB) private readonly db: Db) {}

  /** The next page of students after `afterId` (by id), each with its placements. */
  async page(afterId?: string): Promise<StudentActivity[]> {
    const students = await this.db
      .collection<StudentRow>(STUDENTS)
      .find(
        { erasedAt: { $exists: false }, ...(afterId ? { _id: { $gt: afterId } } : {}) },
        { projection: { _id: 1, schoolId: 1, registeredAt: 1, 'schoolTransfers.at': 1 } },
      )
      .sort({ _id: 1 })
      .limit(PAGE)
      .toArray();
    if (students.length === 0) return [];
    const placements = await this.db
      .collection<PlacementRow>(PLACEMENTS)
      .find({ studentId: { $in: students.map((s) => s._id) } }, { projection: { _id: 0, studentId: 1, status: 1, 'history.at': 1 } })
      .toArray();
    const byStudent = new Map<string, StudentActivity['placements']>();
    for (const p of placements) {
      const since = p.history.at(-1)?.at ?? new Date(0);
      byStudent.set(p.studentId, [...(byStudent.get(p.studentId) ?? []), { status: p.status, since }]);
    }
    return students.map((s) => ({
      studentId: s._id,
      schoolId: s.schoolId,
      registeredAt: s.registeredAt,
      ...(s.schoolTransfers?.length ? { movedAt: s.schoolTransfers.at(-1)!.at } : {}),
      placements: byStudent.get(s._id) ?? [],
    }));
  }
}
