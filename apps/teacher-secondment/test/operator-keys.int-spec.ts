import { httpJson, operatorKeyFindings, testOperatorKey } from '@app/testing';
import {
  ADMIN_TOKEN,
  ok,
  publishPost,
  registerTeacher,
  SecondmentService,
  seedPartnership,
  startTeacherSecondment,
} from './teacher-secondment.harness';

jest.setTimeout(120_000);

const alice = testOperatorKey('alice@ops', 'op_alice-secondment-key-0123456789');
/** A support operator's key: every operator route except reads of personal data (ADR 0078). */
const sam = testOperatorKey('sam@support', 'op_sam-support-key-0123456789-ts', { noPersonalData: true });

/**
 * Operators with keys of their own in the secondment service (OPERATOR_KEYS, ADR 0073): a key
 * is the operator role, its reads of teachers' data are logged under its operator, and what the
 * operator does is recorded as `operator:<id>`. Real Kafka and Mongo.
 */
describe('operator keys in the secondment service (real Kafka + Mongo)', () => {
  let service: SecondmentService;
  let partners: Awaited<ReturnType<typeof seedPartnership>>;
  let teacher: { id: string };

  beforeAll(async () => {
    service = await startTeacherSecondment({ OPERATOR_KEYS: `${alice.entry},${sam.entry}` });
    partners = await seedPartnership(service);
    teacher = await registerTeacher(service.baseUrl, partners.schoolKey, { displayName: 'Chen Jing' });
  });
  afterAll(async () => service?.close());

  it('an operator key reads teachers’ data as its operator; naming another, the shared token or a key without the permission to read personal data is refused and not logged; that key also may not approve a secondment', async () => {
    // Another teacher: the secondment requested below would overlap one of Chen Jing's.
    const other = await registerTeacher(service.baseUrl, partners.schoolKey, { displayName: 'Wang Fang' });
    const post = await publishPost(service.baseUrl, partners.enterpriseKey, partners.schoolId);
    const requested = await ok('POST', `${service.baseUrl}/v1/secondments`, partners.schoolKey, { teacherId: other.id, postId: post.id });
    const findings = await operatorKeyFindings({
      baseUrl: service.baseUrl,
      sharedToken: ADMIN_TOKEN,
      operator: alice,
      restricted: sam,
      personalDataRead: { path: `/v1/teachers/${teacher.id}`, route: 'GET /v1/teachers/:id', teacherIds: [teacher.id] },
      // An approval answers with the secondment (the teacher's logs, evaluation): refused like the read (ADR 0078 addendum).
      personalDataWrite: {
        method: 'POST',
        path: `/v1/secondments/${requested.id}/approvals`,
        route: 'POST /v1/secondments/:id/approvals',
        body: { party: 'school' },
        readBack: `/v1/secondments/${requested.id}`,
      },
      // An enterprise's key reads, as the host, its secondments: refused to the restricted key (ADR 0078 second addendum).
      keyIssue: {
        method: 'POST',
        path: '/v1/access/keys',
        route: 'POST /v1/access/keys',
        body: { role: 'enterprise', partnerId: partners.enterpriseId },
        readBack: `/v1/access/keys?partnerId=${partners.enterpriseId}`,
      },
    });
    expect(findings).toEqual([]);
  });

  it('a secondment the operator requests with its key is recorded as requested by that operator', async () => {
    const post = await publishPost(service.baseUrl, partners.enterpriseKey, partners.schoolId);
    const requested = await httpJson('POST', `${service.baseUrl}/v1/secondments`, {
      token: alice.key,
      operator: false,
      body: { teacherId: teacher.id, postId: post.id },
    });
    expect(requested.status).toBe(201);
    expect(requested.body.requestedBy).toBe(`operator:${alice.operatorId}`);
    const viaShared = await httpJson('POST', `${service.baseUrl}/v1/secondments/${requested.body.id}/cancel`, {
      token: ADMIN_TOKEN,
      body: { reason: 'requested twice' },
    });
    expect(viaShared.status).toBeLessThan(300);
  });
});
