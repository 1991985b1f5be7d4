import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, JWK, KeyLike } from 'jose';
import { APP_CONFIG } from '@app/base';
import { KeyRolloutLog } from '@app/persistence';
import { TeacherSecondmentConfig } from '../config/teacher-secondment.config';
import { ResealedKeys, RotatedKey } from './credential.response';
import { KeyBox } from './key-box';
import { Jwks } from './public-credentials.response';
import { SigningKeyDocument, SigningKeysRepository } from './signing-keys.repository';

/**
 * The service's Ed25519 signing keys: one active key signs, retired keys stay published in the
 * JWKS so credentials they signed still verify. Rotation adds a key and retires the old one.
 */
@Injectable()
export class SigningKeysService implements OnModuleInit {
  private readonly logger = new Logger(SigningKeysService.name);
  private readonly box: KeyBox;
  private readonly cacheMs: number;
  private readonly previousKeys: number;
  /** The active key as last read, and until when it is used without reading the store again. */
  private activeKey?: { kid: string; key: KeyLike | Uint8Array; freshUntil: number };
  /**
   * When this process last created a key. Two rotations here within one millisecond get distinct
   * times, so the later is the newer one and retires the earlier (see retireOlderThan).
   */
  private lastCreatedAt = 0;

  constructor(
    private readonly keys: SigningKeysRepository,
    @Inject(APP_CONFIG) private readonly config: TeacherSecondmentConfig,
    private readonly rollouts: KeyRolloutLog,
  ) {
    this.box = new KeyBox(config.CREDENTIAL_KEY_ENCRYPTION_KEY, config.CREDENTIAL_KEY_ENCRYPTION_PREVIOUS_KEYS);
    this.previousKeys = config.CREDENTIAL_KEY_ENCRYPTION_PREVIOUS_KEYS.length;
    this.cacheMs = config.SIGNING_KEY_CACHE_MS;
    if (!config.CREDENTIAL_KEY_ENCRYPTION_KEY)
      this.logger.warn('CREDENTIAL_KEY_ENCRYPTION_KEY is not set: signing keys are stored unencrypted');
  }

  async onModuleInit(): Promise<void> {
    // Before anything is sealed or resealed: keys that would break a rotation stop the start (ADR 0087).
    await this.rollouts.checkAndRecord({
      purpose: 'credential keys',
      current: this.config.CREDENTIAL_KEY_ENCRYPTION_KEY ? Buffer.from(this.config.CREDENTIAL_KEY_ENCRYPTION_KEY, 'base64') : undefined,
      previous: this.config.CREDENTIAL_KEY_ENCRYPTION_PREVIOUS_KEYS,
      names: {
        current: 'CREDENTIAL_KEY_ENCRYPTION_KEY',
        previous: 'CREDENTIAL_KEY_ENCRYPTION_PREVIOUS_KEYS',
        allowOneRollout: 'CREDENTIAL_KEY_ENCRYPTION_ALLOW_ONE_ROLLOUT',
      },
      allowOneRollout: this.config.CREDENTIAL_KEY_ENCRYPTION_ALLOW_ONE_ROLLOUT,
    });
    await this.reseal();
    if (!(await this.keys.active())) await this.rotate();
  }

  /**
   * Moves every stored private key onto the current CREDENTIAL_KEY_ENCRYPTION_KEY (after a rotation
   * of it, or once it is set where keys were stored in clear), so the keys it replaced can be
   * dropped (ADR 0026, addendum). Each write is conditional on the value read: replicas starting
   * at once move each key once. A key no configured key opens is left as it is, counted and named
   * in a warning: a retired one only stays published, the active one fails each issue until a
   * rotation. Runs at start, and on the operator's request once every replica runs with the new key
   * (a key an old replica made during the rollout is sealed under the old one).
   */
  async reseal(): Promise<ResealedKeys> {
    const answer: ResealedKeys = { resealed: 0, unreadable: 0, previousKeys: this.previousKeys };
    for (const key of await this.keys.all()) {
      if (!this.box.needsReseal(key.privateJwk)) continue;
      let now;
      try {
        now = this.box.reseal(key.privateJwk);
      } catch (error) {
        answer.unreadable++;
        this.logger.warn(`signing key ${key._id} (${key.status}) cannot be resealed: ${(error as Error).message}`);
        continue;
      }
      if (await this.keys.replacePrivateJwk(key._id, key.privateJwk, now)) answer.resealed++;
    }
    if (answer.resealed) this.logger.log(`${answer.resealed} signing key(s) resealed under the current CREDENTIAL_KEY_ENCRYPTION_KEY`);
    return answer;
  }

  /**
   * The active key. It is read from the store again once the cached copy is SIGNING_KEY_CACHE_MS
   * old, so a rotation made through another replica is picked up within that time; the private
   * key is only decrypted again when the active kid changed.
   */
  async signingKey(): Promise<{ kid: string; key: KeyLike | Uint8Array }> {
    const now = Date.now();
    if (this.activeKey && now < this.activeKey.freshUntil) return this.activeKey;
    const doc = await this.keys.active();
    if (!doc) throw new Error('no active signing key');
    const key =
      this.activeKey?.kid === doc._id ? this.activeKey.key : await importJWK(JSON.parse(this.box.open(doc.privateJwk)) as JWK, 'EdDSA');
    this.activeKey = { kid: doc._id, key, freshUntil: now + this.cacheMs };
    return { kid: doc._id, key };
  }

  /** A new active key; the previous ones are retired but stay in the JWKS. */
  async rotate(): Promise<RotatedKey> {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const publicJwk = await exportJWK(publicKey);
    if (publicJwk.kty !== 'OKP' || publicJwk.crv !== 'Ed25519' || !publicJwk.x)
      throw new Error('the generated key is not an Ed25519 public key');
    const kid = await calculateJwkThumbprint(publicJwk);
    const privateJwk = await exportJWK(privateKey);
    const key: SigningKeyDocument = {
      _id: kid,
      publicJwk: { kty: publicJwk.kty, crv: publicJwk.crv, x: publicJwk.x, kid, alg: 'EdDSA', use: 'sig' },
      privateJwk: this.box.seal(JSON.stringify(privateJwk)),
      status: 'active',
      createdAt: new Date(Math.max(Date.now(), this.lastCreatedAt + 1)),
    };
    this.lastCreatedAt = key.createdAt.getTime();
    await this.keys.insert(key);
    // Retires what is older than the newest active key, not than this one: a rotation that inserts after a
    // newer one already retired the others would otherwise leave two active. The last to finish leaves one.
    await this.keys.retireOlderThan((await this.keys.active()) ?? key);
    this.activeKey = undefined;
    return { kid };
  }

  /** Every public key, active and retired, as a JWK Set. */
  async jwks(): Promise<Jwks> {
    return { keys: (await this.keys.all()).map((k) => k.publicJwk) };
  }
}
