import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { RdHoursLogged, Topics } from '@app/contracts';
import { newCloudEvent } from '@app/messaging';
import {
  concretePathOf,
  httpJson,
  LIBRARY_ROUTE,
  libraryRoleFindings,
  roleFindings,
  securedPart,
  testMongoUri,
  waitFor,
} from '@app/testing';
import {
  activeSecondment,
  ADMIN_TOKEN,
  logAndCountersign,
  ok,
  publishPost,
  registerTeacher,
  SecondmentService,
  seedPartnership,
  startTeacherSecondment,
  testRule,
} from './teacher-secondment.harness';

jest.setTimeout(300_000);

/**
 * The role and tenant part of the authorization matrix (threat model item 16).
 *
 * - Roles: every secured route of the service, called with a valid key of every role; what the
 *   guard does must be what the route's `x-roles` says (read from /docs-json, so a new route is
 *   covered the day it is documented).
 * - Tenants: two complete tenants A and B (school, enterprise, teacher, mentor, and records of
 *   every kind), seeded through the HTTP API; every B key a route documents, on every A record
 *   (reads and state changes), is answered as if A's record did not exist (ADR 0025: "another
 *   tenant's record is a 404, never a 403"), and A's records are unchanged.
 */

type TenantRole = 'school' | 'enterprise' | 'teacher' | 'mentor';
const TENANT_ROLES: TenantRole[] = ['school', 'enterprise', 'teacher', 'mentor'];

interface Operation {
  security?: unknown[];
  'x-roles'?: string[];
  parameters?: { name: string; in: string; required?: boolean }[];
}
type Document = { paths: Record<string, Record<string, Operation>> };

/** How the guard words its role refusal (auth.guard.ts), so a route's own 403 is not taken for it. */
const GUARD_REFUSAL = /a (operator|school|enterprise|teacher|mentor) may not do this \(allowed: /;
/**
 * Reads of another tenant's records that are intended (none today: ADR 0025, each role sees only
 * its own tenant; posts are offered to one school, not to all). Route -> why.
 */
const CROSS_TENANT_BY_DESIGN: Record<string, string> = {};
/**
 * List routes whose answer holds no tenant's records at all, so the owner's own call cannot show
 * the owner's ids either (the check that B sees none of A's ids still runs). Route -> why.
 */
const TENANT_FREE_LISTS: Record<string, string> = {
  'GET /v1/rule-sets': 'the jurisdiction rule sets are the same for every tenant (rules as data, ADR 0024); they name no school or teacher',
};

const JURISDICTION = 'ZZ';
const DATED = { start: '2026-09-01', end: '2026-09-20' };

type Tenant = Awaited<ReturnType<typeof seedTenant>>;

/** A school and an enterprise with an agreement, a teacher, a post with a mentor, secondments in every state, a credential, engagements. */
async function seedTenant(service: SecondmentService, label: string) {
  const base = service.baseUrl;
  const partners = await seedPartnership(service, { country: JURISDICTION });
  const keys = { schoolKey: partners.schoolKey, enterpriseKey: partners.enterpriseKey };
  const teacher = await registerTeacher(base, partners.schoolKey, { displayName: `Teacher ${label}` });
  const teacherKey = (await ok('POST', `${base}/v1/teachers/${teacher.id}/api-keys`, partners.schoolKey)).apiKey as string;
  const post = await publishPost(base, partners.enterpriseKey, partners.schoolId, { capacity: 10 });
  const mentor = await ok('POST', `${base}/v1/posts/${post.id}/mentor-keys`, partners.enterpriseKey, {
    name: `Mentor ${label}`,
    email: `mentor.${label.toLowerCase()}@example.com`,
  });

  // Completed, with countersigned logs, an evaluation and a deliverable: it earns the teacher a credential.
  const done = await activeSecondment(base, keys, teacher.id, post.id, DATED);
  await logAndCountersign(base, keys, done.id, ['2026-09-02', '2026-09-03', '2026-09-04']);
  await ok('POST', `${base}/v1/secondments/${done.id}/evaluation`, mentor.apiKey, { score: 4, competencies: { safety: 5 } });
  const withDeliverable = await ok('POST', `${base}/v1/secondments/${done.id}/deliverables`, teacherKey, {
    kind: 'case-study',
    title: `Gearbox case ${label}`,
  });
  await ok('POST', `${base}/v1/secondments/${done.id}/complete`, partners.enterpriseKey);
  // Active, with a log awaiting countersignature; requested; approved: targets for every state change.
  const active = await activeSecondment(base, keys, teacher.id, post.id, { start: '2026-09-21', end: '2026-10-20' });
  const logged = await ok('POST', `${base}/v1/secondments/${active.id}/logs`, teacherKey, {
    date: '2026-09-22',
    hours: 6,
    tasks: ['line maintenance'],
  });
  const requested = await ok('POST', `${base}/v1/secondments`, teacherKey, {
    teacherId: teacher.id,
    postId: post.id,
    period: { start: '2026-10-21', end: '2026-11-05' },
  });
  const approved = await ok('POST', `${base}/v1/secondments`, partners.schoolKey, {
    teacherId: teacher.id,
    postId: post.id,
    period: { start: '2026-11-06', end: '2026-11-30' },
  });
  await ok('POST', `${base}/v1/secondments/${approved.id}/approvals`, partners.schoolKey, {});
  await ok('POST', `${base}/v1/secondments/${approved.id}/approvals`, partners.enterpriseKey, {});
  const engagement = (n: number) =>
    ok('POST', `${base}/v1/engineer-teaching`, partners.enterpriseKey, {
      schoolId: partners.schoolId,
      engineerId: `engineer-${label}-${n}`,
      engineerName: 'Zhou Wei',
      course: 'PLC basics',
      hours: 12,
      period: { start: '2026-10-01', end: '2026-10-31' },
    });
  const [engagementToSign, engagementToDispute] = [await engagement(1), await engagement(2)];
  const credential = await waitFor(
    `the credential of tenant ${label}`,
    async () => (await ok('GET', `${base}/v1/credentials?teacherId=${teacher.id}`, partners.schoolKey)).items[0],
    { timeoutMs: 30_000 },
  );
  const doneRead = await ok('GET', `${base}/v1/secondments/${done.id}`, partners.schoolKey);
  return {
    ...partners,
    keys: { school: partners.schoolKey, enterprise: partners.enterpriseKey, teacher: teacherKey, mentor: mentor.apiKey as string },
    teacherId: teacher.id as string,
    postId: post.id as string,
    mentorId: mentor.mentorId as string,
    secondments: {
      done: done.id as string,
      active: active.id as string,
      requested: requested.id as string,
      approved: approved.id as string,
    },
    pendingLogId: logged.logs[0].logId as string,
    engagements: { toSign: engagementToSign.id as string, toDispute: engagementToDispute.id as string },
    credentialId: credential.id as string,
    /** Every id of the tenant's records, to look for in another tenant's answers. */
    ids: [
      partners.schoolId,
      partners.enterpriseId,
      partners.agreementId,
      teacher.id,
      post.id,
      mentor.mentorId,
      done.id,
      active.id,
      requested.id,
      approved.id,
      logged.logs[0].logId,
      ...doneRead.logs.map((log: { logId: string }) => log.logId),
      ...withDeliverable.deliverables.map((d: { deliverableId: string }) => d.deliverableId),
      engagementToSign.id,
      engagementToDispute.id,
      credential.id,
    ] as string[],
  };
}

/** A's record a path parameter names, by the segment before it (`secondments/{id}`: the completed secondment). */
function idOfA(a: Tenant, param: string, owner: string): string {
  const byOwner: Record<string, string> = {
    teachers: a.teacherId,
    posts: a.postId,
    secondments: a.secondments.done,
    credentials: a.credentialId,
    'engineer-teaching': a.engagements.toSign,
    schools: a.schoolId,
    enterprises: a.enterpriseId,
    logs: a.pendingLogId,
    disclosures: a.teacherId,
  };
  const id = byOwner[owner];
  if (!id) throw new Error(`no record of tenant A for {${param}} after /${owner}/: add one to idOfA`);
  return id;
}

/** A's value for a query parameter that names a tenant or a record. */
function queryValueOfA(a: Tenant, name: string): string | undefined {
  return ({ schoolId: a.schoolId, enterpriseId: a.enterpriseId, teacherId: a.teacherId } as Record<string, string>)[name];
}

/**
 * A state change on A's record: the path parameters, a body the route accepts (A's own identical
 * call succeeds afterwards, which proves it), how to read the record back as A, and which of A's
 * keys makes the control call. Listed in the order the control calls can run one after another.
 */
interface WriteProbe {
  params: (a: Tenant) => Record<string, string>;
  body?: unknown;
  readBack: (a: Tenant) => { path: string; token: string; project?: (body: unknown) => unknown };
  owner: TenantRole;
}
const secondment = (pick: (a: Tenant) => string) => (a: Tenant) => ({ path: `/v1/secondments/${pick(a)}`, token: a.keys.school });
const keyIdsOf = (body: unknown) => ((body as { items: { keyId: string }[] }).items ?? []).map((k) => k.keyId).sort();
const WRITE_PROBES: Record<string, WriteProbe> = {
  'POST /v1/secondments/{id}/approvals': {
    params: (a) => ({ id: a.secondments.requested }),
    body: {},
    readBack: secondment((a) => a.secondments.requested),
    owner: 'school',
  },
  'POST /v1/secondments/{id}/withdraw': {
    params: (a) => ({ id: a.secondments.requested }),
    body: { reason: 'the teacher is needed at school' },
    readBack: secondment((a) => a.secondments.requested),
    owner: 'teacher',
  },
  'POST /v1/secondments/{id}/start': {
    params: (a) => ({ id: a.secondments.approved }),
    readBack: secondment((a) => a.secondments.approved),
    owner: 'enterprise',
  },
  'POST /v1/secondments/{id}/cancel': {
    params: (a) => ({ id: a.secondments.approved }),
    body: { reason: 'the plant closes for retooling' },
    readBack: secondment((a) => a.secondments.approved),
    owner: 'school',
  },
  'POST /v1/secondments/{id}/logs': {
    params: (a) => ({ id: a.secondments.active }),
    body: { date: '2026-09-23', hours: 5, tasks: ['gearbox inspection'] },
    readBack: secondment((a) => a.secondments.active),
    owner: 'teacher',
  },
  'POST /v1/secondments/{id}/logs/{logId}/countersign': {
    params: (a) => ({ id: a.secondments.active, logId: a.pendingLogId }),
    readBack: secondment((a) => a.secondments.active),
    owner: 'mentor',
  },
  'POST /v1/secondments/{id}/evaluation': {
    params: (a) => ({ id: a.secondments.active }),
    body: { score: 2, competencies: { safety: 1 } },
    readBack: secondment((a) => a.secondments.active),
    owner: 'mentor',
  },
  'POST /v1/secondments/{id}/deliverables': {
    params: (a) => ({ id: a.secondments.active }),
    body: { kind: 'course-materials', title: 'Slides' },
    readBack: secondment((a) => a.secondments.active),
    owner: 'teacher',
  },
  'POST /v1/secondments/{id}/complete': {
    params: (a) => ({ id: a.secondments.active }),
    readBack: secondment((a) => a.secondments.active),
    owner: 'enterprise',
  },
  'POST /v1/engineer-teaching/{id}/sign-off': {
    params: (a) => ({ id: a.engagements.toSign }),
    readBack: (a) => ({ path: `/v1/engineer-teaching/${a.engagements.toSign}`, token: a.keys.school }),
    owner: 'school',
  },
  'POST /v1/engineer-teaching/{id}/dispute': {
    params: (a) => ({ id: a.engagements.toDispute }),
    body: { reason: 'the engineer taught 6 hours, not 12' },
    readBack: (a) => ({ path: `/v1/engineer-teaching/${a.engagements.toDispute}`, token: a.keys.school }),
    owner: 'school',
  },
  'POST /v1/teachers/{id}/api-keys': {
    params: (a) => ({ id: a.teacherId }),
    // No key of A's teacher may be issued to B: A's school's keys (its own and its teachers') stay as they were.
    readBack: (a) => ({ path: `/v1/access/keys?partnerId=${a.schoolId}`, token: ADMIN_TOKEN, project: keyIdsOf }),
    owner: 'school',
  },
  // B's school may not change A's teacher's profile (ADR 0088).
  'PATCH /v1/teachers/{id}': {
    params: (a) => ({ id: a.teacherId }),
    body: { subject: 'Hydraulics' },
    readBack: (a) => ({ path: `/v1/teachers/${a.teacherId}`, token: a.keys.school }),
    owner: 'school',
  },
  // B's teacher or school may neither file nor withdraw A's teacher's objection (ADR 0077).
  'PUT /v1/teachers/{id}/host-objection': {
    params: (a) => ({ id: a.teacherId }),
    body: { reason: 'not mine to file' },
    readBack: (a) => ({ path: `/v1/teachers/${a.teacherId}`, token: a.keys.school }),
    owner: 'school',
  },
  'DELETE /v1/teachers/{id}/host-objection': {
    params: (a) => ({ id: a.teacherId }),
    readBack: (a) => ({ path: `/v1/teachers/${a.teacherId}`, token: a.keys.school }),
    owner: 'school',
  },
  'POST /v1/posts/{id}/mentor-keys': {
    params: (a) => ({ id: a.postId }),
    body: { name: 'Mallory', email: 'mallory@example.com' },
    readBack: (a) => ({ path: `/v1/access/keys?partnerId=${a.enterpriseId}`, token: ADMIN_TOKEN, project: keyIdsOf }),
    owner: 'enterprise',
  },
};

describe('authorization matrix: every role on every route, and tenant isolation (teacher secondment)', () => {
  let service: SecondmentService;
  let base: string;
  let document: Document;
  let own: Document;
  let a: Tenant;
  let b: Tenant;

  /** The service's own secured operations (library routes and the public credential routes left out). */
  const operations = () =>
    Object.entries(own.paths).flatMap(([template, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${template}`, method, template, operation })),
    );

  beforeAll(async () => {
    service = await startTeacherSecondment();
    base = service.baseUrl;
    // One jurisdiction of this test, so the seeded teachers earn a credential (2 days, one completed secondment).
    await ok(
      'POST',
      `${base}/v1/rule-sets`,
      ADMIN_TOKEN,
      testRule({ id: 'zz-matrix', jurisdiction: JURISDICTION, title: 'Matrix' }, 1, '2000-01-01', 2),
    );
    [a, b] = [await seedTenant(service, 'A'), await seedTenant(service, 'B')];
    document = (await httpJson('GET', `${base}/docs-json`)).body as Document;
    own = securedPart(document, (template) => !LIBRARY_ROUTE.test(template));
  });
  afterAll(async () => {
    await service?.close();
  });

  const tokensOf = (t: Tenant) => ({ operator: ADMIN_TOKEN, ...t.keys });

  it('exercises every role: each is let through on some routes and refused on others; the guard refusal is told from a route’s own 403', async () => {
    const all = operations();
    expect(all.length).toBeGreaterThan(35);
    for (const role of ['operator', ...TENANT_ROLES]) {
      const named = all.filter((o) => o.operation['x-roles']?.includes(role));
      expect({ role, allowed: named.length > 0 }).toEqual({ role, allowed: true });
      if (role !== 'operator') expect({ role, refused: all.length - named.length > 0 }).toEqual({ role, refused: true });
    }
    // The operator may call every route of the service (the role probe below checks that the guard agrees).
    expect(all.filter((o) => !o.operation['x-roles']?.includes('operator')).map((o) => o.route)).toEqual([]);
    // A mentor only where named (ADR 0025 amendment): reading posts and secondments, countersigning, evaluating.
    expect(
      all
        .filter((o) => o.operation['x-roles']?.includes('mentor'))
        .map((o) => o.route)
        .sort(),
    ).toEqual([
      'GET /v1/posts',
      'GET /v1/posts/{id}',
      'GET /v1/secondments',
      'GET /v1/secondments/{id}',
      'POST /v1/secondments/{id}/evaluation',
      'POST /v1/secondments/{id}/logs/{logId}/countersign',
    ]);
    // The refusal pattern matches the guard's 403 and not a service's own 403.
    const guard = await httpJson('GET', `${base}/v1/rule-sets`, { token: a.keys.mentor });
    expect({ status: guard.status, guard: GUARD_REFUSAL.test(guard.body.detail) }).toEqual({ status: 403, guard: true });
    const own403 = await httpJson('POST', `${base}/v1/teachers`, {
      token: b.keys.school,
      body: {
        schoolId: a.schoolId,
        displayName: 'X',
        subject: 'Y',
        professionalCourse: true,
        hireDate: '2020-09-01',
        priorEnterpriseExperienceMonths: 0,
      },
    });
    expect({ status: own403.status, guard: GUARD_REFUSAL.test(own403.body.detail) }).toEqual({ status: 403, guard: false });
  });

  it('lets exactly the documented roles (x-roles) past the guard on every secured route of the service', async () => {
    expect(await roleFindings(base, own, { tokens: tokensOf(a), guardRefusal: GUARD_REFUSAL })).toEqual([]);
  });

  it('lets exactly the documented roles past the guards of the library routes too (partner directory, operator endpoints)', async () => {
    expect(Object.keys(securedPart(document, (t) => LIBRARY_ROUTE.test(t)).paths)).toEqual(
      expect.arrayContaining(['/v1/partners', '/v1/agreements/{id}', '/v1/operator/access-log']),
    );
    expect(await libraryRoleFindings(base, document, tokensOf(a))).toEqual([]);
  });

  it("answers B's keys on every GET route that names a record of A with 404 problem+json (A's same key reads it)", async () => {
    const probed: string[] = [];
    const findings: string[] = [];
    const tenantReads = operations().filter(
      (o) => o.method === 'get' && o.template.includes('{') && TENANT_ROLES.some((r) => o.operation['x-roles']?.includes(r)),
    );
    // Operator-only reads (the privacy ledger and erasure proofs) no tenant key reaches: the role matrix covers them.
    for (const { route, template, operation } of tenantReads) {
      const path = concretePathOf(template, (param, owner) => idOfA(a, param, owner));
      for (const role of TENANT_ROLES.filter((r) => operation['x-roles']?.includes(r))) {
        const answer = await httpJson('GET', `${base}${path}`, { token: b.keys[role] });
        const control = await httpJson('GET', `${base}${path}`, { token: a.keys[role] });
        probed.push(`${route} as ${role}`);
        if (control.status !== 200) findings.push(`${route} as A's ${role}: ${control.status}, so the probe names no record A may read`);
        if (CROSS_TENANT_BY_DESIGN[route]) continue;
        if (answer.status !== 404 || !answer.contentType?.startsWith('application/problem+json')) {
          findings.push(`${route} as B's ${role}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
        }
      }
    }
    expect(findings).toEqual([]);
    // Teachers, compliance, posts, secondments, credentials, both reports, engagements: each with every tenant role it serves.
    expect(probed.length).toBeGreaterThanOrEqual(16);
  });

  it("never shows B's keys a record of A on list routes, not even when B names A's school, enterprise or teacher in the query", async () => {
    const findings: string[] = [];
    let probed = 0;
    for (const { route, template, operation } of operations().filter((o) => o.method === 'get' && !o.template.includes('{'))) {
      const query = operation.parameters?.filter((p) => p.in === 'query') ?? [];
      const required = query.filter((p) => p.required).map((p) => `${p.name}=${queryValueOfA(a, p.name) ?? ''}`);
      const naming = query.filter((p) => queryValueOfA(a, p.name)).map((p) => `${p.name}=${queryValueOfA(a, p.name)}`);
      const urls = [...new Set([required.join('&'), naming.join('&')])].map((q) => `${base}${template}${q ? `?${q}` : ''}`);
      for (const role of TENANT_ROLES.filter((r) => operation['x-roles']?.includes(r))) {
        for (const url of urls) {
          probed++;
          const answer = await httpJson('GET', url, { token: b.keys[role] });
          const text = JSON.stringify(answer.body);
          const leaked = a.ids.filter((id) => text.includes(id));
          if (answer.status >= 200 && answer.status < 300) {
            if (leaked.length && !CROSS_TENANT_BY_DESIGN[route]) findings.push(`${url} as B's ${role}: shows A's ${leaked.join(', ')}`);
          } else if (![403, 404].includes(answer.status) || !answer.contentType?.startsWith('application/problem+json')) {
            findings.push(`${url} as B's ${role}: ${answer.status} ${text.slice(0, 200)}`);
          }
        }
        // The same call as A's key of that role shows A's records, so the search above would find them.
        if (!TENANT_FREE_LISTS[route]) {
          const control = await httpJson('GET', urls[urls.length - 1], { token: a.keys[role] });
          if (!a.ids.some((id) => JSON.stringify(control.body).includes(id))) {
            findings.push(`${route} as A's ${role}: ${control.status}, shows none of A's records`);
          }
        }
      }
    }
    expect(findings).toEqual([]);
    expect(probed).toBeGreaterThanOrEqual(12);
  });

  it("refuses B's keys every state change on A's records (404/403 problem+json, A's record unchanged); A's identical call then succeeds", async () => {
    const tenantWrites = operations().filter(
      (o) => o.method !== 'get' && o.template.includes('{') && TENANT_ROLES.some((r) => o.operation['x-roles']?.includes(r)),
    );
    // Every state change a tenant key may call on a record has a probe (operator-only ones are the role matrix's).
    expect(tenantWrites.map((o) => o.route).sort()).toEqual(Object.keys(WRITE_PROBES).sort());
    const roleOf = new Map(tenantWrites.map((o) => [o.route, TENANT_ROLES.filter((r) => o.operation['x-roles']?.includes(r))]));
    const urlOf = (route: string, probe: WriteProbe) => {
      const params = probe.params(a);
      return `${base}${route.split(' ')[1].replace(/\{(\w+)\}/g, (_, name: string) => params[name])}`;
    };
    const readBack = async (probe: WriteProbe) => {
      const { path, token, project } = probe.readBack(a);
      const answer = await ok('GET', `${base}${path}`, token);
      return project ? project(answer) : answer;
    };

    const findings: string[] = [];
    let probed = 0;
    for (const [route, probe] of Object.entries(WRITE_PROBES)) {
      const before = await readBack(probe);
      for (const role of roleOf.get(route)!) {
        probed++;
        const answer = await httpJson(route.split(' ')[0], urlOf(route, probe), { token: b.keys[role], body: probe.body });
        if (![403, 404].includes(answer.status) || !answer.contentType?.startsWith('application/problem+json')) {
          findings.push(`${route} as B's ${role}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
        }
      }
      if (JSON.stringify(await readBack(probe)) !== JSON.stringify(before)) findings.push(`${route}: A's record changed after B's calls`);
    }
    // The same calls as A succeed, in order, and change what was read back: the bodies are valid and the read-back would see a change.
    for (const [route, probe] of Object.entries(WRITE_PROBES)) {
      const before = await readBack(probe);
      const answer = await httpJson(route.split(' ')[0], urlOf(route, probe), { token: a.keys[probe.owner], body: probe.body });
      if (answer.status < 200 || answer.status >= 300)
        findings.push(`${route} as A's ${probe.owner}: ${answer.status} ${JSON.stringify(answer.body)}`);
      else if (JSON.stringify(await readBack(probe)) === JSON.stringify(before))
        findings.push(`${route}: A's own call changed nothing read back`);
    }
    expect(findings).toEqual([]);
    expect(probed).toBeGreaterThanOrEqual(20);
  });

  it("refuses B's keys a new record that names A's teacher, post or school, and stores nothing under A", async () => {
    const secondmentsOfA = async () => (await ok('GET', `${base}/v1/secondments`, a.keys.school)).items.length;
    const postsOfA = async () => (await ok('GET', `${base}/v1/posts`, a.keys.school)).items.length;
    const engagementsOfA = async () => (await ok('GET', `${base}/v1/engineer-teaching`, a.keys.school)).items.length;
    const teachersOfA = async () => (await ok('GET', `${base}/v1/teachers`, a.keys.school)).items.map((t: { id: string }) => t.id);
    const before = [await secondmentsOfA(), await postsOfA(), await engagementsOfA(), await teachersOfA()];
    const teacherBody = {
      displayName: 'Intruder',
      subject: 'x',
      professionalCourse: true,
      hireDate: '2020-09-01',
      priorEnterpriseExperienceMonths: 0,
    };
    const calls: [string, string, string, unknown, number][] = [
      ['POST', '/v1/secondments', b.keys.school, { teacherId: a.teacherId, postId: a.postId }, 404],
      ['POST', '/v1/secondments', b.keys.teacher, { teacherId: a.teacherId, postId: a.postId }, 404],
      ['POST', '/v1/secondments', b.keys.school, { teacherId: b.teacherId, postId: a.postId }, 404],
      ['POST', '/v1/teachers', b.keys.school, { ...teacherBody, schoolId: a.schoolId }, 403],
      [
        'POST',
        '/v1/posts',
        b.keys.enterprise,
        { schoolId: a.schoolId, role: 'x', tasks: ['x'], mentor: { name: 'x' }, location: 'x', period: DATED, capacity: 1 },
        422,
      ],
      [
        'POST',
        '/v1/posts',
        b.keys.enterprise,
        {
          enterpriseId: a.enterpriseId,
          schoolId: b.schoolId,
          role: 'x',
          tasks: ['x'],
          mentor: { name: 'x' },
          location: 'x',
          period: DATED,
          capacity: 1,
        },
        403,
      ],
      [
        'POST',
        '/v1/engineer-teaching',
        b.keys.enterprise,
        { schoolId: a.schoolId, engineerId: 'e', engineerName: 'E', course: 'c', hours: 1, period: DATED },
        422,
      ],
      // Reporting as another enterprise is refused (as for posts), not recorded under the caller's own.
      [
        'POST',
        '/v1/engineer-teaching',
        b.keys.enterprise,
        { enterpriseId: a.enterpriseId, schoolId: b.schoolId, engineerId: 'e', engineerName: 'E', course: 'c', hours: 1, period: DATED },
        403,
      ],
      // A's teacher's id is taken (409, ids are shared with other services): B's school does not get A's teacher on its roster.
      ['POST', '/v1/teachers', b.keys.school, { ...teacherBody, id: a.teacherId }, 409],
    ];
    const findings: string[] = [];
    for (const [method, path, token, body, status] of calls) {
      const answer = await httpJson(method, `${base}${path}`, { token, body });
      if (answer.status !== status) findings.push(`${method} ${path} ${JSON.stringify(body)}: ${answer.status}, expected ${status}`);
    }
    expect(findings).toEqual([]);
    expect([await secondmentsOfA(), await postsOfA(), await engagementsOfA(), await teachersOfA()]).toEqual(before);
    // B's school report and list show none of A's teachers, even after B tried to register under A's teacher id.
    const report = JSON.stringify(await ok('GET', `${base}/v1/reports/schools/${b.schoolId}`, b.keys.school));
    const listed = JSON.stringify(await ok('GET', `${base}/v1/teachers`, b.keys.school));
    expect([report, listed].filter((text) => text.includes(a.teacherId))).toEqual([]);
  });

  it("credits R&D hours logged under another school to nobody: they never count for A's teacher", async () => {
    const rdHours = (entryId: string, tenant: Tenant) =>
      newCloudEvent(RdHoursLogged, {
        source: 'urn:school-enterprise:rd-collaboration',
        data: {
          entryId,
          projectId: 'project-matrix',
          enterpriseId: tenant.enterpriseId,
          schoolId: tenant.schoolId,
          teacherId: a.teacherId,
          date: '2026-10-02',
          hours: 8,
          activity: 'test rig',
          occurredAt: new Date().toISOString(),
        },
      });
    const foreign = rdHours(`foreign-${randomUUID()}`, b);
    const ownEntry = rdHours(`own-${randomUUID()}`, a);
    // One key, so one partition: the foreign entry is handled before A's own.
    await service.publish([foreign, ownEntry].map((event) => ({ id: event.id, topic: Topics.rdParticipation, key: a.teacherId, event })));
    const client = await MongoClient.connect(testMongoUri(service.database));
    try {
      const teachers = client.db(service.database).collection<{ _id: string; rdHours?: { entryId: string }[] }>('teachers');
      const credited = await waitFor("A's own R&D entry credited", async () => {
        const entries = (await teachers.findOne({ _id: a.teacherId }))?.rdHours?.map((e) => e.entryId) ?? [];
        return entries.includes(ownEntry.data.entryId) && entries;
      });
      expect(credited).not.toContain(foreign.data.entryId);
    } finally {
      await client.close();
    }
    // Stored, never credited: the operator's backfill counts it as another school's, and credits nothing.
    expect(await ok('POST', `${base}/v1/rd-hours/backfill`, ADMIN_TOKEN)).toMatchObject({ entriesCredited: 0, entriesOfOtherSchools: 1 });
  });
});
