import { randomUUID } from 'node:crypto';
import { SupervisorOffered, Topics } from '@app/contracts';
import { EventPublisher, newCloudEvent } from '@app/messaging';
import { activateAgreement, concretePathOf, erpHireEvent, httpJson, postErpEvents, waitFor, WebhookReceiver } from '@app/testing';
import { ADMIN_TOKEN, signAgreement, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(180_000);

/**
 * The record-level tenant part of the talent pipeline's authorization matrix. The guard matrix
 * (authorization-matrix.int-spec.ts) checks that the path's `schoolId`/`enterpriseId` is the
 * caller's own; this one checks what the guard cannot: a school or enterprise on ITS OWN path,
 * naming ANOTHER tenant's record in the other parameters (or in the query).
 *
 * Two complete tenants A (school S1, enterprise E1, their agreement) and B (S2, E2), seeded
 * through the HTTP API, the ERP endpoint and the supervisor topic: students with consents,
 * requisitions, an active placement with attendance and an evaluation, webhook subscriptions of
 * the school and the enterprise, an erasure request, disclosures, rotated credentials. The routes
 * come from /docs-json (`x-roles`), so a new tenant-scoped route is probed the day it is
 * documented, or the coverage test fails. The service's rule: another tenant's record is not
 * found (404 problem+json), answered exactly as a record that does not exist, and changes nothing.
 */

type PartnerRole = 'school' | 'enterprise';
const PARTNER_ROLES: PartnerRole[] = ['school', 'enterprise'];
/** The tenant's own id in the path: the guard compares it with the key (the guard matrix's part). */
const TENANT_PARAMS = ['schoolId', 'enterpriseId'];

interface Operation {
  'x-roles'?: string[];
  parameters?: { name: string; in: string; required?: boolean }[];
}
type Document = { paths: Record<string, Record<string, Operation>> };
interface Route {
  route: string;
  method: string;
  template: string;
  roles: PartnerRole[];
  recordParams: string[];
  queryParams: string[];
}

/**
 * Answers other than 404 that a route documents for another tenant's record, each answered the
 * same for an id that does not exist (checked below). Route -> status, title, why.
 */
const REFUSAL_BY_DESIGN: Record<string, { status: number; title: string; why: string }> = {
  'GET /v1/enterprises/{enterpriseId}/students/{studentId}': {
    status: 403,
    title: 'consent missing',
    why:
      'a profile read is decided by the student’s consent to this enterprise, checked before the student is looked up, ' +
      'so an enterprise cannot even learn whether an id exists (disclosure.service.ts); documented as 403 `consent missing`',
  },
};

/**
 * Tenant routes that create a record of the caller's own tenant and name no other record (no
 * record id in the path, none in the body), so there is no other tenant's record to name.
 * Route -> why no probe is needed.
 */
const NO_PROBE_NEEDED: Record<string, string> = {
  'POST /v1/schools/{schoolId}/webhook-subscriptions':
    "creates a subscription of the path's school (the guard's part); the body is a URL and filters, it names no record",
  'POST /v1/enterprises/{enterpriseId}/webhook-subscriptions':
    "creates a subscription of the path's enterprise (the guard's part); the body is a URL and filters, it names no record",
  'PUT /v1/schools/{schoolId}/outcome-topic':
    "opens the path's school's own outcome topic (the guard's part); the body is a feed cursor, a position in that school's own feed, naming no record",
  'DELETE /v1/schools/{schoolId}/outcome-topic': "stops the path's school's own outcome topic (the guard's part); it names no record",
  'POST /v1/schools/{schoolId}/students':
    "registers a student of the path's school (the guard's part); the body is the student's profile, naming no record",
  'PUT /v1/enterprises/{enterpriseId}/time-zone':
    "changes the path's enterprise's own time zone (the guard's part: another enterprise's key 403, erp-enterprise-day.int-spec); the body is a zone name, naming no record",
};

/** Tenant routes that create a record and are probed by a test of their own below. Route -> the test. */
const CREATE_PROBES: Record<string, string> = {
  'POST /v1/enterprises/{enterpriseId}/requisitions':
    "the Idempotency-Key test: the same key and body give each enterprise its own requisition; a retry never returns another's",
};

const DATES = { from: '2026-01-01', to: '2027-12-31' };
const SHARED_REQUISITION = {
  role: 'Shared role',
  skills: [{ label: 'CNC' }],
  headcount: 1,
  kind: 'internship',
  period: { from: '2026-03-01', to: '2026-08-31' },
  location: 'Suzhou',
};
const SHARED_IDEMPOTENCY_KEY = `tenant-matrix-${randomUUID()}`;

async function ok(method: string, url: string, token: string, body?: unknown, headers?: Record<string, string>) {
  const answer = await httpJson(method, url, { token, body, headers });
  if (answer.status < 200 || answer.status >= 300) throw new Error(`${method} ${url} -> ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

type Tenant = Awaited<ReturnType<typeof seedTenant>>;

/** A school and an enterprise with an active agreement, and records of every kind a tenant route reads or changes. */
async function seedTenant(base: string, label: string, publisher: EventPublisher, receivers: { school: string; enterprise: string }) {
  // In every name, programme, role and note of the tenant: found in an answer, it is this tenant's data.
  const tag = `T${label}${randomUUID().slice(0, 8)}`;
  const school = await ok('POST', `${base}/v1/schools`, ADMIN_TOKEN, { name: `School ${tag}`, country: 'CN' });
  const enterprise = await ok('POST', `${base}/v1/enterprises`, ADMIN_TOKEN, { name: `Enterprise ${tag}`, country: 'CN' });
  const agreementId = await activateAgreement({ baseUrl: base, adminToken: ADMIN_TOKEN, schoolId: school.id, enterpriseId: enterprise.id });
  // Credentials rotated (no overlap): the tenant's calls below all use the rotated key and secret.
  const rotate = (path: string) => ok('POST', `${base}${path}`, ADMIN_TOKEN, { overlapSeconds: 0, reason: 'tenant matrix' });
  const keys = {
    school: (await rotate(`/v1/schools/${school.id}/api-key/rotations`)).apiKey as string,
    enterprise: (await rotate(`/v1/enterprises/${enterprise.id}/api-key/rotations`)).apiKey as string,
  };
  const erpSecret = (await rotate(`/v1/enterprises/${enterprise.id}/erp-signing-secret/rotations`)).erpSigningSecret as string;

  const student = async (role: string) =>
    (
      await ok('POST', `${base}/v1/students`, ADMIN_TOKEN, {
        schoolId: school.id,
        givenName: `Given-${tag}-${role}`,
        familyName: `Family-${tag}`,
        programme: `programme-${tag}`,
        cohort: '2025',
        skills: [{ label: 'CNC' }],
        availability: DATES,
      })
    ).id as string;
  const students = { main: await student('main'), erasable: await student('erasable'), erased: await student('erased') };
  const grant = async (purpose: string, studentId = students.main) =>
    (
      await ok('POST', `${base}/v1/schools/${school.id}/students/${studentId}/consents`, keys.school, {
        enterpriseId: enterprise.id,
        purpose,
        grantedBy: 'student',
      })
    ).id as string;
  const consents = {
    placement: await grant('placement'),
    matching: await grant('matching'),
    dataSharing: await grant('data-sharing-with-enterprise'),
    toWithdraw: await grant('rd-project'),
  };

  const subscriptions = {
    school: (await ok('POST', `${base}/v1/schools/${school.id}/webhook-subscriptions`, keys.school, { url: receivers.school }))
      .id as string,
    enterprise: (
      await ok('POST', `${base}/v1/enterprises/${enterprise.id}/webhook-subscriptions`, keys.enterprise, { url: receivers.enterprise })
    ).id as string,
  };

  // The school's own outcome topic (ADR 0075), so its read shows the tenant's records.
  await ok('PUT', `${base}/v1/schools/${school.id}/outcome-topic`, keys.school, {});

  const requisition = (body: object, headers?: Record<string, string>) =>
    ok('POST', `${base}/v1/enterprises/${enterprise.id}/requisitions`, keys.enterprise, body, headers);
  const opened = {
    role: `role-${tag}`,
    skills: [{ label: 'CNC' }],
    headcount: 2,
    kind: 'internship',
    period: { from: '2026-03-01', to: '2026-08-31' },
    location: `Site ${tag}`,
  };
  const requisitions = {
    open: (await requisition(opened)).id as string,
    toClose: (await requisition(opened)).id as string,
    idempotent: (await requisition(SHARED_REQUISITION, { 'idempotency-key': SHARED_IDEMPOTENCY_KEY })).id as string,
  };

  const placement = await ok('POST', `${base}/v1/placements`, ADMIN_TOKEN, {
    studentId: students.main,
    enterpriseId: enterprise.id,
    requisitionId: requisitions.open,
    kind: 'internship',
    role: `role-${tag}`,
    startDate: '2026-03-01',
  });
  for (const to of ['offered', 'accepted']) await ok('POST', `${base}/v1/placements/${placement.id}/transitions`, ADMIN_TOKEN, { to });
  await signAgreement(base, placement.id);
  await ok('POST', `${base}/v1/placements/${placement.id}/transitions`, ADMIN_TOKEN, { to: 'active' });
  const onPlacement = `${base}/v1/enterprises/${enterprise.id}/placements/${placement.id}`;
  const attendance = await ok('POST', `${onPlacement}/attendance`, keys.enterprise, {
    date: '2026-03-02',
    hours: 7,
    status: 'present',
    note: `note ${tag}`,
  });
  const evaluation = await ok('POST', `${onPlacement}/evaluations`, keys.enterprise, {
    evaluator: `Supervisor ${tag}`,
    scores: { safety: 4 },
    comment: `comment ${tag}`,
  });

  // A double-qualified teacher of the school, offered by the teacher secondment service.
  const teacherId = randomUUID();
  const offered = newCloudEvent(SupervisorOffered, {
    source: 'urn:school-enterprise:teacher-secondment',
    data: {
      teacherId,
      schoolId: school.id,
      displayName: `Teacher ${tag}`,
      subject: 'Mechatronics',
      tier: 'junior',
      credentialId: randomUUID(),
      occurredAt: new Date().toISOString(),
    },
  });
  await publisher.publish([{ id: offered.id, topic: Topics.supervisors, key: teacherId, event: offered }]);

  // A student erased at the school's request; a disclosure to the enterprise (its profile read).
  const erasure = await ok('POST', `${base}/v1/schools/${school.id}/students/${students.erased}/erasure-requests`, keys.school, {
    reason: `erasure ${tag}`,
  });
  await ok('GET', `${base}/v1/enterprises/${enterprise.id}/students/${students.main}`, keys.enterprise);

  await waitFor(`tenant ${label}: the supervisor copy`, async () =>
    (await ok('GET', `${base}/v1/supervisors`, keys.school)).items.some((s: { teacherId: string }) => s.teacherId === teacherId),
  );
  await waitFor(`tenant ${label}: the started outcome in the school's feed`, async () =>
    (await ok('GET', `${base}/v1/schools/${school.id}/placement-outcomes`, keys.school)).items.some(
      (i: { event: { data: { placementId?: string } } }) => i.event.data.placementId === placement.id,
    ),
  );
  const ledger = await ok('GET', `${base}/v1/schools/${school.id}/students/${students.main}/disclosures/export`, keys.school);

  return {
    label,
    tag,
    school: { id: school.id as string },
    enterprise: { id: enterprise.id as string },
    keys,
    erpSecret,
    agreementId,
    students,
    consents,
    subscriptions,
    requisitions,
    placementId: placement.id as string,
    teacherId,
    erasureRequestId: erasure.id as string,
    /** Every id of the tenant's records, and its tag: none may show in another tenant's answers. */
    ids: [
      tag,
      school.id,
      enterprise.id,
      agreementId,
      ...Object.values(students),
      ...Object.values(consents),
      ...Object.values(subscriptions),
      ...Object.values(requisitions),
      placement.id,
      attendance.id,
      evaluation.id,
      teacherId,
      erasure.id,
      ...ledger.items.map((entry: { id: string }) => entry.id),
    ] as string[],
  };
}

/** The tenant's record a path parameter names (`owner`: the segment before it). */
function recordOf(t: Tenant, param: string, owner: string, template: string): string {
  if (param === 'studentId') return t.students.main;
  if (param === 'consentId') return t.consents.toWithdraw;
  if (param === 'requestId') return t.erasureRequestId;
  if (param === 'subscriptionId') return template.startsWith('/v1/schools/') ? t.subscriptions.school : t.subscriptions.enterprise;
  if (param === 'id' && owner === 'requisitions') return t.requisitions.open;
  if (param === 'id' && owner === 'placements') return t.placementId;
  throw new Error(`no record of a tenant for {${param}} after /${owner}/ in ${template}: add one to recordOf`);
}

/** The tenant's value for a query parameter that names a tenant or a record of one. */
function queryValueOf(t: Tenant, name: string): string | undefined {
  const values: Record<string, string> = {
    schoolId: t.school.id,
    enterpriseId: t.enterprise.id,
    studentId: t.students.main,
    requisitionId: t.requisitions.open,
    programme: `programme-${t.tag}`,
  };
  return values[name];
}

/** Query a route needs to answer at all, for the caller (an enterprise names the school whose supervisors it reads). */
function baseQueryOf(route: string, role: PartnerRole, caller: Tenant): Record<string, string> {
  return route === 'GET /v1/supervisors' && role === 'enterprise' ? { schoolId: caller.school.id } : {};
}
const queryString = (query: Record<string, string>) => (Object.keys(query).length ? `?${new URLSearchParams(query).toString()}` : '');

/** The path with the caller's own tenant id and, for each record parameter, the record of `ownerOf(param)`. */
function pathFor(template: string, caller: Tenant, ownerOf: (param: string) => Tenant, override?: (t: Tenant) => Record<string, string>) {
  return concretePathOf(template, (param, owner) => {
    if (param === 'schoolId') return caller.school.id;
    if (param === 'enterpriseId') return caller.enterprise.id;
    const t = ownerOf(param);
    return override?.(t)[param] ?? recordOf(t, param, owner, template);
  });
}

/**
 * A state change naming a record: the record parameters (default: recordOf), a body the route
 * accepts (the owner's identical call succeeds afterwards, which proves it), headers, and how
 * to read the record back as its owner or the operator. Listed in the order the owner's control
 * calls can run one after another.
 */
interface WriteProbe {
  params?: (t: Tenant) => Record<string, string>;
  body?: (caller: Tenant) => unknown;
  headers?: Record<string, string>;
  readBack: (t: Tenant) => { path: string; token: string | ((t: Tenant) => string); project?: (body: any) => unknown };
  /** The status of the owner's control call, when a particular 2xx proves more (201: not a replay of the refused call). */
  controlStatus?: number;
}
const subscriptionOf = (kind: 'schools' | 'enterprises') => (t: Tenant) => ({
  path: `/v1/${kind}/${kind === 'schools' ? t.school.id : t.enterprise.id}/webhook-subscriptions`,
  token: kind === 'schools' ? t.keys.school : t.keys.enterprise,
  project: (body: { items: { id: string }[] }) =>
    body.items.find((s) => s.id === (kind === 'schools' ? t.subscriptions.school : t.subscriptions.enterprise)),
});
const consentsOf = (t: Tenant) => ({ path: `/v1/schools/${t.school.id}/students/${t.students.main}/consents`, token: t.keys.school });
const placementOf = (t: Tenant) => ({ path: `/v1/placements/${t.placementId}`, token: ADMIN_TOKEN });
const idsOf = (body: { items: { id: string }[] }) => body.items.map((item) => item.id).sort();
const probeKey = `tenant-probe-${randomUUID()}`;

const WRITE_PROBES: Record<string, WriteProbe> = {
  'POST /v1/schools/{schoolId}/students/{studentId}/consents': {
    // The attack: a school grants its own enterprise a consent of another school's student.
    body: (caller) => ({ enterpriseId: caller.enterprise.id, purpose: 'data-sharing-with-enterprise', grantedBy: 'student' }),
    readBack: consentsOf,
    controlStatus: 201,
  },
  'POST /v1/schools/{schoolId}/students/{studentId}/consents/{consentId}/withdraw': {
    readBack: consentsOf,
  },
  'POST /v1/schools/{schoolId}/students/{studentId}/erasure-requests': {
    params: (t) => ({ studentId: t.students.erasable }),
    body: () => ({ reason: 'tenant matrix probe' }),
    readBack: (t) => ({
      path: `/v1/schools/${t.school.id}/erasure-requests?studentId=${t.students.erasable}`,
      token: t.keys.school,
      project: idsOf,
    }),
    controlStatus: 202,
  },
  'POST /v1/schools/{schoolId}/webhook-subscriptions/{subscriptionId}/rotate-secret': {
    body: () => ({ gracePeriodSeconds: 3600 }),
    readBack: subscriptionOf('schools'),
  },
  'POST /v1/schools/{schoolId}/webhook-subscriptions/{subscriptionId}/replay': {
    body: () => ({ since: '2020-01-01T00:00:00Z', replayId: probeKey }),
    readBack: (t) => ({
      path: `/v1/schools/${t.school.id}/webhook-subscriptions/${t.subscriptions.school}/deliveries?limit=200`,
      token: t.keys.school,
      project: idsOf,
    }),
    controlStatus: 202,
  },
  'PATCH /v1/schools/{schoolId}/students/{studentId}': {
    // The attack: a school rewrites another school's student. Skills only, so no placement is regrouped.
    body: () => ({ skills: [{ label: 'Tenant probe' }] }),
    readBack: (t) => ({ path: `/v1/schools/${t.school.id}/students/${t.students.main}`, token: t.keys.school }),
  },
  // After the replay: a replay needs the subscription active.
  'PATCH /v1/schools/{schoolId}/webhook-subscriptions/{subscriptionId}': {
    body: () => ({ status: 'disabled' }),
    readBack: subscriptionOf('schools'),
  },
  'POST /v1/enterprises/{enterpriseId}/requisitions/{id}/status': {
    params: (t) => ({ id: t.requisitions.toClose }),
    body: () => ({ to: 'closed' }),
    readBack: (t) => ({ path: `/v1/enterprises/${t.enterprise.id}/requisitions/${t.requisitions.toClose}`, token: t.keys.enterprise }),
  },
  'POST /v1/enterprises/{enterpriseId}/placements/{id}/attendance': {
    body: () => ({ date: '2026-03-03', hours: 6, status: 'present' }),
    // The owner's call with the same key is then a new entry (201), not a replay of the refused one.
    headers: { 'idempotency-key': probeKey },
    readBack: (t) => ({ path: `/v1/placements/${t.placementId}/attendance`, token: ADMIN_TOKEN }),
    controlStatus: 201,
  },
  'POST /v1/enterprises/{enterpriseId}/placements/{id}/evaluations': {
    body: () => ({ evaluator: 'Mallory', scores: { safety: 1 } }),
    headers: { 'idempotency-key': probeKey },
    readBack: placementOf,
    controlStatus: 201,
  },
  'POST /v1/enterprises/{enterpriseId}/webhook-subscriptions/{subscriptionId}/rotate-secret': {
    body: () => ({ gracePeriodSeconds: 3600 }),
    readBack: subscriptionOf('enterprises'),
  },
  'PATCH /v1/enterprises/{enterpriseId}/webhook-subscriptions/{subscriptionId}': {
    body: () => ({ status: 'disabled' }),
    readBack: subscriptionOf('enterprises'),
  },
};

describe('tenant matrix: a school or enterprise naming another tenant’s record on its own path (talent pipeline)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let base: string;
  let routes: Route[];
  let a: Tenant;
  let b: Tenant;
  const receivers = {
    a: { school: new WebhookReceiver(), enterprise: new WebhookReceiver() },
    b: { school: new WebhookReceiver(), enterprise: new WebhookReceiver() },
  };

  beforeAll(async () => {
    service = await startTalentPipeline();
    base = service.baseUrl;
    const publisher = service.app.get(EventPublisher);
    const urls = async (r: { school: WebhookReceiver; enterprise: WebhookReceiver }) => ({
      school: await r.school.start(),
      enterprise: await r.enterprise.start(),
    });
    [a, b] = [
      await seedTenant(base, 'A', publisher, await urls(receivers.a)),
      await seedTenant(base, 'B', publisher, await urls(receivers.b)),
    ];
    // B's student also lets A's enterprise rank them: without an agreement between S2 and E1, A's ranking still leaves them out.
    await ok('POST', `${base}/v1/schools/${b.school.id}/students/${b.students.main}/consents`, b.keys.school, {
      enterpriseId: a.enterprise.id,
      purpose: 'matching',
      grantedBy: 'student',
    });
    // B's ranking shows B's student (the matching pool fills in the background), so A's would show them if it could.
    await waitFor("B's ranking shows B's student", async () =>
      JSON.stringify(
        await ok('GET', `${base}/v1/enterprises/${b.enterprise.id}/requisitions/${b.requisitions.open}/matches`, b.keys.enterprise),
      ).includes(b.students.main),
    );
    const document = (await httpJson('GET', `${base}/docs-json`)).body as Document;
    routes = Object.entries(document.paths).flatMap(([template, methods]) =>
      Object.entries(methods)
        .map(([method, operation]) => ({
          route: `${method.toUpperCase()} ${template}`,
          method,
          template,
          roles: PARTNER_ROLES.filter((role) => operation['x-roles']?.includes(role)),
          recordParams: [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((p) => !TENANT_PARAMS.includes(p)),
          queryParams: (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        }))
        .filter((r) => r.roles.length > 0),
    );
  });
  afterAll(async () => {
    await service?.close();
    for (const r of [receivers.a, receivers.b]) await Promise.all([r.school.stop(), r.enterprise.stop()]);
  });

  const keyOf = (t: Tenant, role: PartnerRole) => t.keys[role];
  /** B's ids in an answer to A, but for those A itself sent (a problem's detail may repeat the path). */
  const leakedIn = (answer: unknown, sent: string) => {
    const text = typeof answer === 'string' ? answer : JSON.stringify(answer ?? '');
    return b.ids.filter((id) => !sent.includes(id) && text.includes(id));
  };
  const isProblem = (answer: { contentType: string | null }) => answer.contentType?.startsWith('application/problem+json') ?? false;
  const reads = () => routes.filter((r) => r.method === 'get' && r.recordParams.length > 0);
  const lists = () => routes.filter((r) => r.method === 'get' && r.recordParams.length === 0);

  it('has a probe for every tenant-scoped route of /docs-json, or a reason in the allow-list', () => {
    const writes = routes.filter((r) => r.method !== 'get' && r.recordParams.length > 0).map((r) => r.route);
    const creates = routes.filter((r) => r.method !== 'get' && r.recordParams.length === 0).map((r) => r.route);
    // Every state change naming a record has a write probe, and every probe a documented route.
    expect(writes.sort()).toEqual(Object.keys(WRITE_PROBES).sort());
    // Every create is probed or allow-listed, and no entry of either list is stale.
    expect(creates.sort()).toEqual([...Object.keys(CREATE_PROBES), ...Object.keys(NO_PROBE_NEEDED)].sort());
    // Every read names records recordOf knows (it throws for an unknown parameter), and every exception is a documented read.
    for (const { template } of reads()) expect(pathFor(template, a, () => b)).not.toContain('{');
    expect(Object.keys(REFUSAL_BY_DESIGN).filter((route) => !reads().some((r) => r.route === route))).toEqual([]);
    // Both partner roles have reads, lists and writes of their own.
    for (const role of PARTNER_ROLES) {
      for (const kind of [reads(), lists(), routes.filter((r) => r.method !== 'get' && r.recordParams.length > 0)]) {
        expect({ role, routes: kind.filter((r) => r.roles.includes(role)).length > 0 }).toEqual({ role, routes: true });
      }
    }
    process.stdout.write(
      `tenant matrix: ${reads().length} reads, ${lists().length} lists, ${writes.length} writes, ${creates.length} creates of ${routes.length} tenant routes\n`,
    );
  });

  it("answers A on every read naming B's record with 404 problem+json, as for an id that does not exist, showing nothing of B; B's same call reads it", async () => {
    const findings: string[] = [];
    let probed = 0;
    for (const { route, template, roles, recordParams, queryParams } of reads()) {
      for (const role of roles) {
        const formats = queryParams.includes('format') ? ['', '?format=csv'] : [''];
        for (const format of formats) {
          probed++;
          const path = pathFor(template, a, () => b) + format;
          const answer = await httpJson('GET', `${base}${path}`, { token: keyOf(a, role) });
          const madeUp = () => Object.fromEntries(recordParams.map((p) => [p, randomUUID()]));
          const unknown = await httpJson('GET', `${base}${pathFor(template, a, () => b, madeUp)}${format}`, { token: keyOf(a, role) });
          const want = REFUSAL_BY_DESIGN[route] ?? { status: 404 };
          if (answer.status !== want.status || !isProblem(answer)) {
            findings.push(`${route}${format} as A's ${role}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
          }
          // Indistinguishable from a record that does not exist: no oracle of B's ids.
          if (answer.status !== unknown.status || answer.body?.title !== unknown.body?.title) {
            findings.push(
              `${route}${format} as A's ${role}: ${answer.status} ${answer.body?.title}, but ${unknown.status} ${unknown.body?.title} for an unknown id`,
            );
          }
          const leaked = leakedIn(answer.body, path);
          if (leaked.length) findings.push(`${route}${format} as A's ${role}: shows B's ${leaked.join(', ')}`);
          const control = await httpJson('GET', `${base}${pathFor(template, b, () => b)}${format}`, { token: keyOf(b, role) });
          if (control.status !== 200)
            findings.push(`${route}${format} as B's ${role}: ${control.status}, so the probe names no record B may read`);
          // A's own record shows nothing of B either (a ranking draws on many students: B's are not A's partners').
          const mine = await httpJson('GET', `${base}${pathFor(template, a, () => a)}${format}`, { token: keyOf(a, role) });
          const shown = leakedIn(mine.body, '');
          if (mine.status !== 200 || shown.length)
            findings.push(`${route}${format} as A's ${role} on A's record: ${mine.status}, shows B's ${shown.join(', ')}`);
        }
      }
    }
    expect(findings).toEqual([]);
    // Consents, disclosure export (JSON, CSV), the profile, requisition, matches, both placement reads, attendance, both delivery logs, the erasure request.
    expect(probed).toBeGreaterThanOrEqual(12);
  });

  it("never shows A a record of B on a list, not even when A's query names B's school, enterprise, student, requisition or programme", async () => {
    const findings: string[] = [];
    let probed = 0;
    for (const { route, template, roles, queryParams } of lists()) {
      for (const role of roles) {
        const own = baseQueryOf(route, role, a);
        // The caller's own query, then each parameter naming B's record in turn (the same name replaced).
        const queries = [
          own,
          ...queryParams.filter((p) => queryValueOf(b, p)).map((p) => ({ ...own, [p]: queryValueOf(b, p)! })),
          ...(queryParams.includes('format') ? [{ ...own, format: 'csv' }] : []),
        ];
        for (const query of queries) {
          probed++;
          const path = `${pathFor(template, a, () => b)}${queryString(query)}`;
          const answer = await httpJson('GET', `${base}${path}`, { token: keyOf(a, role) });
          const refused = [403, 404].includes(answer.status) && isProblem(answer);
          if (answer.status !== 200 && !refused)
            findings.push(`${path} as A's ${role}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
          // What A named itself may come back (a report's scope repeats its filters): that tells A nothing.
          const leaked = leakedIn(answer.body, Object.values(query).join(' '));
          if (leaked.length) findings.push(`${path} as A's ${role}: shows B's ${leaked.join(', ')}`);
        }
        // B's own call shows B's records, so the search above would find them (read models fill in the background).
        const controlPath = `${pathFor(template, b, () => b)}${queryString(baseQueryOf(route, role, b))}`;
        const shown = await waitFor(`${route} as B's ${role} shows B's records`, async () => {
          const control = await httpJson('GET', `${base}${controlPath}`, { token: keyOf(b, role) });
          return control.status === 200 && b.ids.some((id) => JSON.stringify(control.body).includes(id)) && control;
        }).catch(() => undefined);
        if (!shown) findings.push(`${route} as B's ${role}: shows none of B's records`);
      }
    }
    expect(findings).toEqual([]);
    expect(probed).toBeGreaterThanOrEqual(20);
  });

  it("keeps each enterprise's Idempotency-Key to itself: the same key and body gave A and B a requisition each, and A's retry never returns B's", async () => {
    // Both opened SHARED_REQUISITION under SHARED_IDEMPOTENCY_KEY while seeding (B after A).
    expect(a.requisitions.idempotent).not.toBe(b.requisitions.idempotent);
    const ofB = `${base}/v1/enterprises/${b.enterprise.id}/requisitions/${b.requisitions.idempotent}`;
    const before = await ok('GET', ofB, b.keys.enterprise);
    const url = `${base}/v1/enterprises/${a.enterprise.id}/requisitions`;
    const headers = { 'idempotency-key': SHARED_IDEMPOTENCY_KEY };
    const retry = await httpJson('POST', url, { token: a.keys.enterprise, body: SHARED_REQUISITION, headers });
    const other = await httpJson('POST', url, { token: a.keys.enterprise, body: { ...SHARED_REQUISITION, headcount: 3 }, headers });
    expect([retry.status, other.status]).toEqual([200, 422]);
    expect(retry.body).toMatchObject({ id: a.requisitions.idempotent, enterpriseId: a.enterprise.id });
    expect(leakedIn(retry.body, '')).toEqual([]);
    expect(leakedIn(other.body, '')).toEqual([]);
    expect(await ok('GET', ofB, b.keys.enterprise)).toEqual(before);
    // B's own retry is B's requisition.
    const own = await httpJson('POST', `${base}/v1/enterprises/${b.enterprise.id}/requisitions`, {
      token: b.keys.enterprise,
      body: SHARED_REQUISITION,
      headers,
    });
    expect({ status: own.status, id: own.body.id }).toEqual({ status: 200, id: b.requisitions.idempotent });
  });

  it("sends A's webhook subscriptions none of B's outcomes; B's own receive them", async () => {
    const bodies = (r: WebhookReceiver) => r.received.map((w) => w.body).join('\n');
    await waitFor("B's school and enterprise receivers get B's started outcome", () =>
      [receivers.b.school, receivers.b.enterprise].every((r) => bodies(r).includes(b.placementId)),
    );
    await waitFor("A's receivers get A's own outcome", () =>
      [receivers.a.school, receivers.a.enterprise].every((r) => bodies(r).includes(a.placementId)),
    );
    expect({ school: leakedIn(bodies(receivers.a.school), ''), enterprise: leakedIn(bodies(receivers.a.enterprise), '') }).toEqual({
      school: [],
      enterprise: [],
    });
  });

  it("refuses A every state change naming B's records (404/403 problem+json, B's and A's records unchanged); B's identical call then succeeds", async () => {
    const byRoute = new Map(routes.map((r) => [r.route, r]));
    const readBack = async (probe: WriteProbe, t: Tenant) => {
      const { path, token, project } = probe.readBack(t);
      const answer = await ok('GET', `${base}${path}`, typeof token === 'string' ? token : token(t));
      return JSON.stringify(project ? project(answer) : answer);
    };
    const call = async (route: string, probe: WriteProbe, caller: Tenant, ownerOf: (param: string) => Tenant) => {
      const { method, template, roles } = byRoute.get(route)!;
      const path = pathFor(template, caller, ownerOf, probe.params);
      const answer = await httpJson(method.toUpperCase(), `${base}${path}`, {
        token: keyOf(caller, roles[0]),
        body: probe.body?.(a),
        headers: probe.headers,
      });
      return { ...answer, path };
    };

    const findings: string[] = [];
    let probed = 0;
    for (const [route, probe] of Object.entries(WRITE_PROBES)) {
      const before = [await readBack(probe, a), await readBack(probe, b)];
      const { recordParams, roles } = byRoute.get(route)!;
      expect({ route, roles: roles.length }).toEqual({ route, roles: 1 });
      // Every mix of B's and A's records in the record parameters, but A's alone (the owner's control's business).
      const mixes = Array.from({ length: 2 ** recordParams.length - 1 }, (_, mask) =>
        Object.fromEntries(recordParams.map((p, i) => [p, (mask >> i) & 1 ? a : b])),
      );
      for (const mix of mixes) {
        probed++;
        const answer = await call(route, probe, a, (param) => mix[param]);
        const named = recordParams.map((p) => `${p}: ${mix[p].label}`).join(', ');
        if (![403, 404].includes(answer.status) || !isProblem(answer)) {
          findings.push(`${route} as A (${named}): ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
        }
        const leaked = leakedIn(answer.body, answer.path);
        if (leaked.length) findings.push(`${route} as A (${named}): shows B's ${leaked.join(', ')}`);
      }
      const after = [await readBack(probe, a), await readBack(probe, b)];
      if (after[1] !== before[1]) findings.push(`${route}: B's record changed after A's calls`);
      if (after[0] !== before[0]) findings.push(`${route}: A's own record changed after A's calls naming B's`);
    }
    // B's identical calls succeed, in order, and change what is read back: the bodies are valid and the read-back would see a change.
    for (const [route, probe] of Object.entries(WRITE_PROBES)) {
      const before = await readBack(probe, b);
      const answer = await call(route, probe, b, () => b);
      if (answer.status < 200 || answer.status >= 300 || (probe.controlStatus && answer.status !== probe.controlStatus)) {
        findings.push(`${route} as B: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
      } else if ((await readBack(probe, b)) === before) findings.push(`${route}: B's own call changed nothing read back`);
    }
    expect(findings).toEqual([]);
    expect(probed).toBeGreaterThanOrEqual(12);
  });

  it("holds a hire A's ERP signs for B's placement, which the operator cannot link to it either; B's ERP's identical hire applies", async () => {
    const placementOfB = async () => ok('GET', `${base}/v1/placements/${b.placementId}`, ADMIN_TOKEN);
    const before = await placementOfB();
    expect(before.status).toBe('active');
    const data = { placementId: b.placementId, position: { title: 'Technician' }, hireDate: '2026-09-01' };
    const foreign = erpHireEvent(data);
    const sent = await postErpEvents({ baseUrl: base, enterpriseId: a.enterprise.id, secret: a.erpSecret, body: foreign });
    expect(sent.status).toBe(202);
    const held = await waitFor("A's hire held for review", async () =>
      (await ok('GET', `${base}/v1/erp/review-queue?enterpriseId=${a.enterprise.id}`, ADMIN_TOKEN)).items.find(
        (i: { event: { id: string } }) => i.event.id === foreign.id,
      ),
    );
    expect(held.reason).toMatch(/no placement of this enterprise/);
    // The operator cannot link A's event to B's placement, by placement or by B's student.
    const resolve = (body: object) => httpJson('POST', `${base}/v1/erp/review-queue/${held.id}/resolve`, { token: ADMIN_TOKEN, body });
    expect((await resolve({ placementId: b.placementId })).status).toBe(400);
    expect((await resolve({ studentId: b.students.main })).status).toBe(409);
    expect(await placementOfB()).toEqual(before);

    const own = erpHireEvent(data);
    expect((await postErpEvents({ baseUrl: base, enterpriseId: b.enterprise.id, secret: b.erpSecret, body: own })).status).toBe(202);
    await waitFor("B's own hire applied", async () => (await placementOfB()).status === 'hired');
  });
});
