import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Db } from 'mongodb';
import { AggregateDocument, AggregateStore, MONGO_DB, OutboxSignal } from '@app/persistence';
import { ErasureAction } from './student-data-holder';

export const ERASURES = 'erasures';

/**
 * One erasure request as this service carried it out, keyed by the request id. Holds no personal
 * value: the person appears only as a SHA-256 (to show which request erased whom, on the
 * person's own id), the pseudonym that replaced the id, and what was done where.
 */
export interface ErasureDocument extends AggregateDocument {
  personIdSha256: string;
  pseudonym: string;
  /** Surveyed before anything is erased, so a rerun after a crash confirms the same counts. */
  actions: ErasureAction[];
  status: 'erasing' | 'confirmed';
  receivedAt: string;
  confirmation?: { eventId: string; confirmedAt: string };
}

@Injectable()
export class ErasuresRepository implements OnModuleInit {
  readonly store: AggregateStore<ErasureDocument>;

  constructor(@Inject(MONGO_DB) db: Db, signal: OutboxSignal) {
    this.store = new AggregateStore<ErasureDocument>(db, ERASURES, signal);
  }

  async onModuleInit(): Promise<void> {
    await this.store.collection.createIndex({ personIdSha256: 1 });
  }

  async erased(personIdSha256: string): Promise<boolean> {
    return (await this.store.collection.countDocuments({ personIdSha256 }, { limit: 1 })) > 0;
  }
}
