import { MongoClient } from 'mongodb';
import { activateAgreement, allowPlacement, erpHireEvent, httpJson, postErpEvents, testMongoUri, waitFor } from '@app/testing';
import { StudentsRepository } from '../src/students/students.repository';
import { ADMIN_TOKEN, erpTestClient, seedActiveInternship, signAgreement, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(120_000);

type Service = Awaited<ReturnType<typeof startTalentPipeline>>;

const PERIOD = { from: '2026-03-01', to: '2026-03-30' };

/**
 * PATCH /v1/students/{id}: an operator changes a student's profile with a JSON merge patch, and
 * the rest of the service follows: matching on another replica, the school's report, ERP hires.
 */
describe("A student's profile changed by the operator (real Kafka + Mongo-compatible server)", () => {
  let service: Service;
  let replica: Service;
  let mongo: MongoClient;
  let school: { id: string; apiKey: string };

  const post = async (path: string, body: unknown, token = ADMIN_TOKEN) => {
    const response = await httpJson('POST', `${service.baseUrl}${path}`, { token, body });
    if (response.status >= 300) throw new Error(`POST ${path} -> ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const patch = (id: string, body: unknown, headers?: Record<string, string>, on: Service = service) =>
    httpJson('PATCH', `${on.baseUrl}/v1/students/${id}`, { token: ADMIN_TOKEN, body, headers });
  /**
   * An enterprise under an internship agreement with `schoolId` and its welder requisition; `matched()`
   * is who the replica ranks for it (the replica's pool follows changes through the change log).
   */
  const welderDemandAt = async (schoolId: string, name: string) => {
    const enterprise = await post('/v1/enterprises', { name, country: 'CN' });
    await activateAgreement({
      baseUrl: service.baseUrl,
      adminToken: ADMIN_TOKEN,
      schoolId,
      enterpriseId: enterprise.id,
      kinds: ['internship'],
    });
    const requisition = await post(
      `/v1/enterprises/${enterprise.id}/requisitions`,
      { role: 'Welder', skills: [{ label: 'Welding' }], headcount: 1, kind: 'internship', period: PERIOD, location: 'Suzhou' },
      enterprise.apiKey,
    );
    const matched = async (): Promise<string[]> => {
      const response = await httpJson('GET', `${replica.baseUrl}/v1/enterprises/${enterprise.id}/requisitions/${requisition.id}/matches`, {
        token: enterprise.apiKey,
      });
      expect(response.status).toBe(200);
      return response.body.items.map((item: { studentId: string }) => item.studentId);
    };
    return { enterprise, matched };
  };
  /** The student's internship at the enterprise, proposed under an agreement with `schoolId` and the student's consent. */
  const proposeInternship = async (studentId: string, schoolId: string, enterpriseId: string, startDate = '2026-03-01') => {
    await allowPlacement({ baseUrl: service.baseUrl, adminToken: ADMIN_TOKEN, schoolId, enterpriseId, studentId });
    return post('/v1/placements', { studentId, enterpriseId, kind: 'internship', role: 'Welder', startDate });
  };
  const storedStudent = (id: string) =>
    mongo
      .db()
      .collection('students')
      .findOne({ _id: id as never });
  /** Files the student's erasure as the operator and waits until this service has erased its copy. */
  const eraseStudent = async (id: string) => {
    await post('/v1/operator/erasure-requests', { studentId: id, reason: 'GDPR Art. 17' });
    await waitFor('the erasure to finish', async () => (await storedStudent(id))?.erasedAt);
  };
  const read = async (id: string) => (await httpJson('GET', `${service.baseUrl}/v1/students/${id}`, { token: ADMIN_TOKEN })).body;
  const register = async (extra: Record<string, unknown> = {}) =>
    post('/v1/students', {
      schoolId: school.id,
      givenName: 'Li',
      familyName: 'Wei',
      programme: 'welding',
      cohort: '2025',
      externalIds: [{ value: 'S-1', schemeId: 'student-number' }],
      skills: [{ label: 'Welding' }],
      availability: { from: '2026-01-01', to: '2026-12-31' },
      ...extra,
    });

  beforeAll(async () => {
    service = await startTalentPipeline();
    // A second replica of the same deployment: its matching pool learns of a change through the change log.
    replica = await startTalentPipeline({
      MONGO_URI: testMongoUri(service.database),
      KAFKA_TOPIC_PREFIX: service.prefix,
      KAFKA_GROUP_ID: `${service.prefix}talent-pipeline`,
    });
    mongo = await MongoClient.connect(testMongoUri(service.database));
    school = await post('/v1/schools', { name: 'Profile College', country: 'CN' });
  });
  afterAll(async () => {
    await mongo?.close();
    await replica?.close();
    await service?.close();
  });

  it('replaces the fields a patch names and keeps the others; null removes skills and availability and empties the HR ids', async () => {
    const student = await register();
    const renamed = await patch(student.id, { familyName: 'Wang', cohort: '2026', skills: [{ label: 'Brazing' }] });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({
      ...student,
      familyName: 'Wang',
      cohort: '2026',
      skills: [{ label: 'Brazing' }],
    });
    expect(await read(student.id)).toEqual(renamed.body);

    // As a merge patch is sent: application/merge-patch+json.
    const cleared = await patch(
      student.id,
      { skills: null, availability: null, externalIds: null },
      { 'content-type': 'application/merge-patch+json' },
    );
    expect(cleared.status).toBe(200);
    expect(cleared.body).toEqual({
      ...renamed.body,
      externalIds: [],
      formerExternalIds: student.externalIds,
      skills: undefined,
      availability: undefined,
    });
    expect(cleared.body).not.toHaveProperty('skills');
    expect(cleared.body).not.toHaveProperty('availability');
    const stored = await storedStudent(student.id);
    expect(stored).not.toHaveProperty('skills');
    expect(stored).not.toHaveProperty('availability');
    expect(stored?.externalIds).toEqual([]);
  });

  it.each([
    ['the school', { schoolId: '11111111-1111-4111-8111-111111111111' }, 'schoolId', 'school-transfers'],
    ['a field no student has', { nickname: 'Lee' }, 'nickname', 'should not exist'],
    ['no field at all', {}, '(body)', 'at least one field'],
    ['an empty name', { givenName: '' }, 'givenName', ''],
    ['a null name (only optional fields can be removed)', { familyName: null }, 'familyName', ''],
    ['availability ending before it starts', { availability: { from: '2026-05-01', to: '2026-04-01' } }, 'availability.to', 'before'],
    ['a skill without a label', { skills: [{ escoUri: 'http://data.europa.eu/esco/skill/x' }] }, 'skills.0.label', ''],
  ])('refuses %s with 400 naming the field, and changes nothing', async (_what, body, field, message) => {
    const student = await register();
    const refused = await patch(student.id, body);
    expect(refused.status).toBe(400);
    expect(refused.contentType).toContain('application/problem+json');
    const named = (refused.body.errors as { field: string; message: string }[]).find((error) => error.field === field);
    expect(named).toBeDefined();
    if (message) expect(named!.message).toContain(message);
    expect(await read(student.id)).toEqual(student);
  });

  it('answers 404 for an unknown student, and for an erased one without writing its personal data back', async () => {
    expect((await patch('22222222-2222-4222-8222-222222222222', { cohort: '2026' })).status).toBe(404);

    const student = await register();
    await eraseStudent(student.id);

    const refused = await patch(student.id, { givenName: 'Li', skills: [{ label: 'Welding' }] });
    expect(refused.status).toBe(404);
    const stored = await storedStudent(student.id);
    expect(stored).not.toHaveProperty('givenName');
    expect(stored).not.toHaveProperty('skills');
  });

  it('answers 404 for a student whose erasure has started, writing nothing, and moves no such student either', async () => {
    const student = await register();
    const to = await post('/v1/schools', { name: 'Erasing College', country: 'CN' });
    // The mark the erasure sets first, before it sweeps the student's copies.
    await mongo
      .db()
      .collection('students')
      .updateOne({ _id: student.id as never }, { $set: { erasureStartedAt: new Date() } });
    expect((await patch(student.id, { givenName: 'Late' })).status).toBe(404);
    expect((await patch(student.id, { externalIds: [{ value: 'LATE-1', schemeId: 'student-number' }] })).status).toBe(404);
    expect(
      (
        await httpJson('POST', `${service.baseUrl}/v1/students/${student.id}/school-transfers`, {
          token: ADMIN_TOKEN,
          body: { schoolId: to.id },
        })
      ).status,
    ).toBe(404);
    const stored = await storedStudent(student.id);
    expect(stored).toMatchObject({ givenName: 'Li', schoolId: school.id, externalIds: student.externalIds });
    expect(stored).not.toHaveProperty('schoolTransfers');
    expect(stored).not.toHaveProperty('formerExternalIds');
  });

  it('answers with the whole record only with an access reason, and logs the read in the operator access log', async () => {
    const student = await register();
    const unexplained = await httpJson('PATCH', `${service.baseUrl}/v1/students/${student.id}`, {
      token: ADMIN_TOKEN,
      operator: false,
      body: { cohort: '2030' },
    });
    expect(unexplained.status).toBe(400);
    expect(JSON.stringify(unexplained.body.errors)).toMatch(/x-operator-id|x-access-reason/i);
    expect((await read(student.id)).cohort).toBe('2025');
    expect((await patch(student.id, { cohort: '2030' })).status).toBe(200);
    const logged = await waitFor(
      'the access log entry',
      async () =>
        (await mongo.db().collection('operator_access_log').findOne({ studentIds: student.id, route: 'PATCH /v1/students/:id' })) ??
        undefined,
    );
    expect(logged).toMatchObject({ path: `/v1/students/${student.id}`, reason: expect.any(String), operatorId: expect.any(String) });
  });

  it("matches by the new availability on another replica at its next request, and the school's report counts the new cohort", async () => {
    const { enterprise, matched: matchedOnReplica } = await welderDemandAt(school.id, 'Profile Works');
    // Away for the whole of the requisition's period.
    const student = await register({ cohort: 'evening', availability: { from: '2026-06-01', to: '2026-12-31' } });
    await post(`/v1/students/${student.id}/consents`, { enterpriseId: enterprise.id, purpose: 'matching', grantedBy: 'student' });
    // The replica's pool is loaded now, with the student unavailable.
    expect(await matchedOnReplica()).not.toContain(student.id);

    expect((await patch(student.id, { availability: { from: '2026-02-01', to: '2026-12-31' }, cohort: 'day' })).status).toBe(200);
    expect(await matchedOnReplica()).toContain(student.id);

    const report = await httpJson('GET', `${replica.baseUrl}/v1/schools/${school.id}/reports/placements`, { token: school.apiKey });
    expect(report.status).toBe(200);
    const cohorts = (report.body.groups as { cohort: string; students: number }[]).map((group) => group.cohort);
    expect(cohorts).toContain('day');
    expect(cohorts).not.toContain('evening');
  });

  it("moves the student's placements to the new programme and cohort, so the school's report counts the student placed there", async () => {
    const enterprise = await post('/v1/enterprises', { name: 'Regroup Works', country: 'CN' });
    const student = await register({ programme: 'welding', cohort: 'spring' });
    const placement = await proposeInternship(student.id, school.id, enterprise.id);
    for (const to of ['offered', 'accepted', 'active']) {
      if (to === 'active') await signAgreement(service.baseUrl, placement.id);
      await post(`/v1/placements/${placement.id}/transitions`, { to });
    }
    const groupOf = async (programme: string, cohort: string) => {
      const report = await httpJson('GET', `${replica.baseUrl}/v1/schools/${school.id}/reports/placements`, { token: school.apiKey });
      expect(report.status).toBe(200);
      return (report.body.groups as { programme: string; cohort: string; students: number; placedStudents: number }[]).find(
        (group) => group.programme === programme && group.cohort === cohort,
      );
    };
    expect(await groupOf('welding', 'spring')).toMatchObject({ students: 1, placedStudents: 1 });

    expect((await patch(student.id, { programme: 'brazing', cohort: 'autumn' })).status).toBe(200);
    expect(await groupOf('brazing', 'autumn')).toMatchObject({ students: 1, placedStudents: 1 });
    expect(await groupOf('welding', 'spring')).toBeUndefined();
    const moved = await httpJson('GET', `${service.baseUrl}/v1/placements/${placement.id}`, { token: ADMIN_TOKEN });
    expect(moved.body).toMatchObject({ programme: 'brazing', cohort: 'autumn', status: 'active' });
  });

  it('matches ERP hires by the new HR ids, and holds one naming a removed id for review', async () => {
    const seeded = await seedActiveInternship(service.baseUrl, {
      studentExternalId: { value: `OLD-${Date.now()}`, schemeId: 'employee-number' },
    });
    const erp = erpTestClient(service);
    const hireBy = (value: string) =>
      erpHireEvent({
        person: { ids: [{ value, schemeId: 'employee-number' }] },
        position: { title: 'Technician' },
        hireDate: '2026-09-01',
      });
    const sign = (body: object) =>
      postErpEvents({
        baseUrl: service.baseUrl,
        enterpriseId: seeded.enterprise.id,
        secret: seeded.enterprise.erpSigningSecret,
        body,
        batch: true,
      });

    const newId = `NEW-${Date.now()}`;
    expect((await patch(seeded.student.id, { externalIds: [{ value: newId, schemeId: 'employee-number' }] })).status).toBe(200);

    const byOldId = hireBy(seeded.student.externalIds[0].value);
    expect((await sign([byOldId])).status).toBe(202);
    expect((await erp.heldItem(seeded, byOldId.id)).reason).toBeDefined();
    expect((await erp.placementOf(seeded.placement.id)).status).toBe('active');

    expect((await sign([hireBy(newId)])).status).toBe(202);
    await erp.placementIn(seeded.placement.id, 'hired');
  });

  it('keeps the HR ids a change removed for the erasure: an ERP event naming one is pseudonymised with the student', async () => {
    const oldId = { value: `GONE-${Date.now()}`, schemeId: 'employee-number' };
    const seeded = await seedActiveInternship(service.baseUrl, { studentExternalId: oldId });
    const erp = erpTestClient(service);
    expect((await patch(seeded.student.id, { externalIds: [{ value: `KEPT-${Date.now()}`, schemeId: 'employee-number' }] })).status).toBe(
      200,
    );
    expect((await storedStudent(seeded.student.id))?.formerExternalIds).toEqual([expect.objectContaining(oldId)]);
    // The operator sees them too: the record answers what the service still holds about the student.
    expect((await read(seeded.student.id)).formerExternalIds).toEqual([oldId]);

    // Named by the removed id only: no one has it now, so it waits for an operator, as sent.
    const byOldId = erpHireEvent({ person: { ids: [oldId] }, position: { title: 'Technician' }, hireDate: '2026-09-01' });
    expect((await erp.post(seeded, [byOldId])).status).toBe(202);
    await erp.heldItem(seeded, byOldId.id);

    await eraseStudent(seeded.student.id);
    const kept = await mongo.db().collection('erp_review_queue').findOne({ 'event.id': byOldId.id });
    expect(kept!.event.data.person.ids).toEqual([{ ...oldId, value: '[erased]' }]);
    const erased = await storedStudent(seeded.student.id);
    expect(erased).not.toHaveProperty('formerExternalIds');

    // The removed id is among the hashes the erased student keeps: an event naming only it later
    // is recognised as about the erased student and kept without the id's value.
    const late = erpHireEvent({ person: { ids: [oldId] }, position: { title: 'Technician' }, hireDate: '2026-09-02' });
    expect((await erp.post(seeded, [late])).status).toBe(202);
    const stored = await waitFor(
      'the late event stored',
      async () =>
        (await mongo
          .db()
          .collection('erp_inbox')
          .findOne({ 'event.id': late.id, status: { $nin: ['received', 'accepted'] } })) ?? undefined,
    );
    expect(stored.event.data.person.ids).toEqual([{ ...oldId, value: '[erased]' }]);
    expect(JSON.stringify(stored)).not.toContain(oldId.value);
  });

  it("leaves an id a change moved to another student out of the first student's erasure: the other student's ERP events keep it", async () => {
    const shared = { value: `MOVED-${Date.now()}`, schemeId: 'employee-number' };
    // Typed on the wrong student first, then moved to the one it belongs to.
    const seeded = await seedActiveInternship(service.baseUrl, { studentExternalId: shared });
    const owner = await register({ externalIds: [] });
    expect((await patch(seeded.student.id, { externalIds: null })).status).toBe(200);
    expect((await patch(owner.id, { externalIds: [shared] })).status).toBe(200);

    // An ERP event naming the owner by the id: held for review (the owner has no placement there).
    const erp = erpTestClient(service);
    const aboutOwner = erpHireEvent({ person: { ids: [shared] }, position: { title: 'Technician' }, hireDate: '2026-09-03' });
    expect((await erp.post(seeded, [aboutOwner])).status).toBe(202);
    await erp.heldItem(seeded, aboutOwner.id);

    await eraseStudent(seeded.student.id);
    const kept = await mongo.db().collection('erp_review_queue').findOne({ 'event.id': aboutOwner.id });
    expect(kept!.event.data.person.ids).toEqual([expect.objectContaining(shared)]);
    // Nor is it among the erased student's hashes: an event naming it later is the owner's, not the erased student's.
    expect((await storedStudent(seeded.student.id))?.erasedIdHashes ?? []).toEqual([]);
  });

  describe('conditional changes (ETag and If-Match)', () => {
    const readTagged = (id: string) => httpJson('GET', `${service.baseUrl}/v1/students/${id}`, { token: ADMIN_TOKEN });
    const transferIf = (id: string, schoolId: string, ifMatch: string) =>
      httpJson('POST', `${service.baseUrl}/v1/students/${id}/school-transfers`, {
        token: ADMIN_TOKEN,
        body: { schoolId },
        headers: { 'if-match': ifMatch },
      });

    it('answers every read and change with the ETag of its version, and applies a patch only to the version If-Match names', async () => {
      const registered = await httpJson('POST', `${service.baseUrl}/v1/students`, {
        token: ADMIN_TOKEN,
        body: { schoolId: school.id, givenName: 'Zhao', familyName: 'Min', programme: 'welding', cohort: '2025' },
      });
      expect(registered.headers.get('etag')).toBe('"0"');
      const id = registered.body.id;
      expect((await readTagged(id)).headers.get('etag')).toBe('"0"');

      const first = await patch(id, { cohort: '2026' }, { 'if-match': '"0"' });
      expect(first.status).toBe(200);
      expect(first.headers.get('etag')).toBe('"1"');
      expect((await readTagged(id)).headers.get('etag')).toBe('"1"');

      // A second client still holding "0": refused, and its change is not applied.
      const stale = await patch(id, { cohort: '2027', skills: [{ label: 'Brazing' }] }, { 'if-match': '"0"' });
      expect(stale.status).toBe(412);
      expect(stale.contentType).toContain('application/problem+json');
      expect(stale.body).toMatchObject({ status: 412, title: 'precondition failed', etag: '"1"' });
      // The header says the same (not a tag of the problem body).
      expect(stale.headers.get('etag')).toBe('"1"');
      // A weak tag never matches (If-Match compares strongly), nor does a list without the current one.
      expect((await patch(id, { cohort: '2027' }, { 'if-match': 'W/"1"' })).status).toBe(412);
      expect((await patch(id, { cohort: '2027' }, { 'if-match': '"0", "2"' })).status).toBe(412);
      const unchanged = await readTagged(id);
      expect(unchanged.body).toMatchObject({ cohort: '2026' });
      expect(unchanged.body).not.toHaveProperty('skills');
      expect(unchanged.headers.get('etag')).toBe('"1"');

      const listed = await patch(id, { cohort: '2027' }, { 'if-match': '"0", "1"' });
      expect(listed.status).toBe(200);
      expect(listed.headers.get('etag')).toBe('"2"');
      const anyVersion = await patch(id, { programme: 'mechatronics' }, { 'if-match': '*' });
      expect(anyVersion.headers.get('etag')).toBe('"3"');
      // Without If-Match the change applies to whatever is stored, as before.
      const unconditional = await patch(id, { givenName: 'Zhou' });
      expect(unconditional.status).toBe(200);
      expect(unconditional.headers.get('etag')).toBe('"4"');
      expect(unconditional.body).toMatchObject({ givenName: 'Zhou', programme: 'mechatronics', cohort: '2027' });
    });

    it('lets exactly one of several changes sent at once with the same If-Match through', async () => {
      const student = await register();
      const cohorts = Array.from({ length: 24 }, (_, i) => String(2030 + i));
      const answers = await Promise.all(cohorts.map((cohort) => patch(student.id, { cohort }, { 'if-match': '"0"' })));
      const applied = answers.filter((answer) => answer.status === 200);
      expect(applied).toHaveLength(1);
      expect(answers.filter((answer) => answer.status === 412)).toHaveLength(cohorts.length - 1);
      const stored = await storedStudent(student.id);
      expect(stored?.version).toBe(1);
      expect(stored?.cohort).toBe(applied[0].body.cohort);
    });

    it('writes only at the version read: a change or a move that read the student before another change applies nothing', async () => {
      // The interleaving the read-then-write cannot rule out, played at the store: read at version 0, changed meanwhile.
      const student = await register();
      expect((await patch(student.id, { cohort: '2026' })).status).toBe(200);
      const students = service.app.get(StudentsRepository);
      expect(await students.updateProfile(student.id, { set: { cohort: '2099' }, unset: [], atVersion: 0 })).toBeNull();
      const to = await post('/v1/schools', { name: 'Raced College', country: 'CN' });
      expect(
        await students.moveToSchool(student.id, { fromSchoolId: school.id, toSchoolId: to.id, at: new Date(), atVersion: 0 }),
      ).toBeNull();
      expect(await storedStudent(student.id)).toMatchObject({ cohort: '2026', schoolId: school.id, version: 1 });
      expect(await students.updateProfile(student.id, { set: { cohort: '2027' }, unset: [], atVersion: 1 })).toMatchObject({
        cohort: '2027',
        version: 2,
      });
    });

    it('refuses a change of HR ids from a stale version without keeping any id as former', async () => {
      const student = await register({ externalIds: [{ value: `IF-${Date.now()}`, schemeId: 'student-number' }] });
      expect((await patch(student.id, { cohort: '2026' })).headers.get('etag')).toBe('"1"');
      const stale = await patch(student.id, { externalIds: [{ value: 'NEW-1', schemeId: 'student-number' }] }, { 'if-match': '"0"' });
      expect(stale.status).toBe(412);
      const stored = await storedStudent(student.id);
      expect(stored?.externalIds).toEqual(student.externalIds);
      expect(stored).not.toHaveProperty('formerExternalIds');
      expect(stored?.version).toBe(1);
    });

    it('moves a student only from the version If-Match names, and counts the move as a change; a repeat once moved is answered as is', async () => {
      const to = await post('/v1/schools', { name: 'Conditional College', country: 'CN' });
      const student = await register();
      expect((await patch(student.id, { cohort: '2026' })).status).toBe(200);

      const stale = await transferIf(student.id, to.id, '"0"');
      expect(stale.status).toBe(412);
      expect(stale.body.etag).toBe('"1"');
      expect((await storedStudent(student.id))?.schoolId).toBe(school.id);

      const moved = await transferIf(student.id, to.id, '"1"');
      expect(moved.status).toBe(200);
      expect(moved.headers.get('content-location')).toBe(`/v1/students/${student.id}`);
      expect(moved.body.schoolId).toBe(to.id);
      expect(moved.headers.get('etag')).toBe('"2"');
      // The request that moved it, sent again (its answer was lost, say): done already, not refused.
      const repeated = await transferIf(student.id, to.id, '"1"');
      expect(repeated.status).toBe(200);
      expect(repeated.headers.get('etag')).toBe('"2"');
      expect(repeated.body.schoolTransfers).toHaveLength(1);
    });
  });

  describe('moving to another school (POST /v1/students/{id}/school-transfers)', () => {
    const transfer = (id: string, body: unknown) =>
      httpJson('POST', `${service.baseUrl}/v1/students/${id}/school-transfers`, { token: ADMIN_TOKEN, body });
    const consentsAs = (asSchool: { id: string; apiKey: string }, studentId: string) =>
      httpJson('GET', `${service.baseUrl}/v1/schools/${asSchool.id}/students/${studentId}/consents`, { token: asSchool.apiKey });
    const reportOf = async (of: { id: string; apiKey: string }) =>
      (await httpJson('GET', `${replica.baseUrl}/v1/schools/${of.id}/reports/placements`, { token: of.apiKey })).body.totals;

    it("makes the student the new school's for matching, consents and reports, and notes the move; a repeat changes nothing", async () => {
      const from = await post('/v1/schools', { name: 'Leaving College', country: 'CN' });
      const to = await post('/v1/schools', { name: 'Joining College', country: 'CN' });
      // The enterprise is partnered with the new school only.
      const { enterprise, matched } = await welderDemandAt(to.id, 'Transfer Works');
      const student = await register({ schoolId: from.id });
      await post(`/v1/students/${student.id}/consents`, { enterpriseId: enterprise.id, purpose: 'matching', grantedBy: 'student' });
      expect(await matched()).not.toContain(student.id);
      expect((await reportOf(from)).students).toBe(1);

      const moved = await transfer(student.id, { schoolId: to.id });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({
        id: student.id,
        schoolId: to.id,
        schoolTransfers: [{ fromSchoolId: from.id, toSchoolId: to.id }],
      });
      expect(await read(student.id)).toEqual(moved.body);

      expect(await matched()).toContain(student.id);
      expect((await consentsAs(to, student.id)).status).toBe(200);
      expect((await consentsAs(from, student.id)).status).toBe(404);
      expect((await reportOf(to)).students).toBe(1);
      expect((await reportOf(from)).students).toBe(0);

      const again = await transfer(student.id, { schoolId: to.id });
      expect(again.status).toBe(200);
      expect(again.body.schoolTransfers).toHaveLength(1);
    });

    it("is refused while a placement is under way, and leaves a placement that ended the first school's", async () => {
      const from = await post('/v1/schools', { name: 'Placing College', country: 'CN' });
      const to = await post('/v1/schools', { name: 'Next College', country: 'CN' });
      const enterprise = await post('/v1/enterprises', { name: 'Under Way Works', country: 'CN' });
      const student = await register({ schoolId: from.id });
      const placement = await proposeInternship(student.id, from.id, enterprise.id);

      const refused = await transfer(student.id, { schoolId: to.id });
      expect(refused.status).toBe(409);
      expect(refused.contentType).toContain('application/problem+json');
      expect(refused.body.detail).toContain(placement.id);
      expect((await read(student.id)).schoolId).toBe(from.id);

      await post(`/v1/placements/${placement.id}/transitions`, { to: 'terminated', reason: 'the student moves' });
      expect((await transfer(student.id, { schoolId: to.id })).status).toBe(200);
      const ended = await httpJson('GET', `${service.baseUrl}/v1/schools/${from.id}/placements/${placement.id}`, { token: from.apiKey });
      expect(ended.status).toBe(200);
      expect(ended.body).toMatchObject({ schoolId: from.id, status: 'terminated' });
      // Placements from now on are the new school's, under its agreements.
      const next = await proposeInternship(student.id, to.id, enterprise.id, '2026-09-01');
      expect(next.schoolId).toBe(to.id);

      // A new cohort moves the placements at the new school, not the one the first school tallies.
      expect((await patch(student.id, { cohort: 'moved-cohort' })).status).toBe(200);
      const placementOf = async (id: string) =>
        (await httpJson('GET', `${service.baseUrl}/v1/placements/${id}`, { token: ADMIN_TOKEN })).body;
      expect((await placementOf(next.id)).cohort).toBe('moved-cohort');
      expect((await placementOf(placement.id)).cohort).toBe('2025');
    });

    it("lets the last school, not the first, export an erased student's disclosure ledger", async () => {
      const from = await post('/v1/schools', { name: 'Ledger College', country: 'CN' });
      const to = await post('/v1/schools', { name: 'Last College', country: 'CN' });
      const enterprise = await post('/v1/enterprises', { name: 'Ledger Works', country: 'CN' });
      const student = await register({ schoolId: from.id });
      await post(`/v1/students/${student.id}/consents`, {
        enterpriseId: enterprise.id,
        purpose: 'data-sharing-with-enterprise',
        grantedBy: 'student',
      });
      const readProfile = () =>
        httpJson('GET', `${service.baseUrl}/v1/enterprises/${enterprise.id}/students/${student.id}`, { token: enterprise.apiKey });
      // One disclosure while at the first school, one at the second.
      expect((await readProfile()).status).toBe(200);
      expect((await transfer(student.id, { schoolId: to.id })).status).toBe(200);
      expect((await readProfile()).status).toBe(200);
      await waitFor(
        'both disclosures in the ledger',
        async () => (await mongo.db().collection('disclosures').countDocuments({ studentId: student.id })) >= 2,
      );

      await eraseStudent(student.id);
      const exportAs = (reader: { id: string; apiKey: string }) =>
        httpJson('GET', `${service.baseUrl}/v1/schools/${reader.id}/students/${student.id}/disclosures/export`, { token: reader.apiKey });
      expect((await exportAs(to)).status).toBe(200);
      expect((await exportAs(from)).status).toBe(404);
    });

    it('is refused while an erasure of the student is filed and not yet under way', async () => {
      const student = await register();
      const to = await post('/v1/schools', { name: 'Waiting College', country: 'CN' });
      // A request filed a moment ago: its lock and its pending document, before the erasure event is consumed.
      const requestId = '55555555-5555-4555-8555-555555555555';
      await mongo
        .db()
        .collection('erasure_open_requests')
        .insertOne({ _id: student.id as never, requestId });
      await mongo
        .db()
        .collection('erasure_requests')
        .insertOne({
          _id: requestId as never,
          version: 1,
          studentId: student.id,
          schoolId: school.id,
          origin: 'operator',
          reason: 'GDPR Art. 17',
          requestedBy: 'operator',
          requestedAt: new Date(),
          status: 'pending',
          confirmations: {},
        });
      const refused = await transfer(student.id, { schoolId: to.id });
      expect(refused.status).toBe(409);
      expect(refused.body.title).toBe('erasure pending');
      expect((await read(student.id)).schoolId).toBe(school.id);
    });

    it('refuses an unknown or malformed school and a body with other fields with 400, and an unknown or erased student with 404; an erasure removes the moves', async () => {
      const student = await register();
      const unknownSchool = await transfer(student.id, { schoolId: '33333333-3333-4333-8333-333333333333' });
      expect(unknownSchool.status).toBe(400);
      expect(unknownSchool.body.errors).toEqual([expect.objectContaining({ field: 'schoolId', message: 'no such school' })]);
      const malformed = await transfer(student.id, { schoolId: 'not-a-uuid', cohort: '2026' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['cohort', 'schoolId']);
      expect(await read(student.id)).toEqual(student);

      const to = await post('/v1/schools', { name: 'Unreached College', country: 'CN' });
      expect((await transfer('44444444-4444-4444-8444-444444444444', { schoolId: to.id })).status).toBe(404);
      // Moved once, then erased: the erasure removes the moves, and the student cannot be moved back.
      expect((await transfer(student.id, { schoolId: to.id })).status).toBe(200);
      await eraseStudent(student.id);
      expect(await storedStudent(student.id)).not.toHaveProperty('schoolTransfers');
      expect((await transfer(student.id, { schoolId: school.id })).status).toBe(404);
      expect((await storedStudent(student.id))?.schoolId).toBe(to.id);
    });
  });
});
