import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db, Filter, MongoServerError } from 'mongodb';
import { PRIVACY_SERVICES } from '@app/contracts';
import { acquireLease, AggregateStore, LeaseDocument, MONGO_DB, OutboxSignal, WITHOUT_OUTBOX_BOOKKEEPING } from '@app/persistence';
import { NewestFirstPosition } from '../shared/newest-first-cursor';
import { ErasureStatus } from './domain/erasure-status';
import { ERASURE_REQUESTS, ErasureOrigin, ErasureRequestDocument } from './erasure-request.document';

export { ERASURE_REQUESTS };

/** The open request of a student: inserted with the request, deleted when it completes; its `_id` makes filing idempotent. */
interface OpenRequestLock {
  _id: string;
  requestId: string;
  lockedAt: Date;
}

export interface ErasureListFilter {
  status?: ErasureStatus;
  schoolId?: string;
  origin?: ErasureOrigin;
  studentId?: string;
}

@Injectable()
export class ErasureRequestsRepository implements OnModuleInit {
  readonly store: AggregateStore<ErasureRequestDocument>;
  private readonly open: Collection<OpenRequestLock>;
  private readonly leases: Collection<LeaseDocument>;

  constructor(@Inject(MONGO_DB) db: Db, signal: OutboxSignal) {
    this.store = new AggregateStore<ErasureRequestDocument>(db, ERASURE_REQUESTS, signal);
    this.open = db.collection<OpenRequestLock>('erasure_open_requests');
    this.leases = db.collection<LeaseDocument>('leases');
  }

  async onModuleInit(): Promise<void> {
    await this.store.collection.createIndex({ status: 1, requestedAt: -1 });
    await this.store.collection.createIndex({ schoolId: 1, requestedAt: -1 });
    await this.store.collection.createIndex({ studentId: 1 });
  }

  /** Takes the student's open-request slot for `requestId`; returns the request id that holds it (another one if already open). */
  async lockOpen(studentId: string, requestId: string): Promise<string> {
    try {
      await this.open.insertOne({ _id: studentId, requestId, lockedAt: new Date() });
      return requestId;
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === 11000)) throw error;
      const held = await this.open.findOne({ _id: studentId });
      return held ? held.requestId : this.lockOpen(studentId, requestId);
    }
  }

  /** The id of the request holding the student's open-request slot, if any. */
  async openRequestIdOf(studentId: string): Promise<string | undefined> {
    return (await this.open.findOne({ _id: studentId }))?.requestId;
  }

  async unlockOpen(studentId: string, requestId: string): Promise<void> {
    await this.open.deleteOne({ _id: studentId, requestId });
  }

  /** Newest first, without outbox bookkeeping; `before` continues a previous page. */
  list(filter: ErasureListFilter, page: { limit: number; before?: NewestFirstPosition }): Promise<ErasureRequestDocument[]> {
    const query: Filter<ErasureRequestDocument> = Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
    if (page.before) {
      query.$or = [{ requestedAt: { $lt: page.before.createdAt } }, { requestedAt: page.before.createdAt, _id: { $lt: page.before.id } }];
    }
    return this.store.collection
      .find(query, { projection: WITHOUT_OUTBOX_BOOKKEEPING })
      .sort({ requestedAt: -1, _id: -1 })
      .limit(page.limit)
      .toArray() as Promise<ErasureRequestDocument[]>;
  }

  /**
   * Open requests every service has confirmed, so only their notices are awaited, oldest first.
   * (A request still waiting for a service completes from that service's confirmation; its
   * notices' progress is read on GET.)
   */
  awaitingNoticesOnly(limit: number): Promise<Pick<ErasureRequestDocument, '_id'>[]> {
    const confirmed = Object.fromEntries(PRIVACY_SERVICES.map((service) => [`confirmations.${service}`, { $exists: true }]));
    return this.store.collection
      .find({ status: 'pending', recipients: { $exists: true }, ...confirmed }, { projection: { _id: 1 } })
      .sort({ requestedAt: 1 })
      .limit(limit)
      .toArray();
  }

  /**
   * Takes (or renews) a lease named `name` for `holder` until `ms` from now; false while
   * another holder's lease runs. Replicas call it before a singleton job (the retention sweep).
   */
  acquireLease(name: string, holder: string, ms: number, now = new Date()): Promise<boolean> {
    return acquireLease(this.leases, name, holder, ms, now);
  }
}
