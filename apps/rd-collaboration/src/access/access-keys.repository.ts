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

  findByHash(hash: string): Promise<AccessKeyDocument | null> {
    return this.keys.findOne({ _id: hash, revokedAt: { $exists: false } });
  }

  /** Marks the key revoked (once; a second revoke keeps the first time). Null when no such key. */
  async revoke(keyId: string): Promise<AccessKeyDocument | null> {
    await this.keys.updateOne({ keyId, revokedAt: { $exists: false } }, { $set: { revokedAt: new Date() } });
    return this.keys.findOne({ keyId });
  }
}
