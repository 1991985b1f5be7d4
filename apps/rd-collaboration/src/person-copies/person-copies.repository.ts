import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db, MongoServerError } from 'mongodb';
import { MONGO_DB } from '@app/persistence';
import { CredentialCopy, PlacementCopy, PlacementOutcomeName, SecondmentCopy, SecondmentStep } from './person-copy.documents';

@Injectable()
export class PersonCopiesRepository implements OnModuleInit {
  readonly placements: Collection<PlacementCopy>;
  readonly secondments: Collection<SecondmentCopy>;
  readonly credentials: Collection<CredentialCopy>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.placements = db.collection<PlacementCopy>('placement_copies');
    this.secondments = db.collection<SecondmentCopy>('secondment_copies');
    this.credentials = db.collection<CredentialCopy>('credential_copies');
  }

  async onModuleInit(): Promise<void> {
    await this.placements.createIndex({ studentId: 1 });
    await this.secondments.createIndex({ teacherId: 1 });
    await this.credentials.createIndex({ teacherId: 1 });
  }

  /** Keyed `$set`s: applying the same event twice leaves the same document. */
  async savePlacement(copy: Omit<PlacementCopy, 'outcomes'>, outcome: PlacementOutcomeName, occurredAt: string): Promise<PlacementCopy> {
    const { _id, hire, ...fields } = copy;
    await this.placements.updateOne(
      { _id },
      { $set: { ...fields, ...(hire ? { hire } : {}), [`outcomes.${outcome}`]: occurredAt } },
      { upsert: true },
    );
    return (await this.placements.findOne({ _id }))!;
  }

  /**
   * Every event adds its step's time; the other fields (hours logged so far, period) are the
   * newest event's, so an older event arriving late adds its step and changes nothing else.
   */
  async saveSecondment(copy: Omit<SecondmentCopy, 'steps' | 'factsAt'>, step: SecondmentStep, occurredAt: string): Promise<SecondmentCopy> {
    const { _id, ...fields } = copy;
    const factsAt = Date.parse(occurredAt);
    const stepAt = { [`steps.${step}`]: occurredAt };
    const notNewer = { _id, $or: [{ factsAt: { $exists: false } }, { factsAt: { $lte: factsAt } }] };
    const update = { $set: { ...fields, factsAt, ...stepAt } };
    try {
      await this.secondments.updateOne(notNewer, update, { upsert: true });
    } catch (error) {
      // Duplicate key: the copy exists and holds a newer event's fields, or another event created it at the same moment.
      if (!(error instanceof MongoServerError && error.code === 11000)) throw error;
      const { matchedCount } = await this.secondments.updateOne(notNewer, update);
      if (matchedCount === 0) await this.secondments.updateOne({ _id }, { $set: stepAt });
    }
    return (await this.secondments.findOne({ _id }))!;
  }

  async saveCredential(copy: CredentialCopy): Promise<void> {
    const { _id, ...fields } = copy;
    await this.credentials.updateOne({ _id }, { $set: fields }, { upsert: true });
  }
}
