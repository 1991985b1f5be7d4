import { Inject, Injectable } from '@nestjs/common';
import { Db } from 'mongodb';
import { ErasureConfirmed, EventData } from '@app/contracts';
import { AggregateDocument, AggregateStore, MONGO_DB, OutboxSignal } from '@app/persistence';

export const ERASURES = 'erasures';

export type ErasureAction = EventData<typeof ErasureConfirmed>['actions'][number];

/** One erasure request as this service answered it; the person appears only as a SHA-256. */
export interface ErasureDocument extends AggregateDocument {
  personIdSha256: string;
  /** Surveyed once, so a redelivery confirms the same actions. */
  actions: ErasureAction[];
  status: 'confirmed';
  receivedAt: string;
  confirmation?: { eventId: string; confirmedAt: string };
}

@Injectable()
export class ErasuresRepository {
  readonly store: AggregateStore<ErasureDocument>;
  private readonly db: Db;

  constructor(@Inject(MONGO_DB) db: Db, signal: OutboxSignal) {
    this.store = new AggregateStore<ErasureDocument>(db, ERASURES, signal);
    this.db = db;
  }

  /** Read-only: how many documents of a store carry `id` in one of the fields that name a person. */
  count(collection: string, fields: string[], id: string): Promise<number> {
    return this.db.collection(collection).countDocuments({ $or: fields.map((field) => ({ [field]: id })) });
  }
}
