import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db, MongoServerError } from 'mongodb';
import { MONGO_DB } from '@app/persistence';
import { AttendanceEntryData } from './domain/attendance';

export const PLACEMENT_ATTENDANCE = 'placement_attendance';

export interface AttendanceEntryDocument extends AttendanceEntryData {
  /** `<placementId>:<Idempotency-Key>` when the client sent one, so a retry hits the same id. */
  _id: string;
  placementId: string;
  idempotencyKey?: string;
  recordedBy: string;
  recordedAt: Date;
}

@Injectable()
export class PlacementAttendanceRepository implements OnModuleInit {
  private readonly entries: Collection<AttendanceEntryDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.entries = db.collection<AttendanceEntryDocument>(PLACEMENT_ATTENDANCE);
  }

  async onModuleInit(): Promise<void> {
    await this.entries.createIndex({ placementId: 1, date: 1 });
  }

  /** Inserts the entry, or returns the one already stored under the same id (a retried request). */
  async insertOnce(entry: AttendanceEntryDocument): Promise<{ entry: AttendanceEntryDocument; replayed: boolean }> {
    try {
      await this.entries.insertOne(entry);
      return { entry, replayed: false };
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === 11000)) throw error;
      const existing = await this.entries.findOne({ _id: entry._id });
      if (!existing) throw error;
      return { entry: existing, replayed: true };
    }
  }

  findById(id: string): Promise<AttendanceEntryDocument | null> {
    return this.entries.findOne({ _id: id });
  }

  /** Removes the free-text notes of these placements' entries (a student's erasure); hours and statuses stay. */
  async eraseNotes(placementIds: string[]): Promise<number> {
    if (placementIds.length === 0) return 0;
    const result = await this.entries.updateMany({ placementId: { $in: placementIds }, note: { $exists: true } }, { $unset: { note: '' } });
    return result.modifiedCount;
  }

  forPlacement(placementId: string): Promise<AttendanceEntryDocument[]> {
    return this.entries.find({ placementId }).sort({ date: 1, recordedAt: 1 }).toArray();
  }
}
