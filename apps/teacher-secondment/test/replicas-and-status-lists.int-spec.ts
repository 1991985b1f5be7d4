import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { fetchChecked, httpJson, waitFor } from '@app/testing';
import { ComplianceService } from '../src/compliance/compliance.service';
import { CredentialsService } from '../src/credentials/credentials.service';
import { STATUS_LIST_LENGTH } from '../src/credentials/domain/bitstring-status-list';
import { SigningKeysService } from '../src/credentials/signing-keys.service';
import { TeachersService } from '../src/teachers/teachers.service';
import {
  activeSecondment,
  ADMIN_TOKEN,
  EventRecorder,
  logAndCountersign,
  ok,
  publishPost,
  registerTeacher,
  SecondmentService,
  seedPartnership,
  startTeacherSecondment,
  bitIsSet,
  testRule as harnessTestRule,
} from './teacher-secondment.harness';

jest.setTimeout(180_000);

const PUBLIC_BASE_URL = 'https://secondment.example.org';
const KEY_CACHE_MS = 1_000;

const testRule = (version: number, effectiveFrom: string, requiredDays: number) =>
  harnessTestRule({ id: 'zr-replica-practice', jurisdiction: 'ZR', title: 'Replica test rule' }, version, effectiveFrom, requiredDays);

describe('two replicas on one database; revocation lists past the first (real Kafka and Mongo)', () => {
  let a: SecondmentService;
  let b: SecondmentService;
  let partners: Awaited<ReturnType<typeof seedPartnership>>;
  let recorder: EventRecorder;
  let mongo: MongoClient;
  let qualified: { teacherId: string; credential: { id: string; kid: string; statusListIndex: number } };

  /** A teacher of the partner school who meets the junior tier, every step through `replica`, and the credential it issued. */
  async function qualify(replica: SecondmentService) {
    const base = replica.baseUrl;
    const teacher = await registerTeacher(base, partners.schoolKey);
    const post = await publishPost(base, partners.enterpriseKey, partners.schoolId);
    const secondment = await activeSecondment(base, partners, teacher.id, post.id);
    await logAndCountersign(base, partners, secondment.id, ['2026-09-07', '2026-09-08']);
    await ok('POST', `${base}/v1/secondments/${secondment.id}/complete`, partners.enterpriseKey);
    const credential = await waitFor(
      'the credential',
      async () => (await ok('GET', `${base}/v1/credentials?teacherId=${teacher.id}`, partners.schoolKey)).items[0],
      { timeoutMs: 30_000 },
    );
    return { teacherId: teacher.id as string, credential };
  }

  beforeAll(async () => {
    const env = { PUBLIC_BASE_URL, SIGNING_KEY_CACHE_MS: String(KEY_CACHE_MS), COMPLIANCE_SWEEP_ON_START: 'false' };
    a = await startTeacherSecondment(env);
    b = await startTeacherSecondment(env, { replicaOf: a });
    mongo = await MongoClient.connect(process.env.TEST_MONGO_URL ?? 'mongodb://127.0.0.1:27018');
    partners = await seedPartnership(a, { country: 'ZR' });
    await ok('POST', `${a.baseUrl}/v1/rule-sets`, ADMIN_TOKEN, testRule(1, '2000-01-01', 2));
    recorder = new EventRecorder(['secondment.credential.v1', 'secondment.supervisor.v1'].map((t) => `${a.prefix}${t}`));
    await recorder.start();
  });
  afterAll(async () => {
    await recorder?.stop();
    await mongo?.close();
    await b?.close();
    await a?.close();
  });

  it('a key rotated through one replica signs what the other replica issues next (within SIGNING_KEY_CACHE_MS)', async () => {
    const statusListKid = async (replica: SecondmentService) =>
      decodeProtectedHeader((await fetchChecked(`${replica.baseUrl}/v1/credentials/status/revocation-1`)).text).kid;
    // Replica b has signed with the current key, so it holds it in its cache.
    const before = await statusListKid(b);
    const rotated = await ok('POST', `${a.baseUrl}/v1/credentials/keys/rotate`, ADMIN_TOKEN);
    expect(rotated.kid).not.toBe(before);
    await sleep(KEY_CACHE_MS + 200);

    qualified = await qualify(b);
    expect(qualified.credential.kid).toBe(rotated.kid);
    expect(decodeProtectedHeader((qualified.credential as unknown as { jwt: string }).jwt).kid).toBe(rotated.kid);
    expect(await statusListKid(b)).toBe(rotated.kid);
    const jwks = await ok('GET', `${b.baseUrl}/.well-known/jwks.json`, '');
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual(expect.arrayContaining([before, rotated.kid]));
    await jwtVerify((qualified.credential as unknown as { jwt: string }).jwt, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });
  });

  it('concurrent reconciles of one teacher on both replicas issue exactly one credential and one supervisor.offered', async () => {
    // A teacher who meets the tier and has no credential yet: a copy of the qualified teacher under a new id.
    const teachers = mongo.db(a.database).collection<Record<string, unknown> & { _id: string }>('teachers');
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the copy leaves the original's outbox flag behind
    const { outboxPending, ...original } = (await teachers.findOne({ _id: qualified.teacherId }))!;
    const teacherId = randomUUID();
    await teachers.insertOne({ ...original, _id: teacherId, version: 1, outbox: [], appliedEvents: [] });

    const reconcileOn = async (replica: SecondmentService) => {
      const teacher = (await replica.app.get(TeachersService).findById(teacherId))!;
      const standing = await replica.app.get(ComplianceService).standing(teacher);
      await replica.app.get(CredentialsService).reconcile(standing);
    };
    await Promise.all([a, b, a, b, a, b, a, b].map(reconcileOn));

    const credentials = await mongo.db(a.database).collection('credentials').find({ teacherId }).toArray();
    expect(credentials.map((c) => c.status)).toEqual(['active']);
    await waitFor('supervisor.offered on Kafka', () =>
      recorder.ofType('secondment.supervisor.offered.v1').some((e) => e.data.teacherId === teacherId),
    );
    await sleep(1_500); // several outbox polls: a second offer would have been relayed by now
    expect(recorder.ofType('secondment.supervisor.offered.v1').filter((e) => e.data.teacherId === teacherId)).toHaveLength(1);
    expect(recorder.ofType('credential.issued.v1').filter((e) => e.data.teacherId === teacherId)).toHaveLength(1);
    expect(
      await mongo
        .db(a.database)
        .collection('credential_claims')
        .countDocuments({ _id: teacherId } as never),
    ).toBe(0);
  });

  it('credentials past the first 131,072 go to revocation-2: it is served, signed and verifiable, and revocations land in it', async () => {
    await mongo
      .db(a.database)
      .collection<{ _id: string; next: number }>('status_list_counters')
      .updateOne({ _id: 'revocation-1' }, { $set: { next: STATUS_LIST_LENGTH + 10 } }, { upsert: true });
    const { credential } = await qualify(a);
    expect(credential).toMatchObject({ statusList: 'revocation-2', statusListIndex: 10 });
    const vc = decodeJwt((credential as unknown as { jwt: string }).jwt) as { credentialStatus: Record<string, string> };
    expect(vc.credentialStatus).toMatchObject({
      statusListIndex: '10',
      statusListCredential: `${PUBLIC_BASE_URL}/v1/credentials/status/revocation-2`,
      id: `${PUBLIC_BASE_URL}/v1/credentials/status/revocation-2#10`,
    });

    const jwks = createLocalJWKSet(await ok('GET', `${a.baseUrl}/.well-known/jwks.json`, ''));
    const listOf = async (replica: SecondmentService, name: string) => {
      const response = await fetchChecked(`${replica.baseUrl}/v1/credentials/status/${name}`);
      expect(response.status).toBe(200);
      expect(response.contentType).toContain('application/vc+jwt');
      const { payload } = await jwtVerify(response.text, jwks, { algorithms: ['EdDSA'] });
      expect(payload.id).toBe(`${PUBLIC_BASE_URL}/v1/credentials/status/${name}`);
      return (payload.credentialSubject as { encodedList: string }).encodedList;
    };
    expect(bitIsSet(await listOf(b, 'revocation-2'), 10)).toBe(false);
    expect(
      await ok('POST', `${b.baseUrl}/v1/credentials/verify`, '', { jwt: (credential as unknown as { jwt: string }).jwt }),
    ).toMatchObject({
      valid: true,
      revoked: false,
      credentialId: credential.id,
    });
    for (const name of ['revocation-3', 'revocation-0', 'revocation-02', 'suspension-1']) {
      expect((await httpJson('GET', `${a.baseUrl}/v1/credentials/status/${name}`)).status).toBe(404);
    }

    // A stricter rule from today lapses every teacher: the credentials are revoked, each in its own list.
    await ok('POST', `${a.baseUrl}/v1/rule-sets`, ADMIN_TOKEN, testRule(2, new Date().toISOString().slice(0, 10), 3));
    await waitFor(
      'the revocation',
      async () => (await ok('GET', `${a.baseUrl}/v1/credentials/${credential.id}`, partners.schoolKey)).status === 'revoked',
      { timeoutMs: 30_000 },
    );
    const second = await listOf(b, 'revocation-2');
    expect(bitIsSet(second, 10)).toBe(true);
    expect(bitIsSet(second, 11)).toBe(false);
    await waitFor(
      'the first credential revoked',
      async () => (await ok('GET', `${a.baseUrl}/v1/credentials/${qualified.credential.id}`, partners.schoolKey)).status === 'revoked',
      { timeoutMs: 30_000 },
    );
    const first = await listOf(a, 'revocation-1');
    expect(bitIsSet(first, qualified.credential.statusListIndex)).toBe(true);
    expect(bitIsSet(first, 10)).toBe(false);

    expect(
      await ok('POST', `${b.baseUrl}/v1/credentials/verify`, '', { jwt: (credential as unknown as { jwt: string }).jwt }),
    ).toMatchObject({
      valid: false,
      signatureValid: true,
      revoked: true,
    });
  });

  it('rotations made at once on both replicas leave exactly one active key, and both replicas keep signing', async () => {
    const signingKeys = mongo.db(a.database).collection<{ _id: string; status: string }>('signing_keys');
    const jwks = async () => createLocalJWKSet(await ok('GET', `${a.baseUrl}/.well-known/jwks.json`, ''));
    for (let round = 0; round < 5; round++) {
      await Promise.all([a, b, a, b].map((replica) => replica.app.get(SigningKeysService).rotate()));
      expect(await signingKeys.countDocuments({ status: 'active' })).toBe(1);
    }
    await sleep(KEY_CACHE_MS + 200);
    for (const replica of [a, b]) {
      const list = await fetchChecked(`${replica.baseUrl}/v1/credentials/status/revocation-1`);
      expect(list.status).toBe(200);
      await jwtVerify(list.text, await jwks(), { algorithms: ['EdDSA'] });
    }
  });

  it('past 100 rotations the JWKS still publishes the active key: what it signs verifies', async () => {
    const keys = a.app.get(SigningKeysService);
    const first = (await ok('GET', `${a.baseUrl}/.well-known/jwks.json`, '')).keys[0].kid;
    for (let i = 0; i < 101; i++) await keys.rotate();
    const jwks = await ok('GET', `${a.baseUrl}/.well-known/jwks.json`, '');
    const active = (await keys.signingKey()).kid;
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual(expect.arrayContaining([first, active]));
    const list = await fetchChecked(`${a.baseUrl}/v1/credentials/status/revocation-1`);
    expect(decodeProtectedHeader(list.text).kid).toBe(active);
    await jwtVerify(list.text, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });
  });
});
