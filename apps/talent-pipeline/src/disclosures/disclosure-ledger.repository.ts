import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db, MongoBulkWriteError, MongoServerError } from 'mongodb';
import { MONGO_DB } from '@app/persistence';
import { DisclosureDocument } from './disclosure.document';

export const DISCLOSURES = 'disclosures';

/** Most entries one ledger read returns (a person's whole ledger is far smaller). */
export const LEDGER_READ_LIMIT = 10_000;

/**
 * Append-only: this repository only inserts and reads. Nothing in the service updates or
 * deletes a ledger entry; the database account could be restricted likewise in production.
 */
@Injectable()
export class DisclosureLedgerRepository implements OnModuleInit {
  private readonly disclosures: Collection<DisclosureDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.disclosures = db.collection<DisclosureDocument>(DISCLOSURES);
  }

  async onModuleInit(): Promise<void> {
    await this.disclosures.createIndex({ studentId: 1, disclosedAt: -1 });
  }

  /** Resolves only once the entry is acknowledged by the database (default write concern). */
  async append(entry: DisclosureDocument): Promise<void> {
    await this.disclosures.insertOne(entry);
  }

  /** Several entries in one round trip (a page of placements, a ranking). */
  async appendMany(entries: DisclosureDocument[]): Promise<void> {
    if (entries.length) await this.disclosures.insertMany(entries, { ordered: false });
  }

  /**
   * Inserts the entry unless one with its id exists: a redelivered event or a retried webhook
   * attempt is recorded once. Returns whether it was new.
   */
  async appendOnce(entry: DisclosureDocument): Promise<boolean> {
    try {
      const { _id, ...fields } = entry;
      const result = await this.disclosures.updateOne({ _id }, { $setOnInsert: fields }, { upsert: true });
      return result.upsertedCount > 0;
    } catch (error) {
      // Two concurrent upserts of the same id: the other one stored it.
      if (error instanceof MongoServerError && error.code === 11000) return false;
      throw error;
    }
  }

  /** `appendOnce` for many entries in one round trip. */
  async appendEachOnce(entries: DisclosureDocument[]): Promise<void> {
    if (entries.length === 0) return;
    try {
      await this.disclosures.bulkWrite(
        entries.map(({ _id, ...fields }) => ({ updateOne: { filter: { _id }, update: { $setOnInsert: fields }, upsert: true } })),
        { ordered: false },
      );
    } catch (error) {
      // Concurrent upserts of the same ids: the other writer stored them.
      if (!(error instanceof MongoBulkWriteError) || [error.writeErrors].flat().some((e) => e.code !== 11000)) throw error;
    }
  }

  listForStudent(studentId: string, limit = 500): Promise<DisclosureDocument[]> {
    return this.disclosures.find({ studentId }).sort({ disclosedAt: -1 }).limit(limit).toArray();
  }

  /** The person's whole ledger, every service's entries, oldest first. */
  allForPerson(personId: string): Promise<DisclosureDocument[]> {
    return this.disclosures.find({ studentId: personId }).sort({ disclosedAt: 1, _id: 1 }).limit(LEDGER_READ_LIMIT).toArray();
  }
}
