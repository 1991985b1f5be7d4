import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { MONGO_DB } from '@app/persistence';
import { DisclosureDocument } from './disclosure.document';

export const DISCLOSURES = 'disclosures';

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

  listForStudent(studentId: string, limit = 500): Promise<DisclosureDocument[]> {
    return this.disclosures.find({ studentId }).sort({ disclosedAt: -1 }).limit(limit).toArray();
  }
}
