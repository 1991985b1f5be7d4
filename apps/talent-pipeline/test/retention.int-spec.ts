import { Db, MongoClient } from 'mongodb';
import { allowPlacement, getOk, httpJson, postOk, testMongoUri, waitForConsumed } from '@app/testing';
import { ErasureScheduler } from '../src/erasure/erasure-scheduler';
import { ErasureRequestsRepository } from '../src/erasure/erasure-requests.repository';
import { ADMIN_TOKEN, signAgreement, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(120_000);

describe('Retention sweep (real Kafka + Mongo-compatible server)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let mongo: MongoClient;
  let db: Db;

  beforeAll(async () => {
    service = await startTalentPipeline({
      // Placed students expire as soon as their last placement ended; never-placed ones never (rule unset).
      RETENTION_STUDENT_DAYS_AFTER_LAST_PLACEMENT: '0',
      // The test runs the sweep itself.
      RETENTION_SWEEP_MS: '3600000',
    });
    mongo = await MongoClient.connect(testMongoUri(service.database));
    db = mongo.db(service.database);
  });
  afterAll(async () => {
    await service?.close();
    await mongo?.close();
  });

  async function placedStudent(schoolId: string, enterpriseId: string, givenName: string, endAs?: 'completed' | 'terminated') {
    const base = service.baseUrl;
    const student = await postOk(`${base}/v1/students`, ADMIN_TOKEN, {
      schoolId,
      givenName,
      familyName: 'Retained',
      programme: 'cnc',
      cohort: '2025',
    });
    await allowPlacement({ baseUrl: base, adminToken: ADMIN_TOKEN, schoolId, enterpriseId, studentId: student.id });
    const placement = await postOk(`${base}/v1/placements`, ADMIN_TOKEN, {
      studentId: student.id,
      enterpriseId,
      kind: 'internship',
      role: 'CNC intern',
      startDate: '2026-03-01',
    });
    const move = (to: string) => postOk(`${base}/v1/placements/${placement.id}/transitions`, ADMIN_TOKEN, { to });
    await move('offered');
    await move('accepted');
    await signAgreement(base, placement.id);
    await move('active');
    if (endAs) await move(endAs);
    return student;
  }

  it('files a retention request for expired students only, under a lease; the school report still counts their placements', async () => {
    const base = service.baseUrl;
    const school = await postOk(`${base}/v1/schools`, ADMIN_TOKEN, { name: 'Retention College', country: 'CN' });
    const enterprise = await postOk(`${base}/v1/enterprises`, ADMIN_TOKEN, { name: 'Retention Works', country: 'CN' });
    const ended = await placedStudent(school.id, enterprise.id, 'Expiredname', 'completed');
    const terminated = await placedStudent(school.id, enterprise.id, 'Terminatedname', 'terminated');
    const active = await placedStudent(school.id, enterprise.id, 'Activename');
    const unplaced = await postOk(`${base}/v1/students`, ADMIN_TOKEN, {
      schoolId: school.id,
      givenName: 'Unplacedname',
      familyName: 'Retained',
      programme: 'cnc',
      cohort: '2025',
    });
    const report = () => getOk(`${base}/v1/schools/${school.id}/reports/placements`, school.apiKey);
    const before = await report();
    expect(before.totals).toMatchObject({ students: 4, placedStudents: 3 });

    const scheduler = service.app.get(ErasureScheduler, { strict: false });
    const requests = service.app.get(ErasureRequestsRepository, { strict: false });
    // Another replica holds the sweep's lease: this one does nothing.
    expect(await requests.acquireLease('erasure.retention-sweep', 'other-replica', 60_000)).toBe(true);
    expect(await scheduler.sweep()).toBe(0);
    expect(await requests.acquireLease('erasure.retention-sweep', 'yet-another-replica', 60_000)).toBe(false);
    // Its lease lapses (set in the past): this replica takes over and sweeps.
    expect(await requests.acquireLease('erasure.retention-sweep', 'other-replica', -1_000)).toBe(true);
    expect(await scheduler.sweep()).toBe(2);
    // A second sweep while the requests are open files nothing new.
    expect(await scheduler.sweep()).toBe(0);

    const listed = (
      await httpJson('GET', `${base}/v1/operator/erasure-requests?schoolId=${school.id}&origin=retention`, { token: ADMIN_TOKEN })
    ).body;
    expect(listed.items.map((r: any) => r.studentId).sort()).toEqual([ended.id, terminated.id].sort());
    expect(listed.items[0]).toMatchObject({ origin: 'retention', requestedBy: 'retention:0 days after the last placement ended' });
    expect(listed.items[0].reason).toBe('retention period ended: 0 days after the last placement ended');

    await waitForConsumed(service, 'both retention requests applied', async () => {
      const erased = await db.collection('students').countDocuments({ schoolId: school.id, erasedAt: { $exists: true } });
      return erased === 2;
    });
    const names = (await db.collection('students').find({ schoolId: school.id }).toArray()).map((s) => s.givenName).sort();
    expect(names).toEqual(['Activename', 'Unplacedname', undefined, undefined]);
    expect(await db.collection('students').findOne({ _id: active.id })).toMatchObject({ givenName: 'Activename' });
    expect(await db.collection('students').findOne({ _id: unplaced.id })).toMatchObject({ givenName: 'Unplacedname' });

    // The erased students' placements are still counted, anonymously: the report is the same.
    const after = await report();
    expect({ ...after, generatedAt: undefined }).toEqual({ ...before, generatedAt: undefined });
  });
});
