import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db, Filter } from 'mongodb';
import {
  acquireLease,
  AggregateStore,
  ChangeLog,
  LeaseDocument,
  OutboxSignal,
  MONGO_DB,
  releaseLease,
  WITHOUT_OUTBOX_BOOKKEEPING,
} from '@app/persistence';
import { PLACEMENTS } from '../shared/collections';
import { NewestFirstPosition } from '../shared/newest-first-cursor';
import { PlacementStatus } from './domain/placement-lifecycle';
import { ScheduledStepKind } from './domain/scheduled-step';
import { PlacementDocument } from './placement.document';

export { PLACEMENTS };

export interface PlacementFilter {
  schoolId?: string;
  enterpriseId?: string;
  studentId?: string;
  requisitionId?: string;
  status?: PlacementStatus;
}

/** Statuses in which a placement takes up one of its requisition's headcount. */
const STAFFING_STATUSES = ['accepted', 'active', 'completed', 'hired'] as const;

@Injectable()
export class PlacementsRepository implements OnModuleInit {
  readonly store: AggregateStore<PlacementDocument>;
  private readonly leases: Collection<LeaseDocument>;

  constructor(@Inject(MONGO_DB) db: Db, signal: OutboxSignal, changes: ChangeLog) {
    // Every placement write is recorded in the change log: the report pools follow it (ADR 0060).
    this.store = new AggregateStore<PlacementDocument>(db, PLACEMENTS, signal, changes);
    this.leases = db.collection<LeaseDocument>('leases');
  }

  async onModuleInit(): Promise<void> {
    await this.store.collection.createIndex({ studentId: 1, enterpriseId: 1 });
    await this.store.collection.createIndex({ requisitionId: 1 }, { sparse: true });
    await this.store.collection.createIndex({ enterpriseId: 1, createdAt: -1 });
    await this.store.collection.createIndex({ schoolId: 1, createdAt: -1 });
    // The scheduler's queries: only placements with an ERP step waiting have the fields.
    await this.store.collection.createIndex({ 'scheduledEnd.dueOn': 1 });
    await this.store.collection.createIndex({ 'scheduledStart.dueOn': 1 });
  }

  /** Placements whose scheduled step of `kind` is due on `today` (dueOn <= today), by id after `afterId`. */
  dueScheduledSteps(kind: ScheduledStepKind, today: string, limit: number, afterId?: string): Promise<PlacementDocument[]> {
    const query: Filter<PlacementDocument> = { [kind === 'start' ? 'scheduledStart.dueOn' : 'scheduledEnd.dueOn']: { $lte: today } };
    if (afterId !== undefined) query._id = { $gt: afterId };
    return this.store.collection.find(query, { projection: WITHOUT_OUTBOX_BOOKKEEPING }).sort({ _id: 1 }).limit(limit).toArray() as Promise<
      PlacementDocument[]
    >;
  }

  /** The lease of a singleton job over placements (one replica at a time), as the other schedulers take theirs. */
  acquireLease(name: string, holder: string, ms: number): Promise<boolean> {
    return acquireLease(this.leases, name, holder, ms);
  }

  releaseLease(name: string, holder: string): Promise<void> {
    return releaseLease(this.leases, name, holder);
  }

  /** The ids of the student's placements in one of `statuses`. */
  async idsOfStudentIn(studentId: string, statuses: readonly PlacementStatus[]): Promise<string[]> {
    const rows = await this.store.collection.find({ studentId, status: { $in: [...statuses] } }, { projection: { _id: 1 } }).toArray();
    return rows.map((row) => row._id);
  }

  /** Newest first, without outbox or dedupe bookkeeping; `before` continues a previous page. */
  list(filter: PlacementFilter, page: { limit: number; before?: NewestFirstPosition }): Promise<PlacementDocument[]> {
    // Only the filters given (an undefined value would match documents without the field).
    const query: Filter<PlacementDocument> = Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
    if (page.before) {
      query.$or = [{ createdAt: { $lt: page.before.createdAt } }, { createdAt: page.before.createdAt, _id: { $lt: page.before.id } }];
    }
    return this.store.collection
      .find(query, { projection: WITHOUT_OUTBOX_BOOKKEEPING })
      .sort({ createdAt: -1, _id: -1 })
      .limit(page.limit)
      .toArray() as Promise<PlacementDocument[]>;
  }

  /** How many placements proposed for a requisition have been accepted (or gone further). */
  countStaffing(requisitionId: string): Promise<number> {
    return this.store.collection.countDocuments({ requisitionId, status: { $in: [...STAFFING_STATUSES] } });
  }

  findByIds(ids: string[]): Promise<PlacementDocument[]> {
    return this.store.collection.find({ _id: { $in: ids } }).toArray() as Promise<PlacementDocument[]>;
  }

  /** The student's most recent placements at an enterprise, newest first. */
  findForStudentAtEnterprise(studentId: string, enterpriseId: string): Promise<PlacementDocument[]> {
    return this.store.collection.find({ studentId, enterpriseId }).sort({ createdAt: -1 }).limit(20).toArray() as Promise<
      PlacementDocument[]
    >;
  }
}
