import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { httpJson, InProcessService, operatorKeyFindings, testMongoUri, testOperatorKey, waitFor } from '@app/testing';
import { ADMIN_TOKEN, seedActiveInternship, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(120_000);

const alice = testOperatorKey('alice@ops', 'op_alice-integration-key-0123456789');
const bob = testOperatorKey('bob@ops', 'op_bob-integration-key-0123456789');
/** A support operator's key: every operator route except reads of personal data (ADR 0078). */
const sam = testOperatorKey('sam@support', 'op_sam-support-key-0123456789-tp', { noPersonalData: true });

/**
 * Operators with keys of their own (OPERATOR_KEYS, ADR 0073): the key says who the operator is,
 * in the access log, on erasure filings and in the credential audit; the shared token can no
 * longer make reads the log must attribute. Real Kafka and Mongo.
 */
describe('operator keys in the talent pipeline (real Kafka + Mongo)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let seeded: Awaited<ReturnType<typeof seedActiveInternship>>;
  const url = (path: string) => `${service.baseUrl}${path}`;
  const asAlice = { token: alice.key, operator: false as const };

  beforeAll(async () => {
    service = await startTalentPipeline({ OPERATOR_KEYS: `${alice.entry},${bob.entry},${sam.entry}` });
    // The shared token still does what reads no personal data: registering partners, placements.
    seeded = await seedActiveInternship(service.baseUrl);
  });
  afterAll(async () => service?.close());

  it('an operator key reads personal data as its operator; naming another, the shared token or a key without the permission is refused and not logged; that key also may not evaluate a placement or rotate a school’s key', async () => {
    const school = await httpJson('POST', url('/v1/schools'), { token: ADMIN_TOKEN, body: { name: 'Rotation College', country: 'CN' } });
    expect(school.status).toBe(201);
    const findings = await operatorKeyFindings({
      baseUrl: service.baseUrl,
      sharedToken: ADMIN_TOKEN,
      operator: alice,
      restricted: sam,
      personalDataRead: { path: `/v1/students/${seeded.student.id}`, route: 'GET /v1/students/:id', studentIds: [seeded.student.id] },
      // An evaluation answers with the student's evaluation: refused to the restricted key like the read (ADR 0078 addendum).
      personalDataWrite: {
        method: 'POST',
        path: `/v1/placements/${seeded.placement.id}/evaluations`,
        route: 'POST /v1/placements/:id/evaluations',
        body: { evaluator: 'Zhang Min, workshop supervisor', scores: { safety: 5 } },
        readBack: `/v1/placements/${seeded.placement.id}`,
      },
      // A rotated key reads, as the school, its students: refused to the restricted key (ADR 0078 second addendum).
      keyIssue: {
        method: 'POST',
        path: `/v1/schools/${school.body.id}/api-key/rotations`,
        route: 'POST /v1/schools/:id/api-key/rotations',
        body: { overlapSeconds: 60, reason: 'operator key probe' },
        readBack: `/v1/schools/${school.body.id}`,
      },
    });
    expect(findings).toEqual([]);
  });

  it('an operator key serves every operator route; a key that is not configured serves none', async () => {
    const school = await httpJson('POST', url('/v1/schools'), { ...asAlice, body: { name: 'Key College', country: 'CN' } });
    expect(school.status).toBe(201);
    const unknown = await httpJson('POST', url('/v1/schools'), {
      token: 'op_never-configured-0123456789',
      operator: false,
      body: { name: 'Nobody College', country: 'CN' },
    });
    expect(unknown.status).toBe(403);
    expect(unknown.body.detail).toBe('this token may not use operator endpoints');
  });

  it('a credential rotation made with a key is audited under its operator, whatever header it sends', async () => {
    const rotated = await httpJson('POST', url(`/v1/schools/${seeded.school.id}/api-key/rotations`), {
      ...asAlice,
      body: { overlapSeconds: 60, reason: 'laptop lost' },
    });
    expect(rotated.status).toBe(201);
    const impersonating = await httpJson('POST', url(`/v1/schools/${seeded.school.id}/api-key/rotations`), {
      ...asAlice,
      headers: { 'x-operator-id': bob.operatorId },
      body: { overlapSeconds: 60, reason: 'as bob' },
    });
    expect(impersonating.status).toBe(403);
    const audit = await httpJson('GET', url('/v1/operator/credential-audit'), asAlice);
    const ours = audit.body.items.filter((i: any) => i.partner.id === seeded.school.id);
    expect(ours.map((i: any) => [i.actor, i.reason])).toEqual([[alice.operatorId, 'laptop lost']]);
  });

  it('a key without the permission to read personal data files and follows erasures, but registers no partner (its answer is a key) and lists no supervisors', async () => {
    const asSam = { token: sam.key, operator: false as const };
    const school = await httpJson('POST', url('/v1/schools'), { ...asSam, body: { name: 'Support College', country: 'CN' } });
    expect(school.status).toBe(403);
    expect(school.body.detail).toMatch(/this route answers with an API key that reads personal data as its holder/);
    // Refused before the handler: no school was registered.
    const mongo = await new MongoClient(testMongoUri(service.database)).connect();
    try {
      expect(await mongo.db().collection('schools').countDocuments({ name: 'Support College' })).toBe(0);
    } finally {
      await mongo.close();
    }
    // Supervisors are teachers by name: refused before the list is read.
    const supervisors = await httpJson('GET', url('/v1/supervisors'), asSam);
    expect(supervisors.status).toBe(403);
    expect(supervisors.contentType).toContain('application/problem+json');
    expect(supervisors.body.detail).toMatch(/^this operator key may not read personal data/);
    expect((await httpJson('GET', url('/v1/supervisors'), asAlice)).status).toBe(200);
    // An erasure names the student by id only, and its proof holds no personal value (ADR 0078).
    const student = (await seedActiveInternship(service.baseUrl)).student;
    const filed = await httpJson('POST', url('/v1/operator/erasure-requests'), {
      ...asSam,
      body: { studentId: student.id, reason: "the person's own request by phone" },
    });
    expect(filed.status).toBe(202);
    expect(filed.body.requestedBy).toBe(`operator:${sam.operatorId}`);
    const status = await httpJson('GET', url(`/v1/operator/erasure-requests/${filed.body.id}`), asSam);
    expect(status.status).toBe(200);
    expect(status.body.studentId).toBe(student.id);
  });

  it('an erasure filed with a key names its operator as the filer', async () => {
    const filed = await httpJson('POST', url('/v1/operator/erasure-requests'), {
      ...asAlice,
      body: { studentId: seeded.student.id, reason: "the person's own request by email" },
    });
    expect(filed.status).toBe(202);
    expect(filed.body.requestedBy).toBe(`operator:${alice.operatorId}`);
  });
});

/**
 * OPERATOR_KEYS_FILE (the operator keys Secret mounted as a volume): the running service reads the
 * file again when it changes, so removing an operator's entry stops its key without a restart.
 */
describe('operator keys from a file the service reads again (real Kafka + Mongo)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-operator-keys-'));
  const path = join(dir, 'OPERATOR_KEYS');
  let service: InProcessService;
  const register = (token: string) =>
    httpJson('POST', `${service.baseUrl}/v1/schools`, { token, operator: false, body: { name: 'File Key College', country: 'CN' } });

  beforeAll(async () => {
    writeFileSync(path, `${alice.entry}\n`);
    service = await startTalentPipeline({ OPERATOR_KEYS_FILE: path });
  });
  afterAll(async () => {
    await service?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("stops a removed operator's key and starts an added one within seconds, without a restart", async () => {
    expect((await register(alice.key)).status).toBe(201);
    expect((await register(bob.key)).status).toBe(403);
    // The kubelet replaces a mounted Secret's file: a new file behind the same path.
    rmSync(path);
    writeFileSync(path, `${bob.entry}\n`);
    await waitFor('bob’s key to work', async () => (await register(bob.key)).status === 201, { timeoutMs: 15_000, intervalMs: 500 });
    expect((await register(alice.key)).status).toBe(403);
  });
});
