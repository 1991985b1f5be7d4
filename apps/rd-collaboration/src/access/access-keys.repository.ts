import { Inject, Injectable } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { MONGO_DB } from '@app/persistence';
import { AccessKeyDocument } from './access-key.document';

@Injectable()
export class AccessKeysRepository {
  private readonly keys: Collection<AccessKeyDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.keys = db.collection<AccessKeyDocument>('access_keys');
  }

  async insert(key: AccessKeyDocument): Promise<void> {
    await this.keys.insertOne(key);
  }

  findByHash(hash: string): Promise<AccessKeyDocument | null> {
    return this.keys.findOne({ _id: hash });
  }
}
