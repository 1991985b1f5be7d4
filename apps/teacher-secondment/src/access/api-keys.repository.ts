import { Inject, Injectable } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { MONGO_DB } from '@app/persistence';
import { Principal } from './principal';

interface ApiKeyDocument {
  /** SHA-256 of the key: the key itself is shown once and never stored. */
  _id: string;
  principal: Exclude<Principal, { role: 'operator' }>;
  issuedAt: Date;
}

@Injectable()
export class ApiKeysRepository {
  private readonly keys: Collection<ApiKeyDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.keys = db.collection<ApiKeyDocument>('api_keys');
  }

  async save(hash: string, principal: ApiKeyDocument['principal']): Promise<void> {
    await this.keys.insertOne({ _id: hash, principal, issuedAt: new Date() });
  }

  async principalOf(hash: string): Promise<Principal | null> {
    return (await this.keys.findOne({ _id: hash }))?.principal ?? null;
  }
}
