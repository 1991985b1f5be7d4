import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db, Filter } from 'mongodb';
import { MONGO_DB } from '@app/persistence';
import { AccessLogEntryDocument } from './access-log-entry.document';

export const OPERATOR_ACCESS_LOG = 'operator_access_log';

export interface AccessLogFilter {
  studentId?: string;
  teacherId?: string;
  operatorId?: string;
  from?: Date;
  to?: Date;
  limit: number;
}

/** Append-only: inserts and reads, nothing else. */
@Injectable()
export class AccessLogRepository implements OnModuleInit {
  private readonly entries: Collection<AccessLogEntryDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.entries = db.collection<AccessLogEntryDocument>(OPERATOR_ACCESS_LOG);
  }

  async onModuleInit(): Promise<void> {
    await this.entries.createIndex({ studentIds: 1, at: -1 });
    await this.entries.createIndex({ teacherIds: 1, at: -1 });
    await this.entries.createIndex({ operatorId: 1, at: -1 });
    await this.entries.createIndex({ at: -1 });
  }

  async append(entry: AccessLogEntryDocument): Promise<void> {
    await this.entries.insertOne(entry);
  }

  /**
   * A student's erasure where the service replaces the student's id by a pseudonym: the entries
   * stay (who read what, GDPR Art. 5(2)) with the id replaced in `studentIds` and in `path`.
   * Returns how many entries changed.
   */
  async replaceStudentId(studentId: string, pseudonym: string): Promise<number> {
    const entries = await this.entries.find({ $or: [{ studentIds: studentId }, { path: { $regex: escapeRegex(studentId) } }] }).toArray();
    for (const entry of entries) {
      await this.entries.updateOne(
        { _id: entry._id },
        {
          $set: {
            studentIds: entry.studentIds.map((id) => (id === studentId ? pseudonym : id)),
            path: entry.path.split(studentId).join(pseudonym),
          },
        },
      );
    }
    return entries.length;
  }

  countForStudent(studentId: string): Promise<number> {
    return this.entries.countDocuments({ $or: [{ studentIds: studentId }, { path: { $regex: escapeRegex(studentId) } }] });
  }

  /** Newest first; `from` included, `to` excluded. */
  find(filter: AccessLogFilter): Promise<AccessLogEntryDocument[]> {
    const query: Filter<AccessLogEntryDocument> = {};
    if (filter.studentId) query.studentIds = filter.studentId;
    if (filter.teacherId) query.teacherIds = filter.teacherId;
    if (filter.operatorId) query.operatorId = filter.operatorId;
    if (filter.from || filter.to) query.at = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
    return this.entries.find(query).sort({ at: -1, _id: -1 }).limit(filter.limit).toArray();
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
