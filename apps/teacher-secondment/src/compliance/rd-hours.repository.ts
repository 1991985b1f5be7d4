import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { insertOnce, MONGO_DB } from '@app/persistence';

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
  /** One document per teacher id that R&D hours arrived for before the teacher was registered. */
  private readonly awaiting: Collection<{ _id: string; since: Date }>;
  /**
   * The entryIds of hours withdrawn with a participation entered in error (no person in them):
   * kept so a replayed or late `rd.participation.hours-logged.v1` of one is never credited again.
   */
  private readonly withdrawn: Collection<{ _id: string; withdrawnAt: Date }>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.entries = db.collection<RdHoursDocument>('rd_hours');
    this.awaiting = db.collection('rd_hours_awaiting_teacher');
    this.withdrawn = db.collection('rd_hours_withdrawn');
  }

  async onModuleInit(): Promise<void> {
    await this.entries.createIndex({ teacherId: 1 });
  }

  /** Notes that hours for this teacher id wait for the teacher's registration. */
  async markAwaitingTeacher(teacherId: string): Promise<void> {
    await this.awaiting.updateOne({ _id: teacherId }, { $setOnInsert: { since: new Date() } }, { upsert: true });
  }

  /** A lookup by id in a collection that only holds not-yet-registered teachers: cheap enough for every recompute. */
  async isAwaitingTeacher(teacherId: string): Promise<boolean> {
    return (await this.awaiting.findOne({ _id: teacherId }, { projection: { _id: 1 } })) !== null;
  }

  async clearAwaitingTeacher(teacherId: string): Promise<void> {
    await this.awaiting.deleteOne({ _id: teacherId });
  }

  /** Every entry stored for the teacher (kept here even while the teacher is not registered), a page at a time by entryId. */
  async *pagesOfTeacher(teacherId: string, pageSize = 1000): AsyncGenerator<RdHoursDocument[]> {
    let after: string | undefined;
    for (;;) {
      const page = await this.entries
        .find({ teacherId, ...(after !== undefined ? { _id: { $gt: after } } : {}) })
        .sort({ _id: 1 })
        .limit(pageSize)
        .toArray();
      if (page.length) yield page;
      if (page.length < pageSize) return;
      after = page.at(-1)!._id;
    }
  }

  /** Every teacher id that R&D hours were stored for, registered or not. */
  async teacherIds(): Promise<string[]> {
    return (await this.entries.distinct('teacherId')).sort();
  }

  /** Marks the entries withdrawn (first, so nothing credits them again), then forgets them. */
  async withdraw(entryIds: string[], at: Date): Promise<void> {
    if (!entryIds.length) return;
    await this.withdrawn.bulkWrite(
      entryIds.map((_id) => ({ updateOne: { filter: { _id }, update: { $setOnInsert: { withdrawnAt: at } }, upsert: true } })),
      { ordered: false },
    );
    await this.entries.deleteMany({ _id: { $in: entryIds } });
  }

  /** Which of these entryIds were withdrawn. */
  async withdrawnAmong(entryIds: string[]): Promise<string[]> {
    if (!entryIds.length) return [];
    return (await this.withdrawn.find({ _id: { $in: entryIds } }, { projection: { _id: 1 } }).toArray()).map((w) => w._id);
  }

  async isWithdrawn(entryId: string): Promise<boolean> {
    return (await this.withdrawn.findOne({ _id: entryId }, { projection: { _id: 1 } })) !== null;
  }

  /** Stores the entry unless its entryId is known; true when it was new. */
  async insertIfNew(entry: RdHoursDocument): Promise<boolean> {
    return insertOnce(this.entries, entry);
  }
}
