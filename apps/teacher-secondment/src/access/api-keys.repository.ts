import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { MONGO_DB } from '@app/persistence';
import { Principal } from './principal';

export interface ApiKeyDocument {
  /** SHA-256 of the key: the key itself is shown once and never stored. */
  _id: string;
  /** Public handle for listing and revoking the key (keys issued before it existed have none). */
  keyId?: string;
  principal: Exclude<Principal, { role: 'operator' }>;
  issuedAt: Date;
  expiresAt?: Date;
  revokedAt?: Date;
  revokeReason?: string;
  /** Updated at most once a minute. */
  lastUsedAt?: Date;
}

@Injectable()
export class ApiKeysRepository implements OnModuleInit {
  private readonly keys: Collection<ApiKeyDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.keys = db.collection<ApiKeyDocument>('api_keys');
  }

  async onModuleInit(): Promise<void> {
    await this.keys.createIndex({ keyId: 1 }, { unique: true, sparse: true });
    await this.keys.createIndex({ 'principal.schoolId': 1 });
    await this.keys.createIndex({ 'principal.enterpriseId': 1 });
  }

  async save(key: ApiKeyDocument): Promise<void> {
    await this.keys.insertOne(key);
  }

  /** The key's record if it authenticates now: not revoked, not expired. */
  async usable(hash: string, now = new Date()): Promise<ApiKeyDocument | null> {
    const key = await this.keys.findOne({ _id: hash });
    if (!key || key.revokedAt || (key.expiresAt && key.expiresAt <= now)) return null;
    return key;
  }

  /** Records a use unless one was recorded within the last minute. */
  async touch(hash: string, at: Date): Promise<void> {
    await this.keys.updateOne(
      { _id: hash, $or: [{ lastUsedAt: { $exists: false } }, { lastUsedAt: { $lt: new Date(at.getTime() - 60_000) } }] },
      { $set: { lastUsedAt: at } },
    );
  }

  /** Revokes once (a second revoke keeps the first time and reason); null when no such key. */
  async revoke(keyId: string, reason: string): Promise<ApiKeyDocument | null> {
    await this.keys.updateOne({ keyId, revokedAt: { $exists: false } }, { $set: { revokedAt: new Date(), revokeReason: reason } });
    return this.keys.findOne({ keyId });
  }

  /** The keys of a school (its own, and its teachers') or of an enterprise, newest first. */
  ofPartner(partnerId: string, limit = 500): Promise<ApiKeyDocument[]> {
    return this.keys
      .find({ $or: [{ 'principal.schoolId': partnerId }, { 'principal.enterpriseId': partnerId }] })
      .sort({ issuedAt: -1 })
      .limit(limit)
      .toArray();
  }
}
