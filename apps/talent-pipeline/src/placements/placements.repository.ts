import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Db } from 'mongodb';
import { AggregateStore } from '@app/persistence/aggregate-store';
import { OutboxSignal } from '@app/persistence/outbox-signal';
import { MONGO_DB } from '@app/persistence/persistence.module';
import { PlacementDocument } from './placement.document';

export const PLACEMENTS = 'placements';

/** Statuses in which a placement takes up one of its requisition's headcount. */
const STAFFING_STATUSES = ['accepted', 'active', 'completed', 'hired'] as const;

@Injectable()
export class PlacementsRepository implements OnModuleInit {
  readonly store: AggregateStore<PlacementDocument>;

  constructor(@Inject(MONGO_DB) db: Db, signal: OutboxSignal) {
    this.store = new AggregateStore<PlacementDocument>(db, PLACEMENTS, signal);
  }

  async onModuleInit(): Promise<void> {
    await this.store.collection.createIndex({ studentId: 1, enterpriseId: 1 });
    await this.store.collection.createIndex({ requisitionId: 1 }, { sparse: true });
  }

  /** How many placements proposed for a requisition have been accepted (or gone further). */
  countStaffing(requisitionId: string): Promise<number> {
    return this.store.collection.countDocuments({ requisitionId, status: { $in: [...STAFFING_STATUSES] } });
  }

  /** The student's most recent placements at an enterprise, newest first. */
  findForStudentAtEnterprise(studentId: string, enterpriseId: string): Promise<PlacementDocument[]> {
    return this.store.collection.find({ studentId, enterpriseId }).sort({ createdAt: -1 }).limit(20).toArray() as Promise<
      PlacementDocument[]
    >;
  }
}
