import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { MONGO_DB } from '@app/persistence';
import { STUDENTS } from '../shared/collections';
import { StudentDocument } from '../students/student.document';
import { CandidateProfile, DatePeriod } from './domain/rank-candidates';

type CandidateFields = Pick<StudentDocument, '_id' | 'schoolId' | 'programme' | 'cohort' | 'skills' | 'availability'>;

/**
 * Documents per cursor batch: the driver holds one batch (raw and decoded) at a time, so a
 * 10,000-student school network costs a few hundred KiB in flight instead of every profile at
 * once (docs/decisions/0056-memory-budget.md).
 */
export const CANDIDATE_BATCH_SIZE = 500;

/** Neither erased nor being erased: a student whose erasure has started is no candidate any more. */
const NOT_ERASED = { erasedAt: { $exists: false }, erasureStartedAt: { $exists: false } } as const;

const CANDIDATE_FIELDS = { _id: 1, schoolId: 1, programme: 1, cohort: 1, skills: 1, availability: 1 } as const;

/**
 * Reads students as matching candidates: one query, only the fields ranking needs (no names),
 * narrowed by school and by availability overlapping the period, streamed in batches of
 * CANDIDATE_BATCH_SIZE so the caller can rank and drop each profile as it comes.
 */
@Injectable()
export class CandidateProfilesRepository implements OnModuleInit {
  private readonly students: Collection<StudentDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.students = db.collection<StudentDocument>(STUDENTS);
  }

  async onModuleInit(): Promise<void> {
    await this.students.createIndex({ schoolId: 1 });
  }

  async *streamAvailable(schoolIds: readonly string[], period: DatePeriod): AsyncGenerator<CandidateProfile> {
    if (schoolIds.length === 0) return;
    const cursor = this.students
      .find(
        {
          schoolId: { $in: [...schoolIds] },
          // YYYY-MM-DD strings order like the dates they name.
          'availability.from': { $lte: period.to },
          'availability.to': { $gte: period.from },
          ...NOT_ERASED,
        },
        {
          projection: CANDIDATE_FIELDS,
          batchSize: CANDIDATE_BATCH_SIZE,
        },
      )
      .map((doc) => doc as CandidateFields);
    try {
      for await (const row of cursor) yield candidateOf(row);
    } finally {
      await cursor.close();
    }
  }

  /** Every student not erased, as a candidate whatever the school or period: the matching pool's full load. */
  async *streamAll(): AsyncGenerator<CandidateProfile> {
    const cursor = this.students.find(NOT_ERASED, { projection: CANDIDATE_FIELDS, batchSize: CANDIDATE_BATCH_SIZE });
    try {
      for await (const row of cursor) yield candidateOf(row as CandidateFields);
    } finally {
      await cursor.close();
    }
  }

  /** These students as candidates, as stored now (by primary key); erased or unknown ones are absent. */
  async findByIds(ids: readonly string[]): Promise<CandidateProfile[]> {
    if (ids.length === 0) return [];
    const rows = await this.students.find({ _id: { $in: [...ids] }, ...NOT_ERASED }, { projection: CANDIDATE_FIELDS }).toArray();
    return rows.map((row) => candidateOf(row as CandidateFields));
  }
}

/** The candidate's fields from a stored student. */
function candidateOf(row: CandidateFields): CandidateProfile {
  return {
    studentId: row._id,
    schoolId: row.schoolId,
    programme: row.programme,
    cohort: row.cohort,
    skills: row.skills ?? [],
    availability: row.availability,
  };
}
