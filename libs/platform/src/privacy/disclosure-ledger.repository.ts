import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { DisclosureRecorded, EventData } from '@app/contracts';
import { OutgoingEvent } from '@app/messaging';
import { MONGO_DB, OutboxSignal, WITHOUT_OUTBOX_BOOKKEEPING } from '@app/persistence';

export const DISCLOSURES = 'disclosures';

export type Disclosure = EventData<typeof DisclosureRecorded>;

/** One ledger entry; it carries its own DisclosureRecorded in its outbox until the relay published it. */
export interface DisclosureDocument extends Omit<Disclosure, 'disclosureId'> {
  _id: string;
  version: number;
  outbox: OutgoingEvent[];
  outboxPending?: true;
}

@Injectable()
export class DisclosureLedgerRepository implements OnModuleInit {
  readonly entries: Collection<DisclosureDocument>;

  constructor(
    @Inject(MONGO_DB) db: Db,
    private readonly signal: OutboxSignal,
  ) {
    this.entries = db.collection<DisclosureDocument>(DISCLOSURES);
  }

  async onModuleInit(): Promise<void> {
    await this.entries.createIndex({ personId: 1, disclosedAt: -1 });
  }

  /** One insert for the whole read (one entry per disclosed person), each entry with its event. */
  async record(batch: Array<{ entry: Disclosure; event: OutgoingEvent }>): Promise<void> {
    if (batch.length === 0) return;
    const pending = this.signal.pendingMark();
    await this.entries.insertMany(
      batch.map(({ entry: { disclosureId, ...rest }, event }) => ({
        _id: disclosureId,
        ...rest,
        version: 1,
        outbox: [event],
        ...pending,
      })),
      { ordered: false },
    );
    this.signal.notify(
      this.entries.collectionName,
      batch.map(({ entry }) => entry.disclosureId),
    );
  }

  of(personId: string, limit = 1000): Promise<DisclosureDocument[]> {
    return this.entries
      .find({ personId }, { projection: { ...WITHOUT_OUTBOX_BOOKKEEPING, version: 0 } })
      .sort({ disclosedAt: -1 })
      .limit(limit)
      .toArray();
  }
}
