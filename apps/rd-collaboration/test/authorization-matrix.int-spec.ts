import { randomUUID } from 'node:crypto';
import { CredentialIssued, PlacementHired, PlacementStarted, SchoolRegistered, SecondmentStarted } from '@app/contracts';
import { httpJson, LIBRARY_ROUTE, libraryRoleFindings, roleFindings, securedPart, waitForConsumed } from '@app/testing';
import {
  activateAgreement,
  ADMIN_TOKEN,
  challengeBody,
  placementOutcomeData,
  projectBody,
  proposalBody,
  RdService,
  reviewerKey,
  seedPair,
  startRdCollaboration,
  secondmentData,
} from './rd-collaboration.harness';

/** When the seeded placements start. */
const STARTED_AT = '2026-06-01T08:00:00.000Z';

jest.setTimeout(300_000);

/**
 * The role and tenant part of the authorization matrix (threat model item 16): every route of this
 * service's controllers, taken from /docs-json (so a new route is covered the day it is
 * documented), called with a key of every role, and every route that names a record called by
 * the other tenant's keys on tenant A's records.
 */
interface Operation {
  security?: unknown[];
  'x-roles'?: string[];
}
type Document = { paths: Record<string, Record<string, Operation>> };
type Role = 'school' | 'enterprise' | 'reviewer';

/** Routes of the libraries (partner and agreement copies, operator log, probes): the lead covers them. */
/** How RdAuthGuard words its role refusal (a route's own 403, e.g. "only the enterprise accepts", reads otherwise). */
const GUARD_REFUSAL = /this route is not for the (school|enterprise|reviewer) role/;

interface Tenant {
  label: string;
  schoolId: string;
  enterpriseId: string;
  reviewerId: string;
  keys: Record<Role, string>;
  /** A marker in the confidential problem, the proposal approach and the review comment. */
  secret: string;
  challengeId: string;
  /** Reviewed by the tenant's reviewer, in stage qualified. */
  reviewedProposalId: string;
  /** Selected; became the project. */
  selectedProposalId: string;
  projectId: string;
  teacherId: string;
  studentId: string;
  teacherParticipationId: string;
  studentParticipationId: string;
  milestoneId: string;
  /** Proposed by the school: the enterprise decides it. */
  changeBySchoolId: string;
  /** Proposed by the enterprise: the school decides it. */
  changeByEnterpriseId: string;
  secondmentId: string;
  credentialId: string;
  placementId: string;
}

/** A school with an active R&D agreement with tenant A's enterprise but no NDA, and no part in A's proposals. */
interface CoveredSchool {
  schoolId: string;
  key: string;
}

interface Caller {
  name: string;
  role: Role;
  key: string;
}

/** Cross-tenant answers that are intended, with the ids of A they may carry and why (ADR 0027). */
const BY_DESIGN: Record<string, { mayName: Array<'challengeId' | 'enterpriseId'>; reason: string }> = {
  'GET /v1/challenges as covered school': {
    mayName: ['challengeId', 'enterpriseId'],
    reason:
      'ADR 0027: a school with an active agreement covering R&D with the enterprise lists its challenges (problem and constraints only under an NDA)',
  },
  'GET /v1/challenges/{id} as covered school': {
    mayName: ['challengeId', 'enterpriseId'],
    reason: 'ADR 0027: the same challenge read alone; the NDA gate hides problem and constraints and the NDAs recorded',
  },
  'GET /v1/challenges/{challengeId}/proposals as covered school': {
    mayName: [],
    reason: 'a school may list the proposals of a challenge visible to it, and sees only its own (here: none of A’s)',
  },
  'GET /v1/scorecards as covered school': {
    mayName: ['enterpriseId'],
    reason: 'the pair (covered school, A’s enterprise) is the covered school’s own agreement: it lists it with the enterprise’s id',
  },
  'POST /v1/challenges/{challengeId}/proposals as covered school': {
    mayName: [],
    reason: 'ADR 0027: any covered school may submit its own proposal to a visible challenge; A’s records stay unchanged',
  },
};

describe('authorization matrix: every route of rd-collaboration x every role, and tenant isolation', () => {
  let rd: RdService;
  let document: Document;
  let a: Tenant;
  let b: Tenant;
  let covered: CoveredSchool;
  const call = (method: string, path: string, token: string, body?: unknown) => httpJson(method, `${rd.baseUrl}${path}`, { token, body });
  const post = async (path: string, token: string, body: unknown) => {
    const answer = await call('POST', path, token, body);
    if (answer.status >= 300) throw new Error(`POST ${path} -> ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };

  /** Through the HTTP API (and the events other services publish): a tenant with a record of every kind. */
  async function seedTenant(label: string): Promise<Tenant> {
    const pair = await seedPair(rd);
    const reviewerId = `reviewer-${label}-${randomUUID().slice(0, 8)}`;
    const keys = { school: pair.schoolKey, enterprise: pair.enterpriseKey, reviewer: await reviewerKey(rd, reviewerId) };
    const secret = `secret-${label}-${randomUUID()}`;
    const challenge = await post(
      '/v1/challenges',
      keys.enterprise,
      challengeBody({ problem: `Scratch rate 6% (${secret})`, confidentiality: 'confidential' }),
    );
    await post(`/v1/challenges/${challenge.id}/ndas`, keys.enterprise, {
      schoolId: pair.schoolId,
      signedOn: '2026-01-15',
      signedBy: 'Dean Wu',
    });
    const reviewed = await post(
      `/v1/challenges/${challenge.id}/proposals`,
      keys.school,
      proposalBody({ approach: `Two cameras (${secret})` }),
    );
    const selected = await post(`/v1/challenges/${challenge.id}/proposals`, keys.school, proposalBody({ title: 'Second approach' }));
    await post(`/v1/proposals/${reviewed.id}/reviewers`, keys.enterprise, { reviewerId });
    await call('POST', `/v1/proposals/${reviewed.id}/reviews`, keys.reviewer, {
      scores: [
        { criterionId: 'fit', score: 8 },
        { criterionId: 'team', score: 7 },
        { criterionId: 'cost', score: 5 },
      ],
      comment: `Solid (${secret})`,
    });
    await post(`/v1/proposals/${reviewed.id}/stage`, keys.enterprise, { to: 'qualified' });
    for (const to of ['qualified', 'shortlisted', 'selected']) await post(`/v1/proposals/${selected.id}/stage`, keys.enterprise, { to });
    const projectId = (await post('/v1/projects', keys.enterprise, projectBody(selected.id))).id;

    const [teacherId, studentId] = [randomUUID(), randomUUID()];
    const join = (kind: string, personId: string) =>
      post(`/v1/projects/${projectId}/participants`, keys.school, { kind, personId, name: `${kind} ${label}`, role: 'Engineer' });
    await join('teacher', teacherId);
    const participants = (await join('student', studentId)).participants as Array<{ participationId: string; personId: string }>;
    const participation = (personId: string) => participants.find((p) => p.personId === personId)!.participationId;
    await post(`/v1/projects/${projectId}/participants/${participation(teacherId)}/hours`, keys.school, {
      date: '2026-05-04',
      hours: 2,
      activity: 'Calibration',
    });
    const milestoneId = (
      await post(`/v1/projects/${projectId}/milestones`, keys.enterprise, {
        title: 'Prototype',
        deliverables: ['Rig'],
        dueOn: '2026-07-31',
      })
    ).milestones[0].milestoneId;
    await post(`/v1/projects/${projectId}/change-requests`, keys.school, { description: 'Second trial', newEnd: '2026-12-31' });
    const changes = (await post(`/v1/projects/${projectId}/change-requests`, keys.enterprise, { description: 'Extra camera' }))
      .changeRequests;
    await post(`/v1/projects/${projectId}/contributions`, keys.enterprise, {
      pledgeId: 'pledge-1',
      amount: { currency: 'CNY', amountMinor: 5_000_000 },
      deliveredOn: '2026-05-01',
    });
    await post(`/v1/projects/${projectId}/outcomes`, keys.school, { kind: 'publication', title: 'Paper', publication: { citation: 'c' } });
    await post(`/v1/projects/${projectId}/participants/${participation(studentId)}/placement-proposals`, keys.school, {
      role: 'Vision intern',
      startDate: '2026-06-01',
    });

    // The other services' facts about the tenant's people: a secondment, a credential, a placement.
    const [secondmentId, credentialId, placementId] = [`secondment-${randomUUID()}`, `cred-${randomUUID()}`, `placement-${randomUUID()}`];
    const at = '2026-05-10T08:00:00.000Z';
    await rd.produce(
      SecondmentStarted,
      secondmentData({ secondmentId, teacherId, schoolId: pair.schoolId, enterpriseId: pair.enterpriseId }, at),
      secondmentId,
    );
    await rd.produce(
      CredentialIssued,
      {
        credentialId,
        teacherId,
        schoolId: pair.schoolId,
        tier: 'intermediate',
        issuedAt: at,
        verifyUrl: 'https://example.test/v/1',
        occurredAt: at,
      },
      teacherId,
    );
    await rd.produce(
      PlacementStarted,
      placementOutcomeData({ placementId, schoolId: pair.schoolId, enterpriseId: pair.enterpriseId, studentId }, 'started', STARTED_AT),
      pair.schoolId,
    );
    // Wait for every link the events make, so the records are settled before they are compared.
    await waitForConsumed(rd, `tenant ${label}'s copies and links`, async () => {
      const project = (await call('GET', `/v1/projects/${projectId}`, keys.enterprise)).body;
      const trail = (await call('GET', `/v1/trails/teachers/${teacherId}`, keys.school)).body;
      return (
        project.participants.some((p: { secondmentId?: string }) => p.secondmentId === secondmentId) &&
        project.placementLinks.some((l: { placementId: string }) => l.placementId === placementId) &&
        trail.credentials?.length === 1
      );
    });
    return {
      label,
      schoolId: pair.schoolId,
      enterpriseId: pair.enterpriseId,
      reviewerId,
      keys,
      secret,
      challengeId: challenge.id,
      reviewedProposalId: reviewed.id,
      selectedProposalId: selected.id,
      projectId,
      teacherId,
      studentId,
      teacherParticipationId: participation(teacherId),
      studentParticipationId: participation(studentId),
      milestoneId,
      changeBySchoolId: changes[0].changeRequestId,
      changeByEnterpriseId: changes[1].changeRequestId,
      secondmentId,
      credentialId,
      placementId,
    };
  }

  /** The tenant's record a path parameter names; a parameter this does not know fails the test (a new route needs an id here). */
  function idOf(t: Tenant, name: string, template: string, role?: string): string {
    switch (name) {
      case 'id':
        if (template.startsWith('/v1/challenges/')) return t.challengeId;
        if (template.startsWith('/v1/proposals/')) return t.reviewedProposalId;
        if (template.startsWith('/v1/projects/')) return t.projectId;
        break;
      case 'challengeId':
        return t.challengeId;
      case 'participationId':
        return template.includes('placement-proposals') ? t.studentParticipationId : t.teacherParticipationId;
      case 'milestoneId':
        return t.milestoneId;
      case 'changeRequestId':
        // The side that did not propose it decides.
        return role === 'school' ? t.changeByEnterpriseId : t.changeBySchoolId;
      case 'studentId':
      case 'personId':
        return t.studentId;
      case 'teacherId':
        return t.teacherId;
      case 'schoolId':
        return t.schoolId;
      case 'enterpriseId':
        return t.enterpriseId;
      case 'keyId':
      case 'requestId':
        // Operator-only routes; never a real key (the probe must not revoke one).
        return randomUUID();
    }
    throw new Error(`no record of a tenant for {${name}} in ${template}: name one in idOf`);
  }
  const pathOf = (t: Tenant, template: string, role?: string) =>
    template.replace(/\{(\w+)\}/g, (_, name: string) => idOf(t, name, template, role));

  /** The ids of A no other tenant may ever see (the challenge and its enterprise are visible to covered schools by design). */
  const privateMarkersOf = (t: Tenant) => [
    t.schoolId,
    t.reviewerId,
    t.secret,
    t.reviewedProposalId,
    t.selectedProposalId,
    t.projectId,
    t.teacherId,
    t.studentId,
    t.teacherParticipationId,
    t.studentParticipationId,
    t.milestoneId,
    t.changeBySchoolId,
    t.changeByEnterpriseId,
    t.secondmentId,
    t.credentialId,
    t.placementId,
  ];
  const allMarkersOf = (t: Tenant) => [...privateMarkersOf(t), t.challengeId, t.enterpriseId];

  /** Every operation of this service's controllers, with its documented roles. */
  function operations(): Array<{ method: string; template: string; roles: string[] }> {
    return Object.entries(document.paths)
      .filter(([template]) => !LIBRARY_ROUTE.test(template))
      .flatMap(([template, ops]) =>
        Object.entries(ops)
          .filter(([, op]) => (op.security?.length ?? 0) > 0)
          .map(([method, op]) => ({ method: method.toUpperCase(), template, roles: op['x-roles'] ?? [] })),
      );
  }
  /** The callers of other tenants whose role the route documents. */
  const outsidersFor = (roles: string[]): Caller[] =>
    [
      { name: 'other school', role: 'school' as const, key: b.keys.school },
      { name: 'other enterprise', role: 'enterprise' as const, key: b.keys.enterprise },
      { name: 'unassigned reviewer', role: 'reviewer' as const, key: b.keys.reviewer },
      { name: 'covered school', role: 'school' as const, key: covered.key },
    ].filter((caller) => roles.includes(caller.role));

  beforeAll(async () => {
    rd = await startRdCollaboration();
    document = (await httpJson('GET', `${rd.baseUrl}/docs-json`)).body;
    a = await seedTenant('a');
    b = await seedTenant('b');
    // A school covered by an agreement with A's enterprise: sees A's challenge, never A's proposals or project.
    const schoolId = randomUUID();
    await rd.produce(
      SchoolRegistered,
      { schoolId, name: 'Hillside Polytechnic', country: 'CN', registeredAt: new Date().toISOString() },
      schoolId,
    );
    await activateAgreement(rd, schoolId, a.enterpriseId);
    const key = await waitForConsumed(rd, 'the covered school copy', async () => {
      const issued = await call('POST', '/v1/access-keys', ADMIN_TOKEN, { role: 'school', schoolId, label: 'covered' });
      return issued.status === 201 ? (issued.body.apiKey as string) : undefined;
    });
    covered = { schoolId, key };
    await waitForConsumed(rd, 'the covered school to see A’s challenge', async () =>
      (await call('GET', '/v1/challenges', key)).body.items?.some((c: { id: string }) => c.id === a.challengeId),
    );
  });
  afterAll(async () => rd?.close());

  it('documents the roles of every route, and the matrix exercises each role both ways', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThanOrEqual(35);
    for (const role of ['school', 'enterprise', 'reviewer']) {
      expect({ role, allowed: ops.filter((op) => op.roles.includes(role)).length > 0 }).toEqual({ role, allowed: true });
      expect({ role, refused: ops.filter((op) => !op.roles.includes(role)).length > 0 }).toEqual({ role, refused: true });
    }
    // The guard lets the operator through everywhere; some routes are the operator's alone.
    expect(ops.filter((op) => !op.roles.includes('operator'))).toEqual([]);
    expect(ops.filter((op) => op.roles.join() === 'operator').length).toBeGreaterThanOrEqual(5);
  });

  it('lets exactly the documented roles past the guard on every route (x-roles matches behaviour)', async () => {
    const own = securedPart(document, (template) => !LIBRARY_ROUTE.test(template));
    const findings = await roleFindings(rd.baseUrl, own, {
      tokens: { operator: ADMIN_TOKEN, ...a.keys },
      guardRefusal: GUARD_REFUSAL,
      pathValue: (name, template) => idOf(a, name, template),
    });
    expect(findings).toEqual([]);
  });

  it('lets exactly the documented roles past the guards of the library routes too (partner directory, operator endpoints)', async () => {
    expect(Object.keys(securedPart(document, (t) => LIBRARY_ROUTE.test(t)).paths)).toEqual(
      expect.arrayContaining(['/v1/partners', '/v1/agreements/{id}', '/v1/operator/access-log']),
    );
    expect(await libraryRoleFindings(rd.baseUrl, document, { operator: ADMIN_TOKEN, ...a.keys })).toEqual([]);
  });

  it('answers the owners on every GET route with their own records (so the searches below would find them)', async () => {
    const failures: string[] = [];
    for (const { method, template, roles } of operations().filter((op) => op.method === 'GET')) {
      for (const role of (['school', 'enterprise', 'reviewer'] as const).filter((r) => roles.includes(r))) {
        const answer = await call('GET', pathOf(a, template, role), a.keys[role]);
        const text = JSON.stringify(answer.body);
        const namesOwn = allMarkersOf(a).some((marker) => text.includes(marker));
        if (answer.status !== 200 || !namesOwn)
          failures.push(`${method} ${template} as A's ${role}: ${answer.status} ${text.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
    // The NDA gate opens for the tenant's own school, which signed.
    expect((await call('GET', `/v1/challenges/${a.challengeId}`, a.keys.school)).body.problem).toContain(a.secret);
  });

  it('never answers another tenant’s GET with A’s records: 404 on A’s ids, none of A’s ids in lists (intended exceptions allow-listed)', async () => {
    const failures: string[] = [];
    let probes = 0;
    for (const { method, template, roles } of operations().filter((op) => op.method === 'GET')) {
      for (const caller of outsidersFor(roles)) {
        probes += 1;
        const route = `${method} ${template} as ${caller.name}`;
        const answer = await call('GET', pathOf(a, template, caller.role), caller.key);
        const text = JSON.stringify(answer.body);
        const design = BY_DESIGN[route];
        const hasPathId = template.includes('{');
        if (design || !hasPathId) {
          const allowed = new Set(design?.mayName.map((name) => a[name]) ?? []);
          const seen = allMarkersOf(a).filter((marker) => !allowed.has(marker) && text.includes(marker));
          if (answer.status !== 200 || seen.length > 0) failures.push(`${route}: ${answer.status}, names A's ${seen.join(', ')}`);
        } else if (answer.status !== 404 || !answer.contentType?.startsWith('application/problem+json')) {
          failures.push(`${route}: ${answer.status} ${text.slice(0, 160)}, expected 404 problem+json`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(probes).toBeGreaterThanOrEqual(25);
    // Each intended exception was met (an entry no route produces any more must go).
    const gets = Object.keys(BY_DESIGN).filter((route) => route.startsWith('GET'));
    const met = operations().flatMap(({ method, template, roles }) => outsidersFor(roles).map((c) => `${method} ${template} as ${c.name}`));
    expect(gets.filter((route) => !met.includes(route))).toEqual([]);

    // What the covered school reads of A's challenge is the summary: the NDA gate holds.
    const challenge = (await call('GET', `/v1/challenges/${a.challengeId}`, covered.key)).body;
    expect(challenge).toMatchObject({ id: a.challengeId, detailsVisible: false });
    expect(challenge).not.toHaveProperty('problem');
    expect(challenge).not.toHaveProperty('constraints');
    expect(challenge).not.toHaveProperty('ndas');
  });

  /** A body each route accepts from the caller's role (the owners' calls below prove it), or undefined where it has none yet. */
  function validBody(template: string, role: Role): unknown {
    const bodies: Record<string, () => unknown> = {
      '/v1/challenges/{id}/ndas': () => ({ schoolId: b.schoolId, signedOn: '2026-02-01', signedBy: 'Dean Li' }),
      '/v1/challenges/{challengeId}/proposals': () => proposalBody({ title: 'A late idea' }),
      '/v1/proposals/{id}/reviewers': () => ({ reviewerId: 'reviewer-extra' }),
      '/v1/proposals/{id}/reviews': () => ({
        scores: [
          { criterionId: 'fit', score: 1 },
          { criterionId: 'team', score: 1 },
          { criterionId: 'cost', score: 1 },
        ],
        comment: 'Rewritten',
      }),
      '/v1/proposals/{id}/stage': () => ({ to: 'shortlisted' }),
      '/v1/projects/{id}/close': () => ({ summary: 'Closed early.' }),
      '/v1/projects/{id}/participants': () => ({ kind: 'teacher', personId: `teacher-${role}-late`, name: 'Late', role: 'Helper' }),
      '/v1/projects/{id}/participants/{participationId}/hours': () => ({ date: '2026-05-05', hours: 1, activity: 'More calibration' }),
      '/v1/projects/{id}/participants/{participationId}/withdrawal': () => ({ reason: 'left-project' }),
      '/v1/projects/{id}/participants/{participationId}/placement-proposals': () => ({ role: 'Vision intern', startDate: '2026-06-01' }),
      '/v1/projects/{id}/milestones': () => ({ title: `Extra ${role}`, deliverables: ['Report'], dueOn: '2026-08-31' }),
      '/v1/projects/{id}/milestones/{milestoneId}/actions': () => ({ action: role === 'school' ? 'deliver' : 'reject', note: 'n' }),
      '/v1/projects/{id}/change-requests': () => ({ description: `Change by ${role}` }),
      '/v1/projects/{id}/change-requests/{changeRequestId}/decision': () => ({ decision: 'rejected' }),
      '/v1/projects/{id}/contributions': () => ({
        pledgeId: role === 'school' ? 'pledge-3' : 'pledge-1',
        amount: { currency: 'CNY', amountMinor: 1_000 },
        deliveredOn: '2026-05-02',
      }),
      '/v1/projects/{id}/outcomes': () => ({ kind: 'publication', title: `By ${role}`, publication: { citation: 'x' } }),
    };
    return bodies[template]?.();
  }

  /** A's records as their owners read them. */
  const snapshotOf = async (t: Tenant) =>
    Promise.all(
      [
        `/v1/challenges/${t.challengeId}`,
        `/v1/proposals/${t.reviewedProposalId}`,
        `/v1/proposals/${t.selectedProposalId}`,
        `/v1/projects/${t.projectId}`,
      ].map(async (path) => (await call('GET', path, t.keys.enterprise)).body),
    );

  it('refuses every state-changing route on A’s records to another tenant’s keys with a valid body (404), and A’s records stay unchanged', async () => {
    const writes = operations().filter((op) => op.method !== 'GET' && op.template.includes('{'));
    let before = await snapshotOf(a);
    const failures: string[] = [];
    const noBody: string[] = [];
    const probed: Array<{ template: string; role: Role }> = [];
    for (const { method, template, roles } of writes) {
      for (const caller of outsidersFor(roles)) {
        const route = `${method} ${template} as ${caller.name}`;
        const body = validBody(template, caller.role);
        if (body === undefined) {
          noBody.push(route);
          continue;
        }
        const answer = await call(method, pathOf(a, template, caller.role), caller.key, body);
        if (BY_DESIGN[route]) {
          if (answer.status !== 201) failures.push(`${route}: ${answer.status}, expected the covered school’s own proposal`);
        } else if (answer.status !== 404 || !answer.contentType?.startsWith('application/problem+json')) {
          failures.push(`${route}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 160)}, expected 404 problem+json`);
        }
        const after = await snapshotOf(a);
        if (JSON.stringify(after) !== JSON.stringify(before)) {
          failures.push(`${route}: changed A's records`);
          before = after;
        }
        probed.push({ template, role: caller.role });
      }
    }
    expect(failures).toEqual([]);
    expect(noBody).toEqual([]);
    expect(probed.length).toBeGreaterThanOrEqual(20);

    // The same bodies from A's own keys are accepted: the refusals above were not validation errors.
    // Closing goes last (a closed project changes no more), a withdrawal just before it (a withdrawn
    // participation takes no more hours); the school delivers before the enterprise rejects.
    const ordered = [...new Map(probed.map((p) => [`${p.template}|${p.role}`, p])).values()].sort(
      (x, y) =>
        Number(x.template.endsWith('/close')) - Number(y.template.endsWith('/close')) ||
        Number(x.template.endsWith('/withdrawal')) - Number(y.template.endsWith('/withdrawal')) ||
        Number(x.role === 'enterprise' && x.template.endsWith('/actions')) -
          Number(y.role === 'enterprise' && y.template.endsWith('/actions')),
    );
    const rejected: string[] = [];
    for (const { template, role } of ordered) {
      const method = writes.find((w) => w.template === template)!.method;
      const answer = await call(method, pathOf(a, template, role), a.keys[role], validBody(template, role));
      if (answer.status >= 300)
        rejected.push(`${method} ${template} as A's ${role}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
    }
    expect(rejected).toEqual([]);
  });

  it('takes the tenant from the key alone: ids of A in a body create nothing of A’s', async () => {
    // Turning A's selected proposal into a project: not B's proposal.
    const project = await call('POST', '/v1/projects', b.keys.enterprise, projectBody(a.selectedProposalId));
    expect(project.status).toBe(404);
    // An enterprise's challenge is its own whatever enterpriseId it sends; a school's proposal likewise.
    const challenge = await call('POST', '/v1/challenges', b.keys.enterprise, challengeBody({ enterpriseId: a.enterpriseId }));
    expect(challenge.body.enterpriseId).toBe(b.enterpriseId);
    const proposal = await call(
      'POST',
      `/v1/challenges/${challenge.body.id}/proposals`,
      b.keys.school,
      proposalBody({ schoolId: a.schoolId }),
    );
    expect(proposal.body.schoolId).toBe(b.schoolId);
    expect((await call('GET', '/v1/challenges', a.keys.enterprise)).body.items.map((c: { id: string }) => c.id)).not.toContain(
      challenge.body.id,
    );
  });

  it('does not show A’s people’s facts to a school that names A’s teacher or student in its own project', async () => {
    // A's people also work with B's enterprise (it cooperates with A's school too): a placement and a secondment there.
    const atB = `placement-${randomUUID()}`;
    const secondedAtB = `secondment-${randomUUID()}`;
    await rd.produce(
      PlacementStarted,
      placementOutcomeData(
        { placementId: atB, schoolId: a.schoolId, enterpriseId: b.enterpriseId, studentId: a.studentId },
        'started',
        STARTED_AT,
      ),
      a.schoolId,
    );
    await rd.produce(
      SecondmentStarted,
      {
        secondmentId: secondedAtB,
        teacherId: a.teacherId,
        schoolId: a.schoolId,
        enterpriseId: b.enterpriseId,
        postId: 'post-b',
        period: { start: '2026-04-01', end: '2026-09-30' },
        hoursLogged: 0,
        occurredAt: '2026-05-10T08:00:00.000Z',
      },
      secondedAtB,
    );
    await waitForConsumed(rd, 'the placement and secondment at B’s enterprise copied', async () => {
      const card = await call('GET', `/v1/scorecards/${a.schoolId}/${b.enterpriseId}?from=2026-Q1&to=2026-Q4`, ADMIN_TOKEN);
      return card.body.totals?.placementsStarted === 1 && card.body.totals?.secondmentsHosted === 1;
    });
    for (const [kind, personId] of [
      ['teacher', a.teacherId],
      ['student', a.studentId],
    ]) {
      const joined = await call('POST', `/v1/projects/${b.projectId}/participants`, b.keys.school, {
        kind,
        personId,
        name: 'Named',
        role: 'x',
      });
      expect(joined.status).toBe(201);
      const participant = joined.body.participants.find((p: { personId: string }) => p.personId === personId);
      expect(participant).not.toHaveProperty('placementId');
      expect(participant).not.toHaveProperty('secondmentId');
    }
    // A hire of A's student at B's enterprise, after the join: B's project does not link it.
    await rd.produce(
      PlacementHired,
      {
        ...placementOutcomeData(
          { placementId: atB, schoolId: a.schoolId, enterpriseId: b.enterpriseId, studentId: a.studentId },
          'hired',
          '2026-11-02T08:00:00.000Z',
        ),
        hire: { positionTitle: 'Technician', hireDate: '2026-11-02' },
      },
      a.schoolId,
    );
    await waitForConsumed(rd, 'the hire counted', async () => {
      const card = await call('GET', `/v1/scorecards/${a.schoolId}/${b.enterpriseId}?from=2026-Q1&to=2026-Q4`, ADMIN_TOKEN);
      return card.body.totals?.hires === 1;
    });
    const project = JSON.stringify((await call('GET', `/v1/projects/${b.projectId}`, b.keys.school)).body);
    expect(project).not.toContain(atB);
    for (const key of [b.keys.school, b.keys.enterprise]) {
      const trails = [
        (await call('GET', `/v1/trails/teachers/${a.teacherId}`, key)).body,
        (await call('GET', `/v1/trails/students/${a.studentId}`, key)).body,
      ];
      const text = JSON.stringify(trails);
      for (const marker of [a.credentialId, a.secondmentId, a.placementId, atB, secondedAtB, a.schoolId, a.projectId])
        expect(text).not.toContain(marker);
      // The trails answer, with B's own project only.
      expect(trails.map((t) => t.projects.map((p: { projectId: string }) => p.projectId))).toEqual([[b.projectId], [b.projectId]]);
    }
  });
});
