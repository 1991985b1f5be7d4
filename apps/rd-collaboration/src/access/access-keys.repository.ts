import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { MONGO_DB } from '@app/persistence';
import { AccessKeyDocument } from './access-key.document';

@Injectable()
export class AccessKeysRepository implements OnModuleInit {
  private readonly keys: Collection<AccessKeyDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.keys = db.collection<AccessKeyDocument>('access_keys');
  }

  async onModuleInit(): Promise<void> {
    await this.keys.createIndex({ keyId: 1 }, { unique: true });
  }

  async insert(key: AccessKeyDocument): Promise<void> {
    await this.keys.insertOne(key);
  }

  /** The key if it authenticates now: not revoked, not expired. */
  async usable(hash: string, now = new Date()): Promise<AccessKeyDocument | null> {
    const key = await this.keys.findOne({ _id: hash, revokedAt: { $exists: false } });
    return key && (!key.expiresAt || key.expiresAt > now) ? key : null;
  }

  /** Records a use unless one was recorded within the last minute. */
  async touch(hash: string, at: Date): Promise<void> {
    await this.keys.updateOne(
      { _id: hash, $or: [{ lastUsedAt: { $exists: false } }, { lastUsedAt: { $lt: new Date(at.getTime() - 60_000) } }] },
      { $set: { lastUsedAt: at } },
    );
  }

  /** Keys of a school, an enterprise or a reviewer, newest first. */
  of(holderId: string, limit = 500): Promise<AccessKeyDocument[]> {
    return this.keys
      .find({ $or: [{ 'principal.schoolId': holderId }, { 'principal.enterpriseId': holderId }, { 'principal.reviewerId': holderId }] })
      .sort({ createdAt: -1 })
      .limit(limit)
      .toArray();
  }

  /** Marks the key revoked (once; a second revoke keeps the first time). Null when no such key. */
  async revoke(keyId: string): Promise<AccessKeyDocument | null> {
    await this.keys.updateOne({ keyId, revokedAt: { $exists: false } }, { $set: { revokedAt: new Date() } });
    return this.keys.findOne({ keyId });
  }
}
