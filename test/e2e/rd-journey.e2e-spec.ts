import {
  e2eServiceEnv,
  e2eTalentPipelineEnv,
  erpHireEvent,
  postErpEvents,
  getOk as get,
  httpJson,
  postOk as post,
  ServiceProcess,
  uniqueName,
  waitFor,
} from '@app/testing';

jest.setTimeout(300_000);

const ADMIN = 'e2e-rd-journey-admin-token-0123456789';
// Apart from first-flow (41000-47000), student-journey (48000-54000) and secondment-journey (52000-58000).
// Below 32768: never handed out as an ephemeral (client) port; a range of its own per suite.
const PORT_BASE = 24_000 + Math.floor(Math.random() * 330) * 3;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const TODAY = day(0);
const QUARTER = `${TODAY.slice(0, 4)}-Q${Math.ceil(Number(TODAY.slice(5, 7)) / 3)}`;

/**
 * An enterprise R&D collaboration across the three real processes, a real Kafka broker and a
 * real Mongo wire-protocol server: the talent pipeline's agreement (covering joint R&D) copied by
 * the other two, a seconded teacher, a challenge, a proposal reviewed and selected, a project
 * with a balanced ledger, the teacher and a student, a milestone accepted, a patent filed, the
 * teacher's R&D hours credited by the secondment service, the student placed and hired by an ERP
 * event, the project showing it led to a hire, the trails and the scorecard.
 *
 * The steps run in order and share the state below: a failing step names where the journey broke.
 */
describe('R&D journey across the three services (processes)', () => {
  const prefix = `${uniqueName('rdjourney')}.`;
  const env = (service: string) => ({ ...e2eServiceEnv(prefix, service), ADMIN_API_TOKEN: ADMIN });
  const talent = new ServiceProcess('talent-pipeline', PORT_BASE, e2eTalentPipelineEnv(prefix, ADMIN));
  const secondment = new ServiceProcess('teacher-secondment', PORT_BASE + 1, env('teacher-secondment'));
  const rd = new ServiceProcess('rd-collaboration', PORT_BASE + 2, env('rd-collaboration'));
  let t: string;
  let s: string;
  let r: string;

  let school: { id: string; apiKey: string };
  let enterprise: { id: string; apiKey: string; erpSigningSecret: string };
  const rdKeys = { school: '', enterprise: '', reviewer: '' };
  const tsKeys = { school: '', enterprise: '' };
  let teacherId: string;
  let secondmentId: string;
  let studentId: string;
  let challengeId: string;
  let proposalId: string;
  let projectId: string;
  let placementId: string;

  beforeAll(async () => {
    await Promise.all([talent.start(), secondment.start(), rd.start()]);
    [t, s, r] = [talent.baseUrl, secondment.baseUrl, rd.baseUrl];
  });
  afterAll(async () => {
    await Promise.all([talent.stop(), secondment.stop(), rd.stop()]);
  });

  it('1. the talent pipeline records an agreement covering joint R&D; the other two services copy it and issue their keys', async () => {
    school = await post(`${t}/v1/schools`, ADMIN, { name: 'Lakeside Polytechnic', country: 'CN' });
    enterprise = await post(`${t}/v1/enterprises`, ADMIN, { name: 'Lakeside Robotics', country: 'CN', industry: 'manufacturing' });
    const agreement = await post(`${t}/v1/agreements`, ADMIN, {
      schoolId: school.id,
      enterpriseId: enterprise.id,
      scope: 'Internships, teacher practice and joint R&D in machine vision',
      period: { from: day(-365), to: day(730) },
      placementKinds: ['internship', 'rd-internship'],
    });
    await post(`${t}/v1/agreements/${agreement.id}/status`, ADMIN, { to: 'active' });
    for (const base of [s, r]) {
      await waitFor(
        `${base} to copy the active agreement`,
        async () => (await get(`${base}/v1/agreements?schoolId=${school.id}`, ADMIN)).items.some((a: any) => a.status === 'active'),
        {
          timeoutMs: 60_000,
        },
      );
    }
    rdKeys.school = (
      await post(`${r}/v1/access-keys`, ADMIN, { role: 'school', schoolId: school.id, label: 'Lakeside R&D office' })
    ).apiKey;
    rdKeys.enterprise = (
      await post(`${r}/v1/access-keys`, ADMIN, { role: 'enterprise', enterpriseId: enterprise.id, label: 'Lakeside Robotics R&D' })
    ).apiKey;
    rdKeys.reviewer = (
      await post(`${r}/v1/access-keys`, ADMIN, { role: 'reviewer', reviewerId: 'reviewer-chen', label: 'Dr Chen' })
    ).apiKey;
    tsKeys.school = (await post(`${s}/v1/access/keys`, ADMIN, { role: 'school', partnerId: school.id })).apiKey;
    tsKeys.enterprise = (await post(`${s}/v1/access/keys`, ADMIN, { role: 'enterprise', partnerId: enterprise.id })).apiKey;
    expect(rdKeys.school).toMatch(/^rdk_school_/);
  });

  it('2. the secondment service seconds a teacher to the enterprise', async () => {
    teacherId = (
      await post(`${s}/v1/teachers`, tsKeys.school, {
        displayName: 'Zhou Lan',
        subject: 'Mechatronics',
        professionalCourse: true,
        hireDate: '2015-09-01',
        priorEnterpriseExperienceMonths: 0,
      })
    ).id;
    const postId = (
      await post(`${s}/v1/posts`, tsKeys.enterprise, {
        schoolId: school.id,
        role: 'Vision systems engineer (secondment)',
        tasks: ['camera calibration'],
        mentor: { name: 'Wang Lei', contact: 'wang.lei@example.com' },
        location: 'Lakeside plant',
        period: { start: TODAY, end: day(90) },
        skills: ['machine vision'],
        capacity: 2,
      })
    ).id;
    const requested = await post(`${s}/v1/secondments`, tsKeys.school, { teacherId, postId });
    secondmentId = requested.id;
    await post(`${s}/v1/secondments/${secondmentId}/approvals`, tsKeys.school, {});
    await post(`${s}/v1/secondments/${secondmentId}/approvals`, tsKeys.enterprise, {});
    expect((await post(`${s}/v1/secondments/${secondmentId}/start`, tsKeys.enterprise, {})).status).toBe('active');
  });

  it('3. the enterprise posts a confidential challenge; the school sees its details only after the NDA', async () => {
    const challenge = await post(`${r}/v1/challenges`, rdKeys.enterprise, {
      kind: 'equipment-process-transformation',
      title: 'Inline vision inspection for the stamping line',
      summary: 'Detect burrs on stamped brackets before welding.',
      problem: 'The line runs at 60 strokes per minute; manual sampling misses 4% of burrs.',
      constraints: ['Retrofit without stopping the line for more than a weekend'],
      budgetRange: { currency: 'CNY', minMinor: 20_000_000, maxMinor: 60_000_000 },
      deadline: day(30),
      confidentiality: 'confidential',
      skillsWanted: ['machine vision', 'PLC'],
      rubric: [
        { criterionId: 'fit', name: 'Technical fit', weight: 3 },
        { criterionId: 'team', name: 'Team', weight: 1 },
      ],
    });
    challengeId = challenge.id;
    expect((await get(`${r}/v1/challenges/${challengeId}`, rdKeys.school)).detailsVisible).toBe(false);
    await post(`${r}/v1/challenges/${challengeId}/ndas`, rdKeys.enterprise, {
      schoolId: school.id,
      signedOn: TODAY,
      signedBy: 'Vice-principal Ma',
    });
    expect(await get(`${r}/v1/challenges/${challengeId}`, rdKeys.school)).toMatchObject({
      detailsVisible: true,
      problem: expect.stringContaining('60 strokes'),
    });
  });

  it('4. the school proposes with its teacher and a student; a reviewer scores it; the ranking explains itself; it is selected', async () => {
    studentId = (
      await post(`${t}/v1/students`, ADMIN, {
        schoolId: school.id,
        givenName: 'Hu',
        familyName: 'Jie',
        programme: 'mechatronics',
        cohort: '2025',
      })
    ).id;
    const proposal = await post(`${r}/v1/challenges/${challengeId}/proposals`, rdKeys.school, {
      title: 'Line-scan camera with edge inference',
      approach: 'A line-scan camera over the outfeed belt and a small model on an edge box.',
      team: [
        { kind: 'teacher', personId: teacherId, name: 'Zhou Lan', role: 'Principal investigator' },
        { kind: 'student', personId: studentId, name: 'Hu Jie', role: 'Data labelling and PLC integration' },
      ],
      plan: [
        { title: 'Prototype', weeks: 8 },
        { title: 'Line trial', weeks: 4 },
      ],
      budget: { currency: 'CNY', amountMinor: 40_000_000 },
    });
    proposalId = proposal.id;
    await post(`${r}/v1/proposals/${proposalId}/reviewers`, rdKeys.enterprise, { reviewerId: 'reviewer-chen' });
    expect((await get(`${r}/v1/reviewer/assignments`, rdKeys.reviewer)).items.map((a: any) => a.proposal.id)).toEqual([proposalId]);
    const reviewed = await httpJson('POST', `${r}/v1/proposals/${proposalId}/reviews`, {
      token: rdKeys.reviewer,
      body: {
        scores: [
          { criterionId: 'fit', score: 9 },
          { criterionId: 'team', score: 7 },
        ],
        comment: 'Convincing trial plan.',
      },
    });
    expect(reviewed.status).toBe(200);
    const ranking = await get(`${r}/v1/challenges/${challengeId}/ranking`, rdKeys.enterprise);
    expect(ranking.items[0]).toMatchObject({
      proposalId,
      total: 8.5,
      explanation: 'Technical fit: 9.00 x 75.0% = 6.750; Team: 7.00 x 25.0% = 1.750 => 8.500',
    });
    for (const to of ['qualified', 'shortlisted', 'selected'])
      await post(`${r}/v1/proposals/${proposalId}/stage`, rdKeys.enterprise, { to });
  });

  it('5. the selected proposal becomes a project with a balanced ledger; the teacher (linked to the secondment) and the student join', async () => {
    const unbalanced = await httpJson('POST', `${r}/v1/projects`, { token: rdKeys.enterprise, body: projectBody(proposalId, 39_999_999) });
    expect(unbalanced.status).toBe(422);
    const project = await post(`${r}/v1/projects`, rdKeys.enterprise, projectBody(proposalId, 40_000_000));
    projectId = project.id;
    expect(project.ledger.summary.balanced).toBe(true);
    await post(`${r}/v1/projects/${projectId}/participants`, rdKeys.school, {
      kind: 'teacher',
      personId: teacherId,
      name: 'Zhou Lan',
      role: 'PI',
    });
    await post(`${r}/v1/projects/${projectId}/participants`, rdKeys.school, {
      kind: 'student',
      personId: studentId,
      name: 'Hu Jie',
      role: 'Integration',
    });
    // The secondment.started.v1 copy links the teacher's participation, whichever arrived first.
    await waitFor(
      'the participation to carry the secondment',
      async () =>
        (await get(`${r}/v1/projects/${projectId}`, rdKeys.school)).participants.find((p: any) => p.personId === teacherId).secondmentId ===
        secondmentId,
      { timeoutMs: 30_000 },
    );
  });

  it('6. a milestone is delivered by the school and accepted only by the enterprise; a patent is filed', async () => {
    const planned = await post(`${r}/v1/projects/${projectId}/milestones`, rdKeys.enterprise, {
      title: 'Prototype on the line',
      deliverables: ['Camera rig', 'Trial report'],
      dueOn: day(60),
    });
    const milestoneId = planned.milestones[0].milestoneId;
    await post(`${r}/v1/projects/${projectId}/milestones/${milestoneId}/actions`, rdKeys.school, { action: 'deliver' });
    const byTheSchool = await httpJson('POST', `${r}/v1/projects/${projectId}/milestones/${milestoneId}/actions`, {
      token: rdKeys.school,
      body: { action: 'accept' },
    });
    expect(byTheSchool.status).toBe(403);
    expect(
      (await post(`${r}/v1/projects/${projectId}/milestones/${milestoneId}/actions`, rdKeys.enterprise, { action: 'accept' })).milestones[0]
        .status,
    ).toBe('accepted');
    const withPatent = await post(`${r}/v1/projects/${projectId}/outcomes`, rdKeys.enterprise, {
      kind: 'patent',
      title: 'Burr detection by line-scan shading',
      patent: { status: 'filed', applicationNumber: `CN${TODAY.replace(/-/g, '')}0001.X`, office: 'CNIPA', filedOn: TODAY },
    });
    expect(withPatent.outcomes[0]).toMatchObject({ kind: 'patent', patent: { status: 'filed' } });
  });

  it("7. the teacher's R&D hours are published and the secondment service credits them as enterprise practice", async () => {
    const project = await get(`${r}/v1/projects/${projectId}`, rdKeys.school);
    const teacherParticipation = project.participants.find((p: any) => p.personId === teacherId).participationId;
    await post(`${r}/v1/projects/${projectId}/participants/${teacherParticipation}/hours`, rdKeys.school, {
      date: TODAY,
      hours: 8,
      activity: 'Camera calibration on the line',
    });
    const compliance = await waitFor(
      'the secondment service to credit the R&D hours',
      async () => {
        const answer = await get(`${s}/v1/teachers/${teacherId}/compliance`, tsKeys.school);
        return (answer.credited?.bySource?.rd ?? 0) > 0 ? answer : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(compliance.credited.bySource.rd).toBe(1);
  });

  it('8. the enterprise proposes the project student for an R&D internship; the talent pipeline creates it; placed, the project records it', async () => {
    await post(`${t}/v1/students/${studentId}/consents`, ADMIN, {
      enterpriseId: enterprise.id,
      purpose: 'placement',
      grantedBy: 'student',
    });
    const participants = (await get(`${r}/v1/projects/${projectId}`, rdKeys.school)).participants;
    const participationId = participants.find((p: any) => p.personId === studentId).participationId;
    const proposed = await post(`${r}/v1/projects/${projectId}/participants/${participationId}/placement-proposals`, rdKeys.enterprise, {
      role: 'Vision integration intern',
      startDate: TODAY,
    });
    placementId = proposed.participants.find((p: any) => p.personId === studentId).placementProposal.placementId;
    const placement = await waitFor(
      'the talent pipeline to create the proposed R&D internship',
      async () => {
        const answer = await httpJson('GET', `${t}/v1/placements/${placementId}`, { token: ADMIN });
        return answer.status === 200 ? answer.body : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(placement).toMatchObject({ studentId, enterpriseId: enterprise.id, kind: 'rd-internship', status: 'proposed' });
    // The talent pipeline's answer reaches the project (talent.rd-placement-decision.v1).
    const decision = await waitFor(
      'the accepted proposal on the project',
      async () =>
        (await get(`${r}/v1/projects/${projectId}`, rdKeys.enterprise)).participants.find((p: any) => p.personId === studentId)
          .placementProposal.decision,
      { timeoutMs: 60_000 },
    );
    expect(decision).toMatchObject({ status: 'accepted' });
    for (const to of ['offered', 'accepted']) await post(`${t}/v1/placements/${placementId}/transitions`, ADMIN, { to });
    for (const party of ['school', 'enterprise', 'student'])
      await post(`${t}/v1/placements/${placementId}/agreement/signatures`, ADMIN, { party, signedBy: party });
    await post(`${t}/v1/placements/${placementId}/transitions`, ADMIN, { to: 'active' });
    const link = await waitFor(
      'the project to record the placement',
      async () =>
        (await get(`${r}/v1/projects/${projectId}`, rdKeys.enterprise)).placementLinks.find((l: any) => l.placementId === placementId),
      { timeoutMs: 60_000 },
    );
    expect(link).toMatchObject({ studentId, status: 'started', ledToHire: false });
  });

  it('9. an ERP hire event hires the student in the talent pipeline; the R&D project shows it led to a hire', async () => {
    const hire = erpHireEvent(
      { placementId, position: { title: 'Vision technician' }, hireDate: day(14) },
      undefined,
      'urn:erp:lakeside-robotics:sap',
    );
    const answer = await postErpEvents({ baseUrl: t, enterpriseId: enterprise.id, secret: enterprise.erpSigningSecret, body: hire });
    expect(answer.status).toBeLessThan(300);
    const project = await waitFor(
      'the project to show it led to a hire',
      async () => {
        const p = await get(`${r}/v1/projects/${projectId}`, rdKeys.enterprise);
        return p.ledToHire ? p : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(project.placementLinks[0]).toMatchObject({
      placementId,
      status: 'hired',
      ledToHire: true,
      hire: { positionTitle: 'Vision technician' },
    });
  });

  it('10. one query follows each person across the programmes; the scorecard counts the pair’s quarter', async () => {
    const student = await get(`${r}/v1/trails/students/${studentId}`, rdKeys.school);
    expect(student).toMatchObject({
      hired: true,
      projects: [{ projectId, ledToHire: true, placements: [expect.objectContaining({ placementId, status: 'hired' })] }],
    });
    const teacher = await get(`${r}/v1/trails/teachers/${teacherId}`, rdKeys.school);
    expect(teacher.projects[0]).toMatchObject({
      projectId,
      linkedSecondmentId: secondmentId,
      hoursLogged: 8,
      secondments: [expect.objectContaining({ secondmentId, status: 'started' })],
    });

    const card = await waitFor(
      'the scorecard to count the quarter',
      async () => {
        const c = await get(`${r}/v1/scorecards/${school.id}/${enterprise.id}?from=${QUARTER}&to=${QUARTER}`, rdKeys.enterprise);
        const q = c.quarters[0];
        return q.hires === 1 && q.rdProjectsStarted === 1 && q.outcomes.patent === 1 && q.secondmentsHosted === 1 ? c : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(card.quarters[0]).toMatchObject({
      quarter: QUARTER,
      agreementsInForce: 1,
      placementsStarted: 1,
      hires: 1,
      conversionToDate: 1,
      rdParticipantHires: 1,
    });
    const html = await httpJson('GET', `${r}/v1/scorecards/${school.id}/${enterprise.id}?format=html`, { token: rdKeys.school });
    expect(html.contentType).toContain('text/html');
    expect(html.body).toContain('<svg');
  });
});

function projectBody(proposalId: string, schoolStaffMinor: number) {
  return {
    proposalId,
    terms: {
      ip: {
        ownership: 'joint',
        licence: 'Enterprise: exclusive licence in stamping; school: free use in teaching',
        revenueShare: { enterpriseBasisPoints: 8000, schoolBasisPoints: 2000 },
      },
      budget: { currency: 'CNY', amountMinor: 60_000_000 },
      confidentiality: 'confidential',
      period: { start: day(-7), end: day(180) },
    },
    pledges: [
      {
        side: 'enterprise',
        kind: 'funding',
        form: 'cash',
        amount: { currency: 'CNY', amountMinor: 20_000_000 },
        description: 'Research grant',
      },
      {
        side: 'school',
        kind: 'staff-hours',
        form: 'in-kind',
        amount: { currency: 'CNY', amountMinor: schoolStaffMinor },
        description: 'Teacher and student hours',
      },
    ],
  };
}
