import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Db } from 'mongodb';
import { AggregateStore, OutboxSignal, MONGO_DB } from '@app/persistence';
import { ENTERPRISES, SCHOOLS } from '../shared/collections';
import { EnterpriseDocument, SchoolDocument } from './partner.documents';

export { ENTERPRISES, SCHOOLS };

@Injectable()
export class PartnersRepository implements OnModuleInit {
  readonly schools: AggregateStore<SchoolDocument>;
  readonly enterprises: AggregateStore<EnterpriseDocument>;

  constructor(@Inject(MONGO_DB) db: Db, signal: OutboxSignal) {
    this.schools = new AggregateStore<SchoolDocument>(db, SCHOOLS, signal);
    this.enterprises = new AggregateStore<EnterpriseDocument>(db, ENTERPRISES, signal);
  }

  async onModuleInit(): Promise<void> {
    await this.schools.collection.createIndex({ apiKeyHash: 1 }, { unique: true });
    await this.enterprises.collection.createIndex({ apiKeyHash: 1 }, { unique: true });
    await this.schools.collection.createIndex({ 'previousApiKey.hash': 1 });
    await this.enterprises.collection.createIndex({ 'previousApiKey.hash': 1 });
  }

  /** The partner whose current or previous key has this hash (acceptance is decided by the caller). */
  findEnterpriseByApiKeyHash(apiKeyHash: string): Promise<EnterpriseDocument | null> {
    return this.enterprises.collection.findOne({
      $or: [{ apiKeyHash }, { 'previousApiKey.hash': apiKeyHash }],
    }) as Promise<EnterpriseDocument | null>;
  }

  findSchoolByApiKeyHash(apiKeyHash: string): Promise<SchoolDocument | null> {
    return this.schools.collection.findOne({
      $or: [{ apiKeyHash }, { 'previousApiKey.hash': apiKeyHash }],
    }) as Promise<SchoolDocument | null>;
  }

  /**
   * Credential fields are not part of any event, so they are set directly (no version bump):
   * a rotation never conflicts with a change of the partner's published data. `expected`: only if
   * these fields still hold these values (false otherwise).
   */
  async setCredentials(
    kind: 'school' | 'enterprise',
    id: string,
    set: Record<string, unknown>,
    unset: string[] = [],
    expected: Record<string, unknown> = {},
  ): Promise<boolean> {
    const collection = kind === 'school' ? this.schools.collection : this.enterprises.collection;
    const update = { $set: set, ...(unset.length ? { $unset: Object.fromEntries(unset.map((f) => [f, ''])) } : {}) };
    const result = await collection.updateOne({ ...expected, _id: id } as never, update as never);
    return result.matchedCount === 1;
  }

  /**
   * Sets the enterprise's time zone; the document before, or null when there is no such
   * enterprise. Not part of any event either (ADR 0079: partner events do not carry the zone), so
   * set directly like the credentials.
   */
  setTimeZone(id: string, timeZone: string): Promise<EnterpriseDocument | null> {
    return this.enterprises.collection.findOneAndUpdate({ _id: id } as never, { $set: { timeZone } } as never, {
      returnDocument: 'before',
    }) as Promise<EnterpriseDocument | null>;
  }

  /** Records a use of the key unless one was recorded within the last minute. */
  async touchApiKey(kind: 'school' | 'enterprise', id: string, at: Date): Promise<void> {
    const collection = kind === 'school' ? this.schools.collection : this.enterprises.collection;
    const minuteAgo = new Date(at.getTime() - 60_000);
    await collection.updateOne(
      { _id: id, $or: [{ apiKeyLastUsedAt: { $exists: false } }, { apiKeyLastUsedAt: { $lt: minuteAgo } }] } as never,
      { $set: { apiKeyLastUsedAt: at } } as never,
    );
  }
}
