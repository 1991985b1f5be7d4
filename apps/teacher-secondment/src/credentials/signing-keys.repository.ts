import { Inject, Injectable } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { MONGO_DB } from '@app/persistence';
import { SealedText } from './key-box';
import { PublicSigningKey } from './public-credentials.response';

export interface SigningKeyDocument {
  /** The key id (`kid`): the JWK thumbprint of the public key. */
  _id: string;
  publicJwk: PublicSigningKey;
  privateJwk: SealedText;
  status: 'active' | 'retired';
  createdAt: Date;
  retiredAt?: Date;
}

@Injectable()
export class SigningKeysRepository {
  private readonly keys: Collection<SigningKeyDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.keys = db.collection<SigningKeyDocument>('signing_keys');
  }

  async insert(key: SigningKeyDocument): Promise<void> {
    await this.keys.insertOne(key);
  }

  /** The newest active key (after a rotation race, the newest wins). */
  active(): Promise<SigningKeyDocument | null> {
    return this.keys.find({ status: 'active' }).sort({ createdAt: -1 }).limit(1).next();
  }

  all(): Promise<SigningKeyDocument[]> {
    return this.keys.find({}).sort({ createdAt: 1 }).limit(100).toArray();
  }

  async retireAllBut(kid: string): Promise<void> {
    await this.keys.updateMany({ status: 'active', _id: { $ne: kid } }, { $set: { status: 'retired', retiredAt: new Date() } });
  }
}
