import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { httpJson, testMongoUri, waitFor } from '@app/testing';
import {
  ADMIN_TOKEN,
  KEY_ENCRYPTION_KEY,
  ok,
  registerTeacher,
  SecondmentService,
  seedPartnership,
  startTeacherSecondment,
} from '../../apps/teacher-secondment/test/teacher-secondment.harness';
import { KeyBox } from '../../apps/teacher-secondment/src/credentials/key-box';
import { backfillRdHours, main } from './ops';

jest.setTimeout(120_000);

/**
 * Before registration crediting existed, R&D hours for a teacher id not registered yet were kept
 * in rd_hours and nothing else: no marker, and registration did not look for them. These
 * documents are written here the way that code wrote them.
 */
describe('ops rd-hours-backfill: R&D hours stranded before the teacher was registered (real Kafka and Mongo)', () => {
  let service: SecondmentService;
  let client: MongoClient;
  let partners: Awaited<ReturnType<typeof seedPartnership>>;
  const operator = () => ({ url: service.baseUrl, token: ADMIN_TOKEN, operator: 'ops-test' });

  const stranded = (teacherId: string, date: string, schoolId = partners.schoolId) => ({
    _id: `entry-${randomUUID()}`,
    teacherId,
    schoolId,
    enterpriseId: partners.enterpriseId,
    projectId: 'project-gearbox',
    date,
    hours: 8,
    activity: 'gearbox test rig',
    fromEvent: `urn:school-enterprise:rd-collaboration/${randomUUID()}`,
    receivedAt: new Date('2026-11-01T10:00:00Z'),
  });

  beforeAll(async () => {
    service = await startTeacherSecondment({ COMPLIANCE_SWEEP_ON_START: 'false' });
    partners = await seedPartnership(service);
    client = await MongoClient.connect(testMongoUri(service.database));
  });
  afterAll(async () => {
    await client?.close();
    await service?.close();
  });

  it('credits them once, only for the teacher’s own school, through the operator command; unregistered ids are credited at registration', async () => {
    const db = client.db(service.database);
    const registeredId = randomUUID();
    const laterId = randomUUID();
    const own = [stranded(registeredId, '2026-10-20'), stranded(registeredId, '2026-10-21')];
    const otherSchool = stranded(registeredId, '2026-10-22', randomUUID());
    await db.collection('rd_hours').insertMany([...own, otherSchool, stranded(laterId, '2026-10-23')] as never[]);

    // The teacher registered after the fix: with no marker, registration does not find the old hours.
    await registerTeacher(service.baseUrl, partners.schoolKey, { id: registeredId, displayName: 'Gao Fei' });
    await waitFor(
      'the first compliance answer',
      async () => (await ok('GET', `${service.baseUrl}/v1/teachers/${registeredId}`, partners.schoolKey)).compliance,
    );
    const compliance = () => ok('GET', `${service.baseUrl}/v1/teachers/${registeredId}/compliance?asOf=2026-11-01`, partners.schoolKey);
    expect((await compliance()).credited.bySource.rd).toBe(0);

    // Only the operator may run it.
    expect((await httpJson('POST', `${service.baseUrl}/v1/rd-hours/backfill`, { token: partners.schoolKey })).status).toBe(403);

    const lines: string[] = [];
    await main(['rd-hours-backfill', '--url', service.baseUrl, '--token', ADMIN_TOKEN], (line) => lines.push(line));
    expect(lines.join('\n')).toMatch(
      /^2 R&D hour entries credited to 1 teacher\(s\) \(2 teacher id\(s\) with stored hours; 1 entr\(ies\) of another school left out; 1 id\(s\) not registered yet/,
    );

    const answer = await waitFor('the recomputed compliance with the R&D hours', async () => {
      const t = await ok('GET', `${service.baseUrl}/v1/teachers/${registeredId}`, partners.schoolKey);
      return t.compliance?.creditedDays === 2 && t.compliance;
    });
    expect(answer).toMatchObject({ creditedDays: 2 });
    expect((await compliance()).credited).toMatchObject({ total: 2, bySource: { rd: 2 } });
    const teacherDoc = await db.collection<{ _id: string; rdHours: { entryId: string }[] }>('teachers').findOne({ _id: registeredId });
    expect(teacherDoc!.rdHours.map((e) => e.entryId).sort()).toEqual(own.map((e) => e._id).sort());

    // Idempotent: a second run credits nothing and changes nothing.
    expect(await backfillRdHours(operator())).toEqual({
      teachersScanned: 2,
      teachersCredited: 0,
      entriesCredited: 0,
      entriesOfOtherSchools: 1,
      teachersAwaitingRegistration: 1,
    });
    const again = await db.collection<{ _id: string; rdHours: unknown[] }>('teachers').findOne({ _id: registeredId });
    expect(again!.rdHours).toHaveLength(2);

    // The id not registered yet was marked: its registration now credits its stranded hours.
    await registerTeacher(service.baseUrl, partners.schoolKey, { id: laterId, displayName: 'Qian Yu' });
    const later = await waitFor('the later teacher credited at registration', async () => {
      const t = await ok('GET', `${service.baseUrl}/v1/teachers/${laterId}`, partners.schoolKey);
      return t.compliance?.creditedDays === 1 && t.compliance;
    });
    expect(later).toMatchObject({ creditedDays: 1 });
    expect(await backfillRdHours(operator())).toMatchObject({ teachersCredited: 0, entriesCredited: 0, teachersAwaitingRegistration: 0 });
  });

  it('reseal-secrets --service teacher-secondment moves a signing key sealed in clear under the current key', async () => {
    const client = await new MongoClient(testMongoUri(service.database)).connect();
    try {
      const keys = client.db().collection('signing_keys');
      const [key] = await keys.find().toArray();
      // As a demo without CREDENTIAL_KEY_ENCRYPTION_KEY would have stored it.
      const plainJwk = new KeyBox(KEY_ENCRYPTION_KEY).open(key.privateJwk);
      await keys.updateOne({ _id: key._id }, { $set: { privateJwk: { alg: 'none', data: plainJwk } } });
      const lines: string[] = [];
      await main(['reseal-secrets', '--service', 'teacher-secondment', '--url', service.baseUrl, '--token', ADMIN_TOKEN], (l) =>
        lines.push(l),
      );
      expect(lines.join('\n').split('\n')).toEqual([
        'credential signing keys: 1 resealed, 0 no configured key opens',
        'previous keys configured: 0',
      ]);
      const stored = (await keys.findOne({ _id: key._id }))!.privateJwk;
      expect(stored.alg).toBe('A256GCM');
      expect(new KeyBox(KEY_ENCRYPTION_KEY).open(stored)).toBe(plainJwk);
    } finally {
      await client.close();
    }
  });
});
