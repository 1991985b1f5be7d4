import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db, Filter, MongoServerError } from 'mongodb';
import { AggregateStore, MONGO_DB, OutboxSignal, WITHOUT_OUTBOX_BOOKKEEPING } from '@app/persistence';
import { CredentialDocument } from './credential.document';
import { STATUS_LIST_LENGTH, statusEntryOf } from './domain/bitstring-status-list';

export const CREDENTIALS = 'credentials';
/** The one counter that numbers credentials across all the revocation lists (its name predates the second list). */
const STATUS_SERIAL_COUNTER = 'revocation-1';

@Injectable()
export class CredentialsRepository implements OnModuleInit {
  readonly store: AggregateStore<CredentialDocument>;
  private readonly counters: Collection<{ _id: string; next: number }>;
  private readonly claims: Collection<{ _id: string; owner: string; until: Date }>;

  constructor(@Inject(MONGO_DB) db: Db, signal: OutboxSignal) {
    this.store = new AggregateStore<CredentialDocument>(db, CREDENTIALS, signal);
    this.counters = db.collection('status_list_counters');
    this.claims = db.collection('credential_claims');
  }

  async onModuleInit(): Promise<void> {
    await this.store.collection.createIndex({ teacherId: 1 });
    await this.store.collection.createIndex({ status: 1 });
    await this.store.collection.createIndex({ statusListIndex: 1 });
  }

  /**
   * The next free status serial (see statusEntryOf for its list and index): one atomic $inc, so
   * two issues never share one.
   */
  async nextStatusIndex(): Promise<number> {
    const counter = await this.counters.findOneAndUpdate(
      { _id: STATUS_SERIAL_COUNTER },
      { $inc: { next: 1 } },
      { upsert: true, returnDocument: 'after' },
    );
    return counter!.next - 1;
  }

  /** How many revocation lists hold credentials so far (at least one, served empty before the first issue). */
  async statusListsInUse(): Promise<number> {
    const counter = await this.counters.findOne({ _id: STATUS_SERIAL_COUNTER });
    return counter && counter.next > 0 ? statusEntryOf(counter.next - 1).list : 1;
  }

  /**
   * Claims the right to decide the teacher's credential for `ttlMs` (a replica that dies holding it
   * loses it then): true when claimed, false while another holder has it. The claim is one
   * document per teacher with a unique `_id`, so of concurrent claimers exactly one wins.
   */
  async claimTeacher(teacherId: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = new Date();
    try {
      await this.claims.updateOne(
        { _id: teacherId, until: { $lt: now } },
        { $set: { owner, until: new Date(now.getTime() + ttlMs) } },
        { upsert: true },
      );
      return true;
    } catch (error) {
      if (error instanceof MongoServerError && error.code === 11000) return false;
      throw error;
    }
  }

  async releaseTeacher(teacherId: string, owner: string): Promise<void> {
    await this.claims.deleteOne({ _id: teacherId, owner });
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
      .find(query as Filter<CredentialDocument>, { projection: WITHOUT_OUTBOX_BOOKKEEPING })
      .sort({ issuedAt: -1 })
      .limit(limit)
      .toArray() as Promise<CredentialDocument[]>;
  }

  /** The indexes, within list number `list`, of its revoked credentials. */
  async revokedIndexesOf(list: number): Promise<number[]> {
    const from = (list - 1) * STATUS_LIST_LENGTH;
    const revoked = await this.store.collection
      .find({ status: 'revoked', statusListIndex: { $gte: from, $lt: from + STATUS_LIST_LENGTH } } as Filter<CredentialDocument>, {
        projection: { statusListIndex: 1 },
      })
      .limit(STATUS_LIST_LENGTH)
      .toArray();
    return revoked.map((c) => c.statusListIndex - from);
  }

  async isRevokedSerial(serial: number): Promise<boolean> {
    return (await this.store.collection.countDocuments({ status: 'revoked', statusListIndex: serial } as Filter<CredentialDocument>)) > 0;
  }
}
