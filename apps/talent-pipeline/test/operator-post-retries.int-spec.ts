import { MongoClient } from 'mongodb';
import { allowPlacement, httpJson, testMongoUri } from '@app/testing';
import { ADMIN_TOKEN, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(120_000);

/**
 * The operator's placement proposals and agreements retried with an Idempotency-Key (a tool whose
 * POST timed out): the retry answers what the first attempt created, never a second one (ADR 0094).
 */
describe("the operator's placement proposals and agreements retried with an Idempotency-Key (real Kafka + Mongo-compatible server)", () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let mongo: MongoClient;

  const admin = { token: ADMIN_TOKEN };
  const propose = (body: object, key?: string) =>
    httpJson('POST', `${service.baseUrl}/v1/placements`, {
      ...admin,
      body,
      headers: key === undefined ? undefined : { 'idempotency-key': key },
    });
  const placementsOf = (studentId: string) => mongo.db().collection('placements').find({ studentId }).toArray();

  /** A student the operator may place at an enterprise (agreement active, consent given), with no placement yet. */
  async function placeableStudent() {
    const school = (await httpJson('POST', `${service.baseUrl}/v1/schools`, { ...admin, body: { name: 'Retry College', country: 'CN' } }))
      .body;
    const enterprise = (
      await httpJson('POST', `${service.baseUrl}/v1/enterprises`, { ...admin, body: { name: 'Retry Motors', country: 'CN' } })
    ).body;
    const student = (
      await httpJson('POST', `${service.baseUrl}/v1/students`, {
        ...admin,
        body: { schoolId: school.id, givenName: 'Li', familyName: 'Wei', programme: 'mechatronics', cohort: '2025' },
      })
    ).body;
    await allowPlacement({
      baseUrl: service.baseUrl,
      adminToken: ADMIN_TOKEN,
      schoolId: school.id,
      enterpriseId: enterprise.id,
      studentId: student.id,
    });
    return {
      studentId: student.id as string,
      enterpriseId: enterprise.id as string,
      kind: 'internship',
      role: 'CNC intern',
      startDate: '2026-03-01',
    };
  }

  beforeAll(async () => {
    service = await startTalentPipeline();
    mongo = await MongoClient.connect(testMongoUri(service.database));
  });
  afterAll(async () => {
    await mongo?.close();
    await service?.close();
  });

  it('a retry with the same key answers the placement the first attempt proposed (200), never a second placement', async () => {
    const proposal = await placeableStudent();
    const first = await propose(proposal, 'proposal-1');
    expect(first.status).toBe(201);
    const retry = await propose(proposal, 'proposal-1');
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(first.body.id);
    expect(await placementsOf(proposal.studentId)).toHaveLength(1);
  });

  it('six twins sent at once with one key propose one placement', async () => {
    const proposal = await placeableStudent();
    const answers = await Promise.all(Array.from({ length: 6 }, () => propose(proposal, 'twins')));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await placementsOf(proposal.studentId)).toHaveLength(1);
  });

  it('the key with another proposal is a 422, a malformed key a 400, both naming Idempotency-Key; nothing more is stored', async () => {
    const proposal = await placeableStudent();
    expect((await propose(proposal, 'proposal-2')).status).toBe(201);
    const other = await propose({ ...proposal, role: 'Welding intern' }, 'proposal-2');
    expect(other.status).toBe(422);
    expect(other.contentType).toContain('application/problem+json');
    expect(other.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    const malformed = await propose(proposal, 'two words');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    expect(await placementsOf(proposal.studentId)).toHaveLength(1);
  });

  it('a retry after the placement moved on answers it as it stands; the birth date is compared by the guardian flag it decides and never stored', async () => {
    const proposal = { ...(await placeableStudent()), birthDate: '2010-05-14' };
    const first = await propose(proposal, 'minor');
    expect(first.status).toBe(201);
    expect(first.body.agreement.requiredParties).toContain('guardian');
    const moved = await httpJson('POST', `${service.baseUrl}/v1/placements/${first.body.id}/transitions`, {
      ...admin,
      body: { to: 'offered' },
    });
    expect(moved.status).toBe(200);
    const retry = await propose(proposal, 'minor');
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ id: first.body.id, status: 'offered' });
    // Another birth date that still makes a minor is the same proposal as stored; one making an adult is another.
    expect((await propose({ ...proposal, birthDate: '2010-06-01' }, 'minor')).status).toBe(200);
    expect((await propose({ ...proposal, birthDate: '1990-01-01' }, 'minor')).status).toBe(422);
    const [stored] = await placementsOf(proposal.studentId);
    expect(stored.birthDate).toBeUndefined();
    expect(typeof stored.proposalDigest).toBe('string');
    expect(JSON.stringify(stored)).not.toContain('2010-05-14');
  });

  it('without a key every POST still proposes; a proposal refused by its rules leaves its key free for the corrected one', async () => {
    const proposal = await placeableStudent();
    const refused = await propose({ ...proposal, requisitionId: '00000000-0000-4000-8000-000000000000' }, 'refused');
    expect(refused.status).toBe(400);
    expect(await placementsOf(proposal.studentId)).toHaveLength(0);
    // The refused attempt stored nothing under its key: the corrected proposal sent with it is proposed.
    expect((await propose(proposal, 'refused')).status).toBe(201);
    expect(await placementsOf(proposal.studentId)).toHaveLength(1);
    expect((await propose(proposal)).status).toBe(201);
    expect((await propose(proposal)).status).toBe(201);
    expect(await placementsOf(proposal.studentId)).toHaveLength(3);
  });

  it('an agreement retried with its key is recorded once (twins at once too): 201 then 200 with the same id; another request under the key is a 422', async () => {
    const school = (
      await httpJson('POST', `${service.baseUrl}/v1/schools`, { ...admin, body: { name: 'Agreeing College', country: 'CN' } })
    ).body;
    const enterprise = (
      await httpJson('POST', `${service.baseUrl}/v1/enterprises`, { ...admin, body: { name: 'Agreeing Motors', country: 'CN' } })
    ).body;
    const agreement = {
      schoolId: school.id,
      enterpriseId: enterprise.id,
      scope: 'Work-based learning',
      period: { from: '2026-01-01', to: '2028-12-31' },
      placementKinds: ['internship'],
    };
    const record = (body: object, key: string) =>
      httpJson('POST', `${service.baseUrl}/v1/agreements`, { ...admin, body, headers: { 'idempotency-key': key } });
    const answers = await Promise.all(Array.from({ length: 4 }, () => record(agreement, 'agreement-1')));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    const activated = await httpJson('POST', `${service.baseUrl}/v1/agreements/${answers[0].body.id}/status`, {
      ...admin,
      body: { to: 'active' },
    });
    expect(activated.status).toBe(200);
    const retry = await record(agreement, 'agreement-1');
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ id: answers[0].body.id, status: 'active' });
    const other = await record({ ...agreement, placementKinds: ['job'] }, 'agreement-1');
    expect(other.status).toBe(422);
    expect(other.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    const listed = await httpJson('GET', `${service.baseUrl}/v1/agreements?schoolId=${school.id}`, admin);
    expect(listed.body.items).toHaveLength(1);
  });
});
