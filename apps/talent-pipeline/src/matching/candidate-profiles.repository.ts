import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { MONGO_DB } from '@app/persistence';
import { STUDENTS } from '../shared/collections';
import { StudentDocument } from '../students/student.document';
import { CandidateProfile, DatePeriod } from './domain/rank-candidates';

type CandidateFields = Pick<StudentDocument, '_id' | 'schoolId' | 'programme' | 'cohort' | 'skills' | 'availability'>;

/**
 * Reads students as matching candidates: one query, only the fields ranking needs (no names),
 * narrowed by school and by availability overlapping the period, so thousands of students
 * cost one round trip and little memory.
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

  async findAvailable(schoolIds: readonly string[], period: DatePeriod): Promise<CandidateProfile[]> {
    if (schoolIds.length === 0) return [];
    const rows = (await this.students
      .find(
        {
          schoolId: { $in: [...schoolIds] },
          // YYYY-MM-DD strings order like the dates they name.
          'availability.from': { $lte: period.to },
          'availability.to': { $gte: period.from },
        },
        { projection: { _id: 1, schoolId: 1, programme: 1, cohort: 1, skills: 1, availability: 1 } },
      )
      .toArray()) as CandidateFields[];
    return rows.map((row) => ({
      studentId: row._id,
      schoolId: row.schoolId,
      programme: row.programme,
      cohort: row.cohort,
      skills: row.skills ?? [],
      availability: row.availability,
    }));
  }
}
