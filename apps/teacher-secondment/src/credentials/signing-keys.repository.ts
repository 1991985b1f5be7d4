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

  /** The newest active key (after a rotation race, the newest wins): newest by createdAt, then by kid. */
  active(): Promise<SigningKeyDocument | null> {
    return this.keys.find({ status: 'active' }).sort({ createdAt: -1, _id: -1 }).limit(1).next();
  }

  /**
   * Every key, oldest first. Not capped: a key left out of the JWKS would make every credential
   * it signed (the active key's included) fail verification. Keys are only added by rotations.
   */
  all(): Promise<SigningKeyDocument[]> {
    return this.keys.find({}).sort({ createdAt: 1, _id: 1 }).toArray();
  }

  /** The key's sealed private JWK replaced, if it is still `was`; whether it was. */
  async replacePrivateJwk(kid: string, was: SealedText, now: SealedText): Promise<boolean> {
    return (await this.keys.updateOne({ _id: kid, privateJwk: was }, { $set: { privateJwk: now } })).modifiedCount === 1;
  }

  /**
   * Retires the active keys older than `key` (by createdAt, then kid), never a newer one: of
   * rotations made at once on two replicas, the newest key stays active. Retiring "all but
   * mine" let each rotation retire the other's new key, leaving no active key at all.
   */
  async retireOlderThan(key: Pick<SigningKeyDocument, '_id' | 'createdAt'>): Promise<void> {
    await this.keys.updateMany(
      { status: 'active', $or: [{ createdAt: { $lt: key.createdAt } }, { createdAt: key.createdAt, _id: { $lt: key._id } }] },
      { $set: { status: 'retired', retiredAt: new Date() } },
    );
  }
}
