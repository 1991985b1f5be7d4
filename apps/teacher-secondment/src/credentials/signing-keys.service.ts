import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, JWK, KeyLike } from 'jose';
import { APP_CONFIG } from '@app/base';
import { TeacherSecondmentConfig } from '../config/teacher-secondment.config';
import { KeyBox } from './key-box';
import { SigningKeysRepository } from './signing-keys.repository';

/**
 * The service's Ed25519 signing keys: one active key signs, retired keys stay published in the
 * JWKS so credentials they signed still verify. Rotation adds a key and retires the old one.
 */
@Injectable()
export class SigningKeysService implements OnModuleInit {
  private readonly logger = new Logger(SigningKeysService.name);
  private readonly box: KeyBox;
  private activeKey?: { kid: string; key: KeyLike | Uint8Array };

  constructor(
    private readonly keys: SigningKeysRepository,
    @Inject(APP_CONFIG) config: TeacherSecondmentConfig,
  ) {
    this.box = new KeyBox(config.CREDENTIAL_KEY_ENCRYPTION_KEY);
    if (!config.CREDENTIAL_KEY_ENCRYPTION_KEY)
      this.logger.warn('CREDENTIAL_KEY_ENCRYPTION_KEY is not set: signing keys are stored unencrypted');
  }

  async onModuleInit(): Promise<void> {
    if (!(await this.keys.active())) await this.rotate();
  }

  async signingKey(): Promise<{ kid: string; key: KeyLike | Uint8Array }> {
    if (this.activeKey) return this.activeKey;
    const doc = await this.keys.active();
    if (!doc) throw new Error('no active signing key');
    const jwk = JSON.parse(this.box.open(doc.privateJwk)) as JWK;
    this.activeKey = { kid: doc._id, key: await importJWK(jwk, 'EdDSA') };
    return this.activeKey;
  }

  /** A new active key; the previous ones are retired but stay in the JWKS. */
  async rotate(): Promise<{ kid: string }> {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const privateJwk = await exportJWK(privateKey);
    await this.keys.insert({
      _id: kid,
      publicJwk: { ...publicJwk, kid, alg: 'EdDSA', use: 'sig' },
      privateJwk: this.box.seal(JSON.stringify(privateJwk)),
      status: 'active',
      createdAt: new Date(),
    });
    await this.keys.retireAllBut(kid);
    this.activeKey = undefined;
    return { kid };
  }

  /** Every public key, active and retired, as a JWK Set. */
  async jwks(): Promise<{ keys: JWK[] }> {
    return { keys: (await this.keys.all()).map((k) => k.publicJwk) };
  }
}
