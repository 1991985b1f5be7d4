/**
 * Plays an enterprise R&D collaboration against running services and prints each step with its
 * key figures: two schools' agreements covering joint R&D (copied by the other two services), a
 * teacher seconded to the enterprise, a confidential challenge and its NDAs, both schools'
 * proposals scored by a reviewer against the rubric (the ranking explains itself), the better one
 * selected and the other declined, the selected proposal turned into a project with a balanced
 * ledger (and an unbalanced one refused), the teacher and a student joining, a milestone accepted
 * by the enterprise (not the school), a patent, the teacher's hours credited by the secondment
 * service, the student placed and hired by an ERP event, the project showing it led to a hire,
 * both people's trails across the programmes, and the pair's scorecard (JSON, CSV, and an HTML
 * page with a chart written to a file).
 *
 * Usage: node -r ts-node/register/transpile-only -r tsconfig-paths/register tools/demo/play-rd.ts \
 *          <talent-url> <secondment-url> <rd-url> [scorecard.html]
 * with ADMIN_API_TOKEN set as for the services (all three share it in the demo).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { erpHireEvent, postErpEvents, getOk as get, getText, httpJson, postOk as post, waitFor } from '@app/testing';

const [talent, secondment, rd, htmlOut = '.demo-rd-scorecard.html'] = process.argv.slice(2);
// The demo operator's own key (ADR 0073; the demo configures it), else the shared token.
const admin = process.env.OPERATOR_KEY ?? process.env.ADMIN_API_TOKEN ?? 'demo-admin-token-change-me';
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const TODAY = day(0);

let stepNo = 0;
const step = (text: string) => console.log(`\n\x1b[1mR&D ${++stepNo}. ${text}\x1b[0m`);
const show = (label: string, value: unknown) => console.log(`   ${label}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
const yuan = (minor: number) => `CNY ${(minor / 100).toLocaleString('en', { minimumFractionDigits: 2 })}`;

async function main() {
  if (!talent || !secondment || !rd) throw new Error('usage: play-rd.ts <talent-url> <secondment-url> <rd-url> [scorecard.html]');
  for (const url of [talent, secondment, rd]) {
    await waitFor(`${url} to be ready`, async () => (await fetch(`${url}/health/ready`)).status === 200, {
      timeoutMs: 90_000,
      intervalMs: 500,
    });
  }

  step('Two schools and an enterprise, each school with a cooperation agreement whose scope covers joint R&D (talent pipeline)');
  const school = await post(`${talent}/v1/schools`, admin, { name: 'Ningbo Polytechnic', country: 'CN' });
  const rivalSchool = await post(`${talent}/v1/schools`, admin, { name: 'Zhoushan Technical College', country: 'CN' });
  const enterprise = await post(`${talent}/v1/enterprises`, admin, { name: 'Eastport Stamping', country: 'CN', industry: 'manufacturing' });
  const agree = async (schoolId: string, scope: string) => {
    const made = await post(`${talent}/v1/agreements`, admin, {
      schoolId,
      enterpriseId: enterprise.id,
      scope,
      period: { from: day(-365), to: day(730) },
      placementKinds: ['internship', 'rd-internship'],
    });
    await post(`${talent}/v1/agreements/${made.id}/status`, admin, { to: 'active' });
    return made;
  };
  const agreement = await agree(school.id, 'Internships, teacher practice and joint R&D in inline inspection');
  const rivalAgreement = await agree(rivalSchool.id, 'Joint R&D in quality inspection');
  for (const url of [secondment, rd]) {
    await waitFor('the agreement copy', async () =>
      (await get(`${url}/v1/agreements?schoolId=${school.id}`, admin)).items.some((a: any) => a.status === 'active'),
    );
  }
  await waitFor('the second agreement copy', async () =>
    (await get(`${rd}/v1/agreements?schoolId=${rivalSchool.id}`, admin)).items.some((a: any) => a.status === 'active'),
  );
  show('agreement', `${agreement.id}, scope "${agreement.scope}" — active and copied by teacher-secondment and rd-collaboration`);
  show('agreement 2', `${rivalAgreement.id} with ${rivalSchool.name}, scope "${rivalAgreement.scope}" — active`);

  step('The operator issues access keys in rd-collaboration (two schools, enterprise, a reviewer) and in teacher-secondment');
  const keys = {
    school: (await post(`${rd}/v1/access-keys`, admin, { role: 'school', schoolId: school.id, label: 'R&D office' })).apiKey,
    rivalSchool: (await post(`${rd}/v1/access-keys`, admin, { role: 'school', schoolId: rivalSchool.id, label: 'R&D office' })).apiKey,
    enterprise: (await post(`${rd}/v1/access-keys`, admin, { role: 'enterprise', enterpriseId: enterprise.id, label: 'R&D lead' })).apiKey,
    reviewer: (await post(`${rd}/v1/access-keys`, admin, { role: 'reviewer', reviewerId: 'reviewer-gao', label: 'Prof. Gao' })).apiKey,
    tsSchool: (await post(`${secondment}/v1/access/keys`, admin, { role: 'school', partnerId: school.id })).apiKey,
    tsEnterprise: (await post(`${secondment}/v1/access/keys`, admin, { role: 'enterprise', partnerId: enterprise.id })).apiKey,
  };
  show('rd keys', `${keys.school.slice(0, 14)}…, ${keys.enterprise.slice(0, 18)}…, ${keys.reviewer.slice(0, 16)}…`);

  step('The school seconds a teacher to the enterprise (teacher-secondment)');
  const teacher = await post(`${secondment}/v1/teachers`, keys.tsSchool, {
    displayName: 'Xu Ming',
    subject: 'Mechatronics',
    professionalCourse: true,
    hireDate: '2014-09-01',
    priorEnterpriseExperienceMonths: 0,
  });
  const hostPost = await post(`${secondment}/v1/posts`, keys.tsEnterprise, {
    schoolId: school.id,
    role: 'Inspection engineer (secondment)',
    tasks: ['camera calibration'],
    mentor: { name: 'Lin Tao', contact: 'lin.tao@example.com' },
    location: 'Eastport plant',
    period: { start: TODAY, end: day(90) },
    skills: ['machine vision'],
    capacity: 2,
  });
  const seconded = await post(`${secondment}/v1/secondments`, keys.tsSchool, { teacherId: teacher.id, postId: hostPost.id });
  await post(`${secondment}/v1/secondments/${seconded.id}/approvals`, keys.tsSchool, {});
  await post(`${secondment}/v1/secondments/${seconded.id}/approvals`, keys.tsEnterprise, {});
  await post(`${secondment}/v1/secondments/${seconded.id}/start`, keys.tsEnterprise, {});
  show('secondment', `${seconded.id}: teacher ${teacher.id} at ${enterprise.name}, active`);

  step('The enterprise posts a confidential challenge; each school sees the problem only once its NDA is recorded');
  const challenge = await post(`${rd}/v1/challenges`, keys.enterprise, {
    kind: 'equipment-process-transformation',
    title: 'Inline burr detection on the stamping line',
    summary: 'Find burrs on stamped brackets before welding.',
    problem: 'Line at 60 strokes/min; manual sampling misses 4% of burrs.',
    constraints: ['Retrofit within one weekend stop'],
    budgetRange: { currency: 'CNY', minMinor: 20_000_000, maxMinor: 60_000_000 },
    deadline: day(30),
    confidentiality: 'confidential',
    skillsWanted: ['machine vision', 'PLC'],
    rubric: [
      { criterionId: 'fit', name: 'Technical fit', weight: 3 },
      { criterionId: 'team', name: 'Team', weight: 1 },
    ],
  });
  show('before the NDA', `detailsVisible=${(await get(`${rd}/v1/challenges/${challenge.id}`, keys.school)).detailsVisible}`);
  for (const nda of [
    { schoolId: school.id, signedBy: 'Vice-principal Ma' },
    { schoolId: rivalSchool.id, signedBy: 'Dean Zhou' },
  ]) {
    await post(`${rd}/v1/challenges/${challenge.id}/ndas`, keys.enterprise, { ...nda, signedOn: TODAY });
  }
  show('after the NDA', (await get(`${rd}/v1/challenges/${challenge.id}`, keys.school)).problem);

  step('Two schools propose; a reviewer scores both on the rubric; the ranking explains itself; the better one is selected');
  const student = await post(`${talent}/v1/students`, admin, {
    schoolId: school.id,
    givenName: 'Ye',
    familyName: 'Qing',
    programme: 'mechatronics',
    cohort: '2025',
  });
  const proposal = await post(`${rd}/v1/challenges/${challenge.id}/proposals`, keys.school, {
    title: 'Line-scan camera with edge inference',
    approach: 'Line-scan camera over the outfeed belt, small model on an edge box.',
    team: [
      { kind: 'teacher', personId: teacher.id, name: 'Xu Ming', role: 'Principal investigator' },
      { kind: 'student', personId: student.id, name: 'Ye Qing', role: 'Labelling and PLC integration' },
    ],
    plan: [
      { title: 'Prototype', weeks: 8 },
      { title: 'Line trial', weeks: 4 },
    ],
    budget: { currency: 'CNY', amountMinor: 40_000_000 },
  });
  const rivalProposal = await post(`${rd}/v1/challenges/${challenge.id}/proposals`, keys.rivalSchool, {
    title: 'Area camera with rule-based edge checks',
    approach: 'Strobed area camera at the press exit, classic edge detection tuned per part.',
    team: [{ kind: 'teacher', personId: 'zs-teacher-he', name: 'He Lan', role: 'Principal investigator' }],
    plan: [{ title: 'Bench study and line trial', weeks: 10 }],
    budget: { currency: 'CNY', amountMinor: 30_000_000 },
  });
  const reviews: [string, number, number, string][] = [
    [proposal.id, 9, 7, 'Convincing trial plan.'],
    [rivalProposal.id, 6, 6, 'Cheaper, but rules will not keep up with new parts.'],
  ];
  for (const [id, fit, team, comment] of reviews) {
    await post(`${rd}/v1/proposals/${id}/reviewers`, keys.enterprise, { reviewerId: 'reviewer-gao' });
    await post(`${rd}/v1/proposals/${id}/reviews`, keys.reviewer, {
      scores: [
        { criterionId: 'fit', score: fit },
        { criterionId: 'team', score: team },
      ],
      comment,
    });
  }
  const ranking = await get(`${rd}/v1/challenges/${challenge.id}/ranking`, keys.enterprise);
  const proposer: Record<string, string> = { [proposal.id]: school.name, [rivalProposal.id]: rivalSchool.name };
  for (const item of ranking.items) show(`ranking #${item.rank}`, `${proposer[item.proposalId]}: ${item.explanation}`);
  for (const to of ['qualified', 'shortlisted', 'selected']) await post(`${rd}/v1/proposals/${proposal.id}/stage`, keys.enterprise, { to });
  await post(`${rd}/v1/proposals/${rivalProposal.id}/stage`, keys.enterprise, { to: 'declined', reason: 'Lower rubric score' });
  show('stages', `${school.name}: selected; ${rivalSchool.name}: declined`);

  step('The selected proposal becomes a project; a ledger that does not balance is refused');
  const terms = {
    ip: {
      ownership: 'joint',
      licence: 'Enterprise: exclusive licence in stamping; school: free use in teaching',
      revenueShare: { enterpriseBasisPoints: 8000, schoolBasisPoints: 2000 },
    },
    budget: { currency: 'CNY', amountMinor: 60_000_000 },
    confidentiality: 'confidential',
    period: { start: day(-7), end: day(180) },
  };
  const pledges = (schoolMinor: number) => [
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
      amount: { currency: 'CNY', amountMinor: schoolMinor },
      description: 'Teacher and student hours',
    },
  ];
  const refused = await httpJson('POST', `${rd}/v1/projects`, {
    token: keys.enterprise,
    body: { proposalId: proposal.id, terms, pledges: pledges(39_999_999) },
  });
  show('unbalanced', `${refused.status} ${refused.body.detail}`);
  const project = await post(`${rd}/v1/projects`, keys.enterprise, { proposalId: proposal.id, terms, pledges: pledges(40_000_000) });
  show('project', `${project.id}: budget ${yuan(project.terms.budget.amountMinor)}, balanced=${project.ledger.summary.balanced}`);

  step('The teacher and the student join; the teacher is linked to the secondment from its events');
  await post(`${rd}/v1/projects/${project.id}/participants`, keys.school, {
    kind: 'teacher',
    personId: teacher.id,
    name: 'Xu Ming',
    role: 'PI',
  });
  await post(`${rd}/v1/projects/${project.id}/participants`, keys.school, {
    kind: 'student',
    personId: student.id,
    name: 'Ye Qing',
    role: 'Integration',
  });
  const linked = await waitFor('the secondment link', async () => {
    const p = await get(`${rd}/v1/projects/${project.id}`, keys.school);
    return p.participants.find((x: any) => x.personId === teacher.id).secondmentId ? p : undefined;
  });
  show(
    'participants',
    linked.participants.map((x: any) => `${x.kind} ${x.name}${x.secondmentId ? ` (secondment ${x.secondmentId})` : ''}`).join('; '),
  );

  step(
    'A milestone: delivered by the school, refused when the school tries to accept it, accepted by the enterprise; a patent is filed; money delivered',
  );
  const planned = await post(`${rd}/v1/projects/${project.id}/milestones`, keys.enterprise, {
    title: 'Prototype on the line',
    deliverables: ['Camera rig', 'Trial report'],
    dueOn: day(60),
  });
  const milestoneId = planned.milestones[0].milestoneId;
  await post(`${rd}/v1/projects/${project.id}/milestones/${milestoneId}/actions`, keys.school, { action: 'deliver' });
  const wrong = await httpJson('POST', `${rd}/v1/projects/${project.id}/milestones/${milestoneId}/actions`, {
    token: keys.school,
    body: { action: 'accept' },
  });
  show('school accepts', `${wrong.status} ${wrong.body.detail}`);
  await post(`${rd}/v1/projects/${project.id}/milestones/${milestoneId}/actions`, keys.enterprise, { action: 'accept' });
  await post(`${rd}/v1/projects/${project.id}/outcomes`, keys.enterprise, {
    kind: 'patent',
    title: 'Burr detection by line-scan shading',
    patent: { status: 'filed', applicationNumber: `CN${TODAY.replace(/-/g, '')}0001.X`, office: 'CNIPA', filedOn: TODAY },
  });
  const funded = await post(`${rd}/v1/projects/${project.id}/contributions`, keys.enterprise, {
    pledgeId: 'pledge-1',
    amount: { currency: 'CNY', amountMinor: 12_000_000 },
    deliveredOn: TODAY,
  });
  show(
    'ledger',
    funded.ledger.summary.sides
      .map((s: any) => `${s.side}: pledged ${yuan(s.pledgedMinor)}, delivered ${yuan(s.deliveredMinor)}`)
      .join('; '),
  );

  step("The teacher's hours are published (rd.participation.hours-logged.v1) and credited by the secondment service");
  const teacherParticipation = linked.participants.find((x: any) => x.personId === teacher.id).participationId;
  await post(`${rd}/v1/projects/${project.id}/participants/${teacherParticipation}/hours`, keys.school, {
    date: TODAY,
    hours: 8,
    activity: 'Camera calibration on the line',
  });
  const compliance = await waitFor('the credit', async () => {
    const c = await get(`${secondment}/v1/teachers/${teacher.id}/compliance`, keys.tsSchool);
    return (c.credited?.bySource?.rd ?? 0) > 0 ? c : undefined;
  });
  show(
    'compliance',
    `credited ${JSON.stringify(compliance.credited.bySource)} of ${compliance.requiredDays ?? compliance.required ?? '?'} required`,
  );

  step(
    'The enterprise proposes the student for an R&D internship from the project; the talent pipeline creates it; placed, then hired by an ERP event; the project shows it led to a hire',
  );
  await post(`${talent}/v1/students/${student.id}/consents`, admin, {
    enterpriseId: enterprise.id,
    purpose: 'placement',
    grantedBy: 'student',
  });
  const studentParticipation = linked.participants.find((x: any) => x.personId === student.id).participationId;
  const proposed = await post(`${rd}/v1/projects/${project.id}/participants/${studentParticipation}/placement-proposals`, keys.enterprise, {
    role: 'Inspection intern',
    startDate: TODAY,
  });
  const placementId = proposed.participants.find((x: any) => x.personId === student.id).placementProposal.placementId;
  const placement = await waitFor('the R&D internship in the talent pipeline', async () => {
    const answer = await httpJson('GET', `${talent}/v1/placements/${placementId}`, { token: admin });
    return answer.status === 200 ? answer.body : undefined;
  });
  show('placement', `${placement.id}: ${placement.kind}, ${placement.status} (rd.placement.proposed.v1 -> talent pipeline)`);
  const decision = await waitFor(
    'the answer on the project',
    async () =>
      (await get(`${rd}/v1/projects/${project.id}`, keys.enterprise)).participants.find((x: any) => x.personId === student.id)
        .placementProposal.decision,
  );
  show('answer', `${decision.status} (talent.rd-placement-decision.v1 -> the project's participant)`);
  for (const to of ['offered', 'accepted']) await post(`${talent}/v1/placements/${placement.id}/transitions`, admin, { to });
  for (const party of ['school', 'enterprise', 'student'])
    await post(`${talent}/v1/placements/${placement.id}/agreement/signatures`, admin, { party, signedBy: party });
  await post(`${talent}/v1/placements/${placement.id}/transitions`, admin, { to: 'active' });
  await waitFor(
    'the placement link',
    async () => (await get(`${rd}/v1/projects/${project.id}`, keys.enterprise)).placementLinks.length > 0,
  );
  const hire = erpHireEvent(
    { placementId: placement.id, position: { title: 'Inspection technician' }, hireDate: day(14) },
    undefined,
    'urn:erp:eastport:sap',
  );
  await postErpEvents({ baseUrl: talent, enterpriseId: enterprise.id, secret: enterprise.erpSigningSecret, body: hire });
  const hired = await waitFor('led to a hire', async () => {
    const p = await get(`${rd}/v1/projects/${project.id}`, keys.enterprise);
    return p.ledToHire ? p : undefined;
  });
  show('placement link', hired.placementLinks[0]);

  step('One query per person across the three programmes (from rd-collaboration’s own copies of the events)');
  const studentTrail = await get(`${rd}/v1/trails/students/${student.id}`, keys.school);
  show(
    'student',
    studentTrail.path
      .map((p: any) => `${p.project} -> placement ${p.placementStatus} -> ${p.hire ? `hired as ${p.hire.positionTitle}` : 'no hire yet'}`)
      .join('; '),
  );
  const teacherTrail = await get(`${rd}/v1/trails/teachers/${teacher.id}`, keys.school);
  show(
    'teacher',
    teacherTrail.projects
      .map(
        (p: any) =>
          `${p.title} (${p.hoursLogged} h) -> secondment ${p.secondments.map((s: any) => s.status).join(', ')} -> credentials: ${teacherTrail.credentials.length}`,
      )
      .join('; '),
  );

  step('The partnership scorecard of the pair, quarter by quarter (JSON, CSV, HTML with a chart)');
  const card = await waitFor('the scorecard', async () => {
    const c = await get(`${rd}/v1/scorecards/${school.id}/${enterprise.id}`, keys.enterprise);
    return c.totals.hires > 0 && c.totals.rdProjectsStarted > 0 ? c : undefined;
  });
  show('totals', card.totals);
  const csv = await getText(`${rd}/v1/scorecards/${school.id}/${enterprise.id}?format=csv`, keys.enterprise);
  console.log(
    csv.text
      .split('\r\n')
      .slice(0, 3)
      .map((line) => `   ${line}`)
      .join('\n'),
  );
  const html = await getText(`${rd}/v1/scorecards/${school.id}/${enterprise.id}?format=html`, keys.enterprise);
  writeFileSync(htmlOut, html.text);
  show('html', `written to ${resolve(htmlOut)} (open it in a browser)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
