/**
 * Plays one student's journey against running services and prints each step with its key
 * figures: partners and a cooperation agreement (copied by the other two services), students
 * with skills and consent, the enterprise's requisition and the ranked match with its reasons,
 * a placement proposed from it, the three-party sign-off that gates `active`, attendance and a
 * supervisor evaluation, completion, a hire from a signed Workday notification (and its
 * duplicate, and a forged copy), the outcomes delivered to the school's webhook (which fails
 * once and recovers), the pull feed and the school's own Kafka topic, and the school and enterprise
 * reports (JSON and CSV).
 */
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { Kafka, logLevel } from 'kafkajs';
import {
  postVendorNotification,
  getOk as get,
  getText,
  httpJson,
  postOk as post,
  TopicRecorder,
  waitFor,
  WebhookReceiver,
} from '@app/testing';

const [talent, secondment, rd] = process.argv.slice(2);
// The demo operator's own key (ADR 0073; the demo configures it), else the shared token.
const admin = process.env.OPERATOR_KEY ?? process.env.ADMIN_API_TOKEN ?? 'demo-admin-token-change-me';
const CNC_ESCO = 'http://data.europa.eu/esco/skill/cnc-programming';
// Next year, so the requisition and the agreement lie ahead whenever the demo runs.
const YEAR = new Date().getUTCFullYear() + 1;
const PERIOD = { from: `${YEAR}-03-01`, to: `${YEAR}-08-31` };

let stepNo = 0;
const step = (text: string) => console.log(`\n\x1b[1m${++stepNo}. ${text}\x1b[0m`);
const show = (label: string, value: unknown) => console.log(`   ${label}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
const mask = (secret: string) => `${secret.slice(0, 10)}…`;
const skills = (list: { label: string }[]) => list.map((s) => s.label).join(', ') || 'none';

async function main() {
  for (const url of [talent, secondment, rd]) {
    await waitFor(`${url} to be ready`, async () => (await fetch(`${url}/health/ready`)).status === 200, {
      timeoutMs: 90_000,
      intervalMs: 500,
    });
  }

  step('Register a school and an enterprise in the talent pipeline (operator)');
  const school = await post(`${talent}/v1/schools`, admin, { name: 'Shenzhen Polytechnic', country: 'CN' });
  const enterprise = await post(`${talent}/v1/enterprises`, admin, { name: 'Precision Motors', country: 'CN', industry: 'manufacturing' });
  show('school', `${school.id} (API key ${mask(school.apiKey)})`);
  show('enterprise', `${enterprise.id} (API key ${mask(enterprise.apiKey)}, ERP signing secret ${mask(enterprise.erpSigningSecret)})`);

  step('A cooperation agreement between them, drafted then activated; the other two services copy it from Kafka');
  const agreement = await post(`${talent}/v1/agreements`, admin, {
    schoolId: school.id,
    enterpriseId: enterprise.id,
    scope: 'Internships in CNC machining for the mechatronics programme',
    period: { from: `${YEAR - 1}-09-01`, to: `${YEAR + 1}-08-31` },
    placementKinds: ['internship', 'apprenticeship'],
  });
  const activated = await post(`${talent}/v1/agreements/${agreement.id}/status`, admin, {
    to: 'active',
    reason: 'signed by both partners',
  });
  show(
    'agreement',
    `${agreement.id}: ${activated.history.map((h: any) => h.status).join(' -> ')}, ${activated.period.from} to ${activated.period.to}`,
  );
  for (const [name, url] of [
    ['teacher-secondment', secondment],
    ['rd-collaboration', rd],
  ]) {
    const copy = await waitFor(`${name} to copy the agreement`, async () => {
      const items = (await get(`${url}/v1/agreements?schoolId=${school.id}`, admin)).items;
      return items.find((a: any) => a.id === agreement.id && a.status === 'active');
    });
    const partners = (await get(`${url}/v1/partners`, admin)).items.filter((p: any) => [school.id, enterprise.id].includes(p.id));
    show(name, `copy of the agreement: ${copy.status}; partners: ${partners.map((p: any) => `${p.kind} ${p.name}`).join(', ')}`);
  }

  step('The school registers three students with skills (one by ESCO URI) and availability, and records consents');
  const student = async (givenName: string, familyName: string, studentSkills: object[], availability: object) =>
    post(`${talent}/v1/students`, admin, {
      schoolId: school.id,
      givenName,
      familyName,
      programme: 'mechatronics',
      cohort: '2025',
      skills: studentSkills,
      availability,
    });
  const li = await student(
    'Li',
    'Wei',
    [{ label: 'programming CNC machines', escoUri: CNC_ESCO }, { label: 'Technical drawing' }, { label: 'Rigging' }],
    { from: `${YEAR}-02-15`, to: `${YEAR}-09-30` },
  );
  const zhao = await student('Zhao', 'Min', [{ label: 'technical drawing' }], { from: `${YEAR}-06-01`, to: `${YEAR}-12-31` });
  const sun = await student(
    'Sun',
    'Hao',
    [{ label: 'CNC programming', escoUri: CNC_ESCO }, { label: 'Technical drawing' }, { label: 'Quality inspection' }],
    PERIOD,
  );
  const names: Record<string, string> = { [li.id]: 'Li Wei', [zhao.id]: 'Zhao Min', [sun.id]: 'Sun Hao' };
  for (const s of [li, zhao, sun]) {
    show(names[s.id], `skills ${skills(s.skills)}; available ${s.availability.from} to ${s.availability.to}`);
  }
  for (const purpose of ['matching', 'placement', 'data-sharing-with-enterprise']) {
    await post(`${talent}/v1/schools/${school.id}/students/${li.id}/consents`, school.apiKey, {
      enterpriseId: enterprise.id,
      purpose,
      grantedBy: 'student',
    });
  }
  const liConsents = (await get(`${talent}/v1/schools/${school.id}/students/${li.id}/consents`, school.apiKey)).items;
  show('Li Wei consents (recorded by the school)', liConsents.map((c: any) => `${c.purpose}${c.inForce ? ' in force' : ''}`).join(', '));
  await post(`${talent}/v1/students/${zhao.id}/consents`, admin, {
    enterpriseId: enterprise.id,
    purpose: 'matching',
    grantedBy: 'student',
  });
  show('Zhao Min consents', 'matching in force');
  const sunConsent = await post(`${talent}/v1/students/${sun.id}/consents`, admin, {
    enterpriseId: enterprise.id,
    purpose: 'matching',
    grantedBy: 'student',
  });
  const withdrawn = await post(`${talent}/v1/students/${sun.id}/consents/${sunConsent.id}/withdraw`, admin, {});
  show('Sun Hao consents', `matching granted, then withdrawn at ${withdrawn.withdrawnAt} (in force: ${withdrawn.inForce})`);

  step('The school subscribes its endpoint to all outcomes (the endpoint is down for the first call, then recovers)');
  const receiver = new WebhookReceiver();
  const url = await receiver.start();
  receiver.respondWith = ({ index }) => (index === 0 ? 503 : 200);
  const subscription = await post(`${talent}/v1/schools/${school.id}/webhook-subscriptions`, school.apiKey, { url });
  show('subscription', `${subscription.id} -> ${url} (secret ${mask(subscription.secret)})`);
  const verifier = new Webhook(subscription.secret);
  const delivered = (type: string) =>
    waitFor(
      `the school's webhook to receive ${type}`,
      () => {
        const hit = receiver.received.find((r) => r.answeredWith === 200 && JSON.parse(r.body).type === type);
        return hit && { headers: hit.headers, payload: verifier.verify(hit.body, hit.headers as Record<string, string>) as any };
      },
      { timeoutMs: 30_000 },
    );

  step('The enterprise opens a requisition (its demand) and asks for matches');
  const requisition = await post(`${talent}/v1/enterprises/${enterprise.id}/requisitions`, enterprise.apiKey, {
    role: 'CNC machining intern',
    skills: [{ label: 'CNC programming', escoUri: CNC_ESCO }, { label: 'Technical drawing' }, { label: 'Quality inspection' }],
    headcount: 1,
    kind: 'internship',
    period: PERIOD,
    location: 'Suzhou',
  });
  show(
    'requisition',
    `${requisition.id}: ${requisition.role}, ${requisition.kind}, ${PERIOD.from} to ${PERIOD.to}, skills ${skills(requisition.skills)}`,
  );
  const matches = await get(`${talent}/v1/enterprises/${enterprise.id}/requisitions/${requisition.id}/matches`, enterprise.apiKey);
  show('ranked', `${matches.ranked} student(s) from ${matches.partnerSchools} partner school(s); no names in the answer`);
  for (const m of matches.items) {
    const a = m.reasons.availability;
    show(
      `#${m.rank} ${names[m.studentId]}`,
      `score ${m.score}; matched ${skills(m.reasons.skillsMatched)}; missing ${skills(m.reasons.skillsMissing)}; ` +
        `available ${a.overlapDays} of ${a.periodDays} days`,
    );
  }
  show('not ranked', `Sun Hao (every skill, but consent to matching withdrawn)`);
  const top = matches.items[0];
  const profile = await get(`${talent}/v1/enterprises/${enterprise.id}/students/${top.studentId}`, enterprise.apiKey);
  const ledger = (await get(`${talent}/v1/students/${top.studentId}/disclosures`, admin)).items;
  show(
    'profile read (consent data-sharing-with-enterprise)',
    `${profile.givenName} ${profile.familyName}; ledger: ${ledger[0].fields.join(', ')}`,
  );

  step('A placement proposed from the top match: proposed -> offered -> accepted, which fills the requisition (headcount 1)');
  const placement = await post(`${talent}/v1/placements`, admin, {
    studentId: top.studentId,
    enterpriseId: enterprise.id,
    requisitionId: requisition.id,
    kind: requisition.kind,
    role: requisition.role,
    startDate: requisition.period.from,
    endDate: requisition.period.to,
  });
  const statuses = [placement.status];
  for (const to of ['offered', 'accepted']) statuses.push((await transition(placement.id, to)).body.status);
  show('placement', `${placement.id}: ${statuses.join(' -> ')}`);
  const filled = await get(`${talent}/v1/enterprises/${enterprise.id}/requisitions/${requisition.id}`, enterprise.apiKey);
  show('requisition', `${filled.status} (headcount ${filled.headcount}, ${filled.history.at(-1).cause})`);

  step('Three-party sign-off: the placement cannot become active before school, enterprise and student all signed');
  for (const [party, signedBy] of [
    ['school', 'Wang Fang, head of internships'],
    ['enterprise', 'Zhang Wei, HR Precision Motors'],
  ]) {
    const signed = await post(`${talent}/v1/placements/${placement.id}/agreement/signatures`, admin, { party, signedBy });
    show(`${party} signs`, `still missing: ${signed.missingParties.join(', ')}`);
  }
  const refused = await transition(placement.id, 'active');
  show(`-> active refused (${refused.status})`, `${refused.body.title}; missing ${refused.body.missingParties.join(', ')}`);
  const signed = await post(`${talent}/v1/placements/${placement.id}/agreement/signatures`, admin, {
    party: 'student',
    signedBy: 'Li Wei',
  });
  show(
    'student signs',
    `signed by ${signed.signatures.map((s: any) => s.party).join(', ')}; missing: ${signed.missingParties.join(', ') || 'nobody'}`,
  );
  show('placement', `-> ${(await transition(placement.id, 'active')).body.status}`);
  const started = await delivered('talent.placement.started.v1');
  show(
    'school webhook',
    `${started.payload.type} (endpoint answered ${receiver.received.map((r) => r.answeredWith).join(' then ')}; retried)`,
  );

  step('The enterprise logs hours and attendance; its supervisor evaluates the intern');
  const days = [
    { date: `${YEAR}-03-02`, hours: 8, status: 'present', note: 'Machine shop induction' },
    { date: `${YEAR}-03-03`, hours: 7.5, status: 'present' },
    { date: `${YEAR}-03-04`, hours: 0, status: 'sick' },
    { date: `${YEAR}-03-05`, hours: 8, status: 'present' },
  ];
  for (const day of days) {
    // Each POST carries an Idempotency-Key, so a client retrying after a timeout cannot count a day twice.
    const logged = await logAttendance(enterprise, placement.id, day, `attendance-${day.date}`);
    show(day.date, `${day.status}, ${day.hours} h -> ${logged.status}`);
  }
  const retried = await logAttendance(enterprise, placement.id, days[0], `attendance-${days[0].date}`);
  show(`first POST retried with the same key -> ${retried.status}`, 'the stored entry, not counted twice');
  const log = await get(`${talent}/v1/enterprises/${enterprise.id}/placements/${placement.id}/attendance`, enterprise.apiKey);
  show(
    'totals',
    `${log.totals.hours} h over ${log.totals.entries} days (present ${log.totals.days.present}, sick ${log.totals.days.sick})`,
  );
  const evaluation = await post(`${talent}/v1/enterprises/${enterprise.id}/placements/${placement.id}/evaluations`, enterprise.apiKey, {
    evaluator: 'Zhang Min, workshop supervisor',
    scores: { safety: 5, teamwork: 4, 'cnc-programming': 4 },
    comment: 'Reliable, learns fast; needs more practice on G-code.',
  });
  show(
    'evaluation',
    `${evaluation.evaluator}: ${Object.entries(evaluation.scores)
      .map(([c, s]) => `${c} ${s}`)
      .join(', ')}`,
  );

  step('The internship is completed; the school hears it with the hours and the evaluation summary');
  const completed = await transition(placement.id, 'completed', 'internship period finished');
  const end = completed.body.endOfPlacement;
  show('placement', `-> ${completed.body.status}: ${end.hoursLogged} h logged, average score ${end.evaluation.averageScore}`);
  const completedOutcome = await delivered('talent.placement.completed.v1');
  show(
    'school webhook',
    `${completedOutcome.payload.type}, endOfPlacement ${JSON.stringify(completedOutcome.payload.data.endOfPlacement)}`,
  );
  const before = await get(`${talent}/v1/enterprises/${enterprise.id}/reports/conversion`, enterprise.apiKey);
  show(
    'conversion so far',
    `${before.totals.hired} hired of ${before.totals.internshipsEnded} ended internship(s), rate ${before.totals.conversionRate}`,
  );

  step("Precision Motors' Workday posts a signed Hire notification (Standard Webhooks signature)");
  const eventWid = randomUUID().replace(/-/g, '');
  const notification = workdayHireNotification({
    eventWid,
    employeeId: 'E-21001',
    placementId: placement.id,
    title: 'CNC machinist',
    hireDate: `${YEAR}-09-01`,
  });
  const first = await postWorkday(enterprise.id, enterprise.erpSigningSecret, notification);
  show(`first post -> ${first.status}`, first.body);
  const again = await postWorkday(enterprise.id, enterprise.erpSigningSecret, notification);
  show(`same notification again -> ${again.status}`, again.body);
  const forged = await postWorkday(enterprise.id, `whsec_${Buffer.from('not the secret').toString('base64')}`, notification);
  show(`wrong signature -> ${forged.status}`, forged.body.detail);

  step('The placement becomes hired; the outcome reaches the school by signed webhook');
  const hired = await waitFor(
    'hired',
    async () => {
      const p = await get(`${talent}/v1/placements/${placement.id}`, admin);
      return p.status === 'hired' ? p : undefined;
    },
    { timeoutMs: 30_000 },
  );
  show('placement', `${hired.history.map((h: any) => h.status).join(' -> ')}`);
  show('hire', `${hired.hire.positionTitle} from ${hired.hire.hireDate} (hired once despite the duplicate)`);
  const hiredOutcome = await delivered('talent.placement.hired.v1');
  show(
    'verified delivery',
    `${hiredOutcome.payload.type}, caused by ${hiredOutcome.payload.data.causedBy.source}, webhook-id ${hiredOutcome.headers['webhook-id']}`,
  );
  const deliveries = (
    await get(`${talent}/v1/schools/${school.id}/webhook-subscriptions/${subscription.id}/deliveries`, school.apiKey)
  ).items.reverse();
  for (const d of deliveries)
    show(`delivery ${d.eventType}`, `${d.status}: ${d.attempts.map((a: any) => a.statusCode ?? a.error).join(', ')}`);
  await receiver.stop();
  const feed = (await get(`${talent}/v1/schools/${school.id}/placement-outcomes`, school.apiKey)).items;
  show('pull feed', feed.map((i: any) => `${i.event.data.outcome} (cursor ${i.cursor})`).join(', '));

  step('The school also reads its outcomes from a Kafka topic of its own, published from its feed (ADR 0075)');
  const opened = await httpJson('PUT', `${talent}/v1/schools/${school.id}/outcome-topic`, {
    token: school.apiKey,
    body: { from: 'beginning' },
  });
  show(
    'outcome topic',
    `${opened.body.topic}: ${opened.body.status}, records kept ${opened.body.maxAgeDays} days, groups ${opened.body.consumerGroupPrefix}-*`,
  );
  const kafka = new Kafka({
    clientId: 'demo-school',
    brokers: (process.env.DEMO_KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    logLevel: logLevel.NOTHING,
  });
  const recorder = new TopicRecorder(kafka, [opened.body.topic]);
  await recorder.start();
  try {
    await waitFor('the feed on the school’s topic', () => recorder.messages.length >= feed.length, { timeoutMs: 30_000 });
  } finally {
    await recorder.stop();
  }
  for (const record of recorder.messages) {
    show(`record ${record.offset}`, `${record.headers.ce_type}, ce_id ${record.headers.ce_id}, key ${record.key}`);
  }
  console.log(
    '   (in production the school reads it with its own principal: npm run kafka:acls -- print --school <schoolId>=User:<principal>)',
  );

  step('The reports count the student');
  const report = await get(`${talent}/v1/schools/${school.id}/reports/placements`, school.apiKey);
  const t = report.totals;
  show(
    'school placement report',
    `${t.placedStudents} of ${t.students} students placed (rate ${t.placementRate}); ${t.internshipsHired} of ${t.internshipsEnded} ended internship(s) hired (rate ${t.hireRate})`,
  );
  show('destinations', report.destinations.map((d: any) => `${d.enterpriseName}, ${d.role}: ${d.placements}`).join('; '));
  const csv = await getText(`${talent}/v1/schools/${school.id}/reports/placements`, school.apiKey, 'text/csv');
  show('school report as CSV', csv.contentType);
  for (const line of csv.text.trim().split('\r\n')) console.log(`      ${line}`);
  const conversion = await get(`${talent}/v1/enterprises/${enterprise.id}/reports/conversion`, enterprise.apiKey);
  show(
    'enterprise conversion report',
    `${conversion.totals.hired} hired of ${conversion.totals.internshipsEnded} ended internship(s), rate ${conversion.totals.conversionRate} (was ${before.totals.conversionRate})`,
  );
  const conversionCsv = await getText(`${talent}/v1/enterprises/${enterprise.id}/reports/conversion?format=csv`, enterprise.apiKey);
  show('conversion as CSV', conversionCsv.contentType);
  for (const line of conversionCsv.text.trim().split('\r\n')) console.log(`      ${line}`);

  step("The operator's reads of the student's personal data are in the access log, under the operator its key names");
  const reads = (await get(`${talent}/v1/operator/access-log?studentId=${top.studentId}`, admin)).items;
  for (const read of reads.slice(0, 4)) {
    show(read.route, `${read.operatorId} (${read.authenticated ? 'authenticated by its key' : 'stated'}), why: ${read.reason}`);
  }

  console.log('\nThe student journey worked end to end.');
}

function transition(placementId: string, to: string, reason?: string) {
  return httpJson('POST', `${talent}/v1/placements/${placementId}/transitions`, { token: admin, body: { to, reason } });
}

async function logAttendance(enterprise: { id: string; apiKey: string }, placementId: string, day: object, idempotencyKey: string) {
  const response = await fetch(`${talent}/v1/enterprises/${enterprise.id}/placements/${placementId}/attendance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${enterprise.apiKey}`, 'idempotency-key': idempotencyKey },
    body: JSON.stringify(day),
  });
  const body = await response.json();
  if (response.status >= 300) throw new Error(`attendance -> ${response.status} ${JSON.stringify(body)}`);
  return { status: response.status, body };
}

/** A Workday Hire business-process notification; the integrator puts the platform placement id in a Custom_ID. */
function workdayHireNotification(hire: { eventWid: string; employeeId: string; placementId: string; title: string; hireDate: string }) {
  return {
    Hire_Employee_Event: {
      Event_Reference: { ID: [{ type: 'WID', value: hire.eventWid }] },
      Business_Process_Type: 'Hire',
      Tenant: 'precisionmotors_cn',
      Completed_Moment: new Date().toISOString(),
      Worker_Reference: { ID: [{ type: 'Employee_ID', value: hire.employeeId }] },
      Hire_Employee_Data: {
        Hire_Date: hire.hireDate,
        Position_Details: { Position_ID: 'P-004711', Position_Title: hire.title },
        Custom_ID: [{ Custom_ID_Type: 'Platform_Placement_ID', ID: hire.placementId }],
      },
    },
  };
}

/** Posts to the Workday adapter, signed per Standard Webhooks as the ERP's outbound integration would. */
function postWorkday(enterpriseId: string, secret: string, notification: unknown) {
  return postVendorNotification({ baseUrl: talent, vendor: 'workday', enterpriseId, secret, body: notification });
}

main().catch((error) => {
  console.error(`\nThe demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
