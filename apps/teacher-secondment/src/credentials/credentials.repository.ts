import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db, Filter } from 'mongodb';
import { AggregateStore, MONGO_DB, OutboxSignal } from '@app/persistence';
import { CredentialDocument } from './credential.document';

export const CREDENTIALS = 'credentials';
const REVOCATION_LIST = 'revocation-1';

@Injectable()
export class CredentialsRepository implements OnModuleInit {
  readonly store: AggregateStore<CredentialDocument>;
  private readonly counters: Collection<{ _id: string; next: number }>;

  constructor(@Inject(MONGO_DB) db: Db, signal: OutboxSignal) {
    this.store = new AggregateStore<CredentialDocument>(db, CREDENTIALS, signal);
    this.counters = db.collection('status_list_counters');
  }

  async onModuleInit(): Promise<void> {
    await this.store.collection.createIndex({ teacherId: 1 });
    await this.store.collection.createIndex({ status: 1 });
  }

  /** The next free index of the revocation list: one atomic $inc, so two issues never share an index. */
  async nextStatusIndex(): Promise<number> {
    const counter = await this.counters.findOneAndUpdate(
      { _id: REVOCATION_LIST },
      { $inc: { next: 1 } },
      { upsert: true, returnDocument: 'after' },
    );
    return counter!.next - 1;
  }

  activeOf(teacherId: string): Promise<CredentialDocument | null> {
    return this.store.collection.findOne({
      teacherId,
      status: 'active',
    } as Filter<CredentialDocument>) as Promise<CredentialDocument | null>;
  }

  find(filter: { teacherId?: string; schoolId?: string }, limit = 500): Promise<CredentialDocument[]> {
    const query: Record<string, string> = {};
    if (filter.teacherId) query.teacherId = filter.teacherId;
    if (filter.schoolId) query.schoolId = filter.schoolId;
    return this.store.collection
      .find(query as Filter<CredentialDocument>, { projection: { outbox: 0, appliedEvents: 0 } })
      .sort({ issuedAt: -1 })
      .limit(limit)
      .toArray() as Promise<CredentialDocument[]>;
  }

  async revokedIndexes(): Promise<number[]> {
    const revoked = await this.store.collection
      .find({ status: 'revoked' } as Filter<CredentialDocument>, { projection: { statusListIndex: 1 } })
      .limit(200_000)
      .toArray();
    return revoked.map((c) => c.statusListIndex);
  }
}
