import { MongoClient } from 'mongodb';
import { testMongoUri } from '@app/testing';
import { KeyBox, SealedText } from '../src/credentials/key-box';
import { SigningKeysService } from '../src/credentials/signing-keys.service';
import { ADMIN_TOKEN, KEY_ENCRYPTION_KEY, SecondmentService, startTeacherSecondment } from './teacher-secondment.harness';

jest.setTimeout(90_000);

/** ADR 0026, addendum: CREDENTIAL_KEY_ENCRYPTION_KEY rotates without losing the signing keys. */
describe('a rotation of CREDENTIAL_KEY_ENCRYPTION_KEY (real Kafka + Mongo-compatible server)', () => {
  const newKey = Buffer.alloc(32, 4).toString('base64');
  const services: SecondmentService[] = [];
  let mongo: MongoClient;

  afterAll(async () => {
    for (const service of services) await service.close().catch(() => undefined);
    await mongo?.close();
  });

  const opensWith = (key: string, sealed: SealedText) => {
    try {
      new KeyBox(key).open(sealed);
      return true;
    } catch {
      return false;
    }
  };

  it('opens the signing keys the old key sealed, reseals them at start, and signs on the new key alone after', async () => {
    const before = await startTeacherSecondment();
    services.push(before);
    mongo = await new MongoClient(testMongoUri(before.database)).connect();
    // Two signing keys under the old key: the one made at start, retired by a rotation, and the active one.
    const rotated = await fetch(`${before.baseUrl}/v1/credentials/keys/rotate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(rotated.status).toBeLessThan(300);
    const active = await before.app.get(SigningKeysService).signingKey();
    await before.close();
    const keys = () => mongo.db().collection('signing_keys').find().toArray();
    expect(await keys()).toHaveLength(2);
    expect((await keys()).every((k) => opensWith(KEY_ENCRYPTION_KEY, k.privateJwk))).toBe(true);

    // The rotation's first rollout lists the new key (ADR 0087: a replica refuses it as current before that).
    const first = await startTeacherSecondment({ CREDENTIAL_KEY_ENCRYPTION_PREVIOUS_KEYS: newKey }, { replicaOf: before });
    await first.close();
    expect((await keys()).every((k) => opensWith(KEY_ENCRYPTION_KEY, k.privateJwk))).toBe(true);
    const during = await startTeacherSecondment(
      { CREDENTIAL_KEY_ENCRYPTION_KEY: newKey, CREDENTIAL_KEY_ENCRYPTION_PREVIOUS_KEYS: KEY_ENCRYPTION_KEY },
      { replicaOf: before },
    );
    services.push(during);
    // Resealed before the service was ready: every key opens with the new key, none with the old.
    expect((await keys()).every((k) => k.privateJwk.alg === 'A256GCM' && opensWith(newKey, k.privateJwk))).toBe(true);
    expect((await keys()).some((k) => opensWith(KEY_ENCRYPTION_KEY, k.privateJwk))).toBe(false);
    // A key a replica still on the old key sealed during the rollout: the operator's pass moves it.
    const [retired] = (await keys()).filter((k) => String(k._id) !== active.kid);
    await mongo
      .db()
      .collection('signing_keys')
      .updateOne({ _id: retired._id }, { $set: { privateJwk: new KeyBox(KEY_ENCRYPTION_KEY).seal('{"kty":"OKP"}') } });
    const reseal = () =>
      fetch(`${during.baseUrl}/v1/credentials/keys/reseal`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const answer = await reseal();
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ resealed: 1, unreadable: 0, previousKeys: 1 });
    expect(await (await reseal()).json()).toEqual({ resealed: 0, unreadable: 0, previousKeys: 1 });
    expect((await keys()).every((k) => opensWith(newKey, k.privateJwk))).toBe(true);
    await during.close();

    const after = await startTeacherSecondment({ CREDENTIAL_KEY_ENCRYPTION_KEY: newKey }, { replicaOf: before });
    services.push(after);
    const signing = await after.app.get(SigningKeysService).signingKey();
    expect(signing.kid).toBe(active.kid);
  });
});
