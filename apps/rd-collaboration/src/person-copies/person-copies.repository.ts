import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
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

  async saveSecondment(copy: Omit<SecondmentCopy, 'steps'>, step: SecondmentStep, occurredAt: string): Promise<SecondmentCopy> {
    const { _id, ...fields } = copy;
    await this.secondments.updateOne({ _id }, { $set: { ...fields, [`steps.${step}`]: occurredAt } }, { upsert: true });
    return (await this.secondments.findOne({ _id }))!;
  }

  async saveCredential(copy: CredentialCopy): Promise<void> {
    const { _id, ...fields } = copy;
    await this.credentials.updateOne({ _id }, { $set: fields }, { upsert: true });
  }
}
