import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db, Filter } from 'mongodb';
import { MONGO_DB } from '@app/persistence';
import { AccessLogEntryDocument } from './access-log-entry.document';

export interface AccessLogFilter {
  studentId?: string;
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
    this.entries = db.collection<AccessLogEntryDocument>('operator_access_log');
  }

  async onModuleInit(): Promise<void> {
    await this.entries.createIndex({ studentIds: 1, at: -1 });
    await this.entries.createIndex({ operatorId: 1, at: -1 });
    await this.entries.createIndex({ at: -1 });
  }

  async append(entry: AccessLogEntryDocument): Promise<void> {
    await this.entries.insertOne(entry);
  }

  /** Newest first; `from` included, `to` excluded. */
  find(filter: AccessLogFilter): Promise<AccessLogEntryDocument[]> {
    const query: Filter<AccessLogEntryDocument> = {};
    if (filter.studentId) query.studentIds = filter.studentId;
    if (filter.operatorId) query.operatorId = filter.operatorId;
    if (filter.from || filter.to) query.at = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
    return this.entries.find(query).sort({ at: -1, _id: -1 }).limit(filter.limit).toArray();
  }
}
