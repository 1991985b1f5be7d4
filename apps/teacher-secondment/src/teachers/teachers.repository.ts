import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { Db, Filter } from 'mongodb';
import { AggregateState, AggregateStore, MONGO_DB, OutboxSignal, WITHOUT_OUTBOX_BOOKKEEPING } from '@app/persistence';
import { SchoolRoster } from '../shared/school-roster';
import { SchoolTeacher, TeacherDocument } from './teacher.document';

export const TEACHERS = 'teachers';

/** What a school's compliance answers read of each teacher (the practice copy without completions and deliverables, no bookings, no outbox). */
const SCHOOL_TEACHER_FIELDS = {
  schoolId: 1,
  jurisdiction: 1,
  displayName: 1,
  subject: 1,
  professionalCourse: 1,
  hireDate: 1,
  priorEnterpriseExperienceMonths: 1,
  'practice.hours': 1,
  'practice.periods': 1,
  rdHours: 1,
} as const;
/** What the check of a teacher's bookings reads (ADR 0084 addendum). */
export type TeacherBookings = Pick<TeacherDocument, '_id' | 'version' | 'bookings'>;

/** A short page is the last one: without an index on schoolId (the local stand-in) each page is a full scan. */
const PAGE = 2000;

@Injectable()
export class TeachersRepository implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(TeachersRepository.name);
  readonly store: AggregateStore<TeacherDocument>;
  private readonly roster: SchoolRoster;

  constructor(@Inject(MONGO_DB) db: Db, signal: OutboxSignal) {
    this.store = new AggregateStore<TeacherDocument>(db, TEACHERS, signal);
    this.roster = new SchoolRoster(db, TEACHERS);
  }

  async onModuleInit(): Promise<void> {
    await this.store.collection.createIndex({ schoolId: 1 });
    // Teachers booked since their bookings were last checked (and every teacher from before it): what the repair pass reads.
    await this.store.collection.createIndex({ bookingsChecked: 1 });
  }

  /** Teachers whose bookings the repair pass checks, in id order, a page at a time (ADR 0084 addendum). */
  bookingsToCheck(afterId: string | undefined, limit: number, ids?: string[]): Promise<TeacherBookings[]> {
    const query: Record<string, unknown> = { bookingsChecked: { $ne: true } };
    if (ids) query._id = { $in: ids };
    else if (afterId) query._id = { $gt: afterId };
    return this.store.collection
      .find(query as Filter<TeacherDocument>, { projection: { _id: 1, version: 1, bookings: 1 } })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray() as Promise<TeacherBookings[]>;
  }

  /**
   * Bookkeeping of the repair pass at the version read, no version bump (nothing a teacher's
   * answer or event shows): the bookings dated, or the teacher's bookings marked checked. False:
   * the teacher changed since.
   */
  async noteBookings(read: Pick<TeacherDocument, '_id' | 'version'>, set: Pick<TeacherDocument, 'bookings'> | { bookingsChecked: true }) {
    const result = await this.store.collection.updateOne({ _id: read._id, version: read.version } as Filter<TeacherDocument>, {
      $set: set as Partial<TeacherDocument>,
    });
    return result.matchedCount === 1;
  }

  /** Rosters for teachers stored before they existed, in the background: until built, reports read by schoolId. */
  onApplicationBootstrap(): void {
    this.roster.buildInBackground(this.logger);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.roster.settled();
  }

  /** The teacher on its school's roster first, then the teacher: a crash in between leaves only an id that resolves to nothing. */
  async insert(teacher: AggregateState<TeacherDocument>): Promise<void> {
    await this.roster.add(teacher.schoolId, teacher._id);
    await this.store.insert(teacher);
  }

  /**
   * Every teacher of a school, in id order, with what compliance answers read, a page at a time (by
   * primary key from the school's roster), so a caller that judges them one by one holds a page of
   * practice copies, not the school's (docs/decisions/0056-memory-budget.md).
   */
  async pagesOfSchool(schoolId: string): Promise<AsyncIterable<SchoolTeacher[]>> {
    return (await this.roster.pages<SchoolTeacher>(schoolId, SCHOOL_TEACHER_FIELDS)) ?? this.pagesBySchoolId(schoolId);
  }

  /** Before the rosters are built: by the schoolId index (a full scan per page on the stand-in). */
  private async *pagesBySchoolId(schoolId: string): AsyncGenerator<SchoolTeacher[]> {
    for (let page = await this.schoolPage(schoolId); page.length; page = page.length < PAGE ? [] : await this.schoolPage(schoolId, page)) {
      yield page;
    }
  }

  find(filter: { schoolId?: string }, limit = 1000, afterId?: string): Promise<TeacherDocument[]> {
    const query: Record<string, unknown> = {};
    if (filter.schoolId) query.schoolId = filter.schoolId;
    if (afterId) query._id = { $gt: afterId };
    return this.store.collection
      .find(query as Filter<TeacherDocument>, { projection: WITHOUT_OUTBOX_BOOKKEEPING })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray() as Promise<TeacherDocument[]>;
  }

  /** Of these ids, those of registered teachers, each with the teacher's school: one query. */
  async schoolsOf(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const found = await this.store.collection
      .find({ _id: { $in: ids } } as Filter<TeacherDocument>, { projection: { _id: 1, schoolId: 1 } })
      .toArray();
    return new Map(found.map((teacher) => [teacher._id, teacher.schoolId]));
  }

  /** Of these teachers, the ones objecting to host enterprises reading their finished secondments (ADR 0077). */
  async objectingToHosts(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const objecting = await this.store.collection
      .find({ _id: { $in: ids }, 'hostObjection.since': { $exists: true } } as Filter<TeacherDocument>, { projection: { _id: 1 } })
      .toArray();
    return new Set(objecting.map((teacher) => teacher._id));
  }

  /** Before the rosters are built: a page of the school's teachers by the schoolId index (a full scan on the stand-in). */
  private schoolPage(schoolId: string, after?: SchoolTeacher[]): Promise<SchoolTeacher[]> {
    const query: Record<string, unknown> = { schoolId };
    if (after) query._id = { $gt: after[after.length - 1]._id };
    return this.store.collection
      .find(query as Filter<TeacherDocument>, { projection: SCHOOL_TEACHER_FIELDS })
      .sort({ _id: 1 })
      .limit(PAGE)
      .toArray() as Promise<SchoolTeacher[]>;
  }
}
