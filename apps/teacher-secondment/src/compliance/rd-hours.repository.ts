import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db, MongoServerError } from 'mongodb';
import { MONGO_DB } from '@app/persistence';

export interface RdHoursDocument {
  /** The R&D service's entryId: the dedupe key, so a redelivered or replayed entry is credited once. */
  _id: string;
  teacherId: string;
  schoolId: string;
  enterpriseId: string;
  projectId: string;
  date: string;
  hours: number;
  activity: string;
  fromEvent: string;
  receivedAt: Date;
}

@Injectable()
export class RdHoursRepository implements OnModuleInit {
  private readonly entries: Collection<RdHoursDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.entries = db.collection<RdHoursDocument>('rd_hours');
  }

  async onModuleInit(): Promise<void> {
    await this.entries.createIndex({ teacherId: 1 });
  }

  /** Stores the entry unless its entryId is known; true when it was new. */
  async insertIfNew(entry: RdHoursDocument): Promise<boolean> {
    try {
      await this.entries.insertOne(entry);
      return true;
    } catch (error) {
      if (error instanceof MongoServerError && error.code === 11000) return false;
      throw error;
    }
  }
}
