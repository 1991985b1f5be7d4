import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { Db, Filter } from 'mongodb';
import { OutgoingEvent } from '@app/messaging';
import { AggregateState, AggregateStore, MONGO_DB, OutboxSignal, WITHOUT_OUTBOX_BOOKKEEPING } from '@app/persistence';
import { SchoolRoster } from '../shared/school-roster';
import { SecondmentDocument } from './secondment.document';

export const SECONDMENTS = 'secondments';

/** What reports count of a secondment: ids, status, mentor, each log's hours and countersignature. */
const SUMMARY_FIELDS = {
  teacherId: 1,
  schoolId: 1,
  enterpriseId: 1,
  status: 1,
  mentor: 1,
  'logs.hours': 1,
  'logs.countersignedAt': 1,
} as const;
/** Summaries per page when a school's are read by schoolId (the roster's pages are its `$in` queries). */
const SUMMARY_PAGE = 250;
/** Ended secondments read per page by the repair pass (ADR 0084). */
const RELEASE_PAGE = 200;

/** What the recount of seats and bookings reads of a secondment (ADR 0084 addendum). */
export type SecondmentHold = Pick<SecondmentDocument, '_id' | 'status' | 'releasePending'>;

@Injectable()
export class SecondmentsRepository implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SecondmentsRepository.name);
  readonly store: AggregateStore<SecondmentDocument>;
  private readonly roster: SchoolRoster;

  constructor(@Inject(MONGO_DB) db: Db, signal: OutboxSignal) {
    this.store = new AggregateStore<SecondmentDocument>(db, SECONDMENTS, signal);
    this.roster = new SchoolRoster(db, SECONDMENTS);
  }

  async onModuleInit(): Promise<void> {
    await this.store.collection.createIndex({ teacherId: 1 });
    await this.store.collection.createIndex({ schoolId: 1 });
    await this.store.collection.createIndex({ enterpriseId: 1 });
    // Only ended secondments whose follow-up a crash interrupted (or is under way) carry it.
    await this.store.collection.createIndex({ releasePending: 1 }, { sparse: true });
    // The recount of a post's seats reads the post's secondments (ADR 0084 addendum).
    await this.store.collection.createIndex({ postId: 1 });
  }

  /** Rosters for secondments stored before they existed, in the background: until built, school reports read by schoolId. */
  onApplicationBootstrap(): void {
    this.roster.buildInBackground(this.logger);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.roster.settled();
  }

  /** The secondment on its school's roster first, then the secondment: a crash in between leaves only an id that resolves to nothing. */
  async insert(secondment: AggregateState<SecondmentDocument>, events: OutgoingEvent[]): Promise<void> {
    await this.roster.add(secondment.schoolId, secondment._id);
    await this.store.insert(secondment, events);
  }

  /**
   * A school's secondments, summarized, in id order, a page at a time (a school's report tallies
   * them as they come instead of holding 10,000): by primary key from the school's roster, by
   * schoolId until the rosters are built.
   */
  async summaryPagesOfSchool(schoolId: string): Promise<AsyncIterable<SecondmentSummary[]>> {
    return (await this.roster.pages<SecondmentSummary>(schoolId, SUMMARY_FIELDS)) ?? this.summaryPagesBySchoolId(schoolId);
  }

  private async *summaryPagesBySchoolId(schoolId: string): AsyncGenerator<SecondmentSummary[]> {
    const cursor = this.store.collection
      .find({ schoolId } as Filter<SecondmentDocument>, { projection: SUMMARY_FIELDS, batchSize: SUMMARY_PAGE })
      .sort({ _id: 1 });
    let page: SecondmentSummary[] = [];
    try {
      for await (const doc of cursor) {
        page.push(doc as unknown as SecondmentSummary);
        if (page.length === SUMMARY_PAGE) {
          yield page;
          page = [];
        }
      }
      if (page.length > 0) yield page;
    } finally {
      await cursor.close();
    }
  }

  find(
    filter: { teacherId?: string; schoolId?: string; enterpriseId?: string; status?: string; teacherIds?: string[]; postIds?: string[] },
    limit = 1000,
  ): Promise<SecondmentDocument[]> {
    const query: Record<string, unknown> = {};
    if (filter.teacherId) query.teacherId = filter.teacherId;
    if (filter.teacherIds) query.teacherId = { $in: filter.teacherIds };
    if (filter.schoolId) query.schoolId = filter.schoolId;
    if (filter.enterpriseId) query.enterpriseId = filter.enterpriseId;
    if (filter.postIds) query.postId = { $in: filter.postIds };
    if (filter.status) query.status = filter.status;
    return this.store.collection
      .find(query as Filter<SecondmentDocument>, { projection: WITHOUT_OUTBOX_BOOKKEEPING })
      .sort({ createdAt: 1 })
      .limit(limit)
      .toArray() as Promise<SecondmentDocument[]>;
  }

  /**
   * Ended secondments whose seat (and booking) may not be given back yet (ADR 0084), in id order, a
   * page at a time: all of them, or one post's.
   */
  releasePending(filter: { postId?: string }, afterId?: string, limit = RELEASE_PAGE): Promise<SecondmentDocument[]> {
    const query: Record<string, unknown> = { releasePending: true };
    if (filter.postId) query.postId = filter.postId;
    if (afterId) query._id = { $gt: afterId };
    return this.store.collection
      .find(query as Filter<SecondmentDocument>, { projection: WITHOUT_OUTBOX_BOOKKEEPING })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray() as Promise<SecondmentDocument[]>;
  }

  /**
   * What decides whether a secondment holds a seat or a booking (status, `releasePending`): the
   * secondments of one post, or those of these ids. Each is read once, as it is when read.
   */
  holdsOf(filter: { postId: string } | { ids: string[] }): Promise<SecondmentHold[]> {
    const query = 'postId' in filter ? { postId: filter.postId } : { _id: { $in: filter.ids } };
    return this.store.collection
      .find(query as Filter<SecondmentDocument>, { projection: { _id: 1, status: 1, releasePending: 1 } })
      .toArray() as Promise<SecondmentHold[]>;
  }

  /**
   * Clears `releasePending` once the ending's follow-up is done. Bookkeeping, not a state change:
   * the version stays, so no concurrent write (an evaluation of the completed secondment) conflicts
   * with it; only the ending's write ever sets it, once.
   */
  async releaseDone(id: string): Promise<void> {
    await this.store.collection.updateOne({ _id: id, releasePending: true } as Filter<SecondmentDocument>, {
      $unset: { releasePending: '' },
    });
  }

  /** Only what reports count (ids, status, mentor, each log's hours and countersignature): an enterprise's secondments stay small to read. */
  summaries(filter: { enterpriseId: string }, limit = 200_000): Promise<SecondmentSummary[]> {
    return this.store.collection
      .find({ enterpriseId: filter.enterpriseId } as Filter<SecondmentDocument>, { projection: SUMMARY_FIELDS })
      .limit(limit)
      .toArray() as unknown as Promise<SecondmentSummary[]>;
  }
}

export type SecondmentSummary = Pick<SecondmentDocument, '_id' | 'teacherId' | 'schoolId' | 'enterpriseId' | 'status' | 'mentor'> & {
  logs: { hours: number; countersignedAt?: string }[];
};
