import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { insertOnce, MONGO_DB } from '@app/persistence';
import { ChallengeDocument, NdaRecord } from './challenge.document';

@Injectable()
export class ChallengesRepository implements OnModuleInit {
  private readonly challenges: Collection<ChallengeDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.challenges = db.collection<ChallengeDocument>('challenges');
  }

  async onModuleInit(): Promise<void> {
    await this.challenges.createIndex({ enterpriseId: 1, createdAt: -1 });
  }

  /** False when a challenge with this id exists already (a retry with the same Idempotency-Key that lost the race). */
  async insert(challenge: ChallengeDocument): Promise<boolean> {
    return insertOnce(this.challenges, challenge);
  }

  findById(id: string): Promise<ChallengeDocument | null> {
    return this.challenges.findOne({ _id: id });
  }

  byEnterprises(enterpriseIds: string[], limit = 200): Promise<ChallengeDocument[]> {
    return this.challenges
      .find({ enterpriseId: { $in: enterpriseIds } })
      .sort({ createdAt: -1 })
      .limit(limit)
      .toArray();
  }

  all(limit = 200): Promise<ChallengeDocument[]> {
    return this.challenges.find({}).sort({ createdAt: -1 }).limit(limit).toArray();
  }

  /** One NDA per school: a second record for the same school replaces nothing. */
  async addNda(challengeId: string, nda: NdaRecord): Promise<boolean> {
    const result = await this.challenges.updateOne({ _id: challengeId, 'ndas.schoolId': { $ne: nda.schoolId } }, { $push: { ndas: nda } });
    return result.modifiedCount === 1;
  }
}
