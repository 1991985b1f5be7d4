import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { HrOpenIdentifier } from '@app/contracts';
import { MONGO_DB } from '@app/persistence/persistence.module';
import { StudentDocument } from './student.document';

@Injectable()
export class StudentsRepository implements OnModuleInit {
  private readonly students: Collection<StudentDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.students = db.collection<StudentDocument>('students');
  }

  async onModuleInit(): Promise<void> {
    await this.students.createIndex({ 'externalIds.schemeId': 1, 'externalIds.value': 1 });
  }

  async insert(student: StudentDocument): Promise<void> {
    await this.students.insertOne(student);
  }

  findById(id: string): Promise<StudentDocument | null> {
    return this.students.findOne({ _id: id });
  }

  /** Students matching any of the identifiers (same scheme and value). */
  findByExternalIds(ids: HrOpenIdentifier[]): Promise<StudentDocument[]> {
    return this.students
      .find({ $or: ids.map((id) => ({ externalIds: { $elemMatch: { schemeId: id.schemeId, value: id.value } } })) })
      .limit(10)
      .toArray();
  }
}
