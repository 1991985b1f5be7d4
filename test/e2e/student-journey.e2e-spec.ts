import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import {
  e2eServiceEnv,
  e2eTalentPipelineEnv,
  postVendorNotification,
  getOk as get,
  getText,
  httpJson,
  postOk as post,
  ServiceProcess,
  uniqueName,
  waitFor,
  WebhookReceiver,
} from '@app/testing';

jest.setTimeout(240_000);

const ADMIN = 'e2e-journey-admin-token-0123456789';
// Apart from first-flow's 41000-47000, so both files can run at once.
// Below 32768: never handed out as an ephemeral (client) port; a range of its own per suite.
const PORT_BASE = 26_000 + Math.floor(Math.random() * 330) * 3;
const CNC_ESCO = 'http://data.europa.eu/esco/skill/cnc-programming';
// Next year, so the dates stay ahead of the clock whenever the test runs.
const YEAR = new Date().getUTCFullYear() + 1;
const PERIOD = { from: `${YEAR}-03-01`, to: `${YEAR}-08-31` };
const WORKDAY_SOURCE = 'urn:erp:workday:harbourcranes_cn';

/**
 * One student's whole journey across the three real processes, a real Kafka broker and a real
 * Mongo wire-protocol server: cooperation agreement (copied by the other two services),
 * consent, the enterprise's demand and the ranked match with its reasons, a placement proposed
 * from it, the three-party sign-off gating `active`, attendance and a supervisor evaluation,
 * completion, a hire from a signed Workday notification, every outcome delivered to the
 * school's webhook signed per Standard Webhooks, and the reports counting the student.
 *
 * The steps run in order and share the state below: a failing step names where the journey broke.
 */
describe('student journey across the three services (processes)', () => {
  const prefix = `${uniqueName('journey')}.`;
  const env = (service: string) => ({ ...e2eServiceEnv(prefix, service), ADMIN_API_TOKEN: ADMIN });
  const talent = new ServiceProcess('talent-pipeline', PORT_BASE, e2eTalentPipelineEnv(prefix, ADMIN));
  const secondment = new ServiceProcess('teacher-secondment', PORT_BASE + 1, env('teacher-secondment'));
  const rd = new ServiceProcess('rd-collaboration', PORT_BASE + 2, env('rd-collaboration'));
  const schoolEndpoint = new WebhookReceiver();
  const admin = ADMIN;
  let t: string;

  // The journey's state, filled in step by step.
  let school: { id: string; apiKey: string };
  let enterprise: { id: string; apiKey: string; erpSigningSecret: string };
  let subscription: { id: string; secret: string };
  let agreement: { id: string };
  let liWei: string; // the student whose journey this is
  let zhaoMin: string; // fewer skills, part of the period: ranked second
  let sunHao: string; // every skill, but withdrew consent: not ranked at all
  let requisition: { id: string; role: string; kind: string; period: { from: string; to: string } };
  let placement: { id: string };

  beforeAll(async () => {
    await Promise.all([talent.start(), secondment.start(), rd.start()]);
    t = talent.baseUrl;
  });
  afterAll(async () => {
    await Promise.all([talent.stop(), secondment.stop(), rd.stop()]);
    await schoolEndpoint.stop();
  });

  it('1. registers a school and an enterprise, and the school subscribes its webhook to all outcomes', async () => {
    school = await post(`${t}/v1/schools`, admin, { name: 'Harbour Vocational', country: 'CN' });
    enterprise = await post(`${t}/v1/enterprises`, admin, { name: 'Harbour Cranes', country: 'CN', industry: 'logistics' });
    expect(school.apiKey).toMatch(/^sk_school/);
    expect(enterprise.apiKey).toMatch(/^sk_enterprise/);
    expect(enterprise.erpSigningSecret).toMatch(/^whsec_/);

    const url = await schoolEndpoint.start();
    subscription = await post(`${t}/v1/schools/${school.id}/webhook-subscriptions`, school.apiKey, { url });
    expect(subscription.secret).toMatch(/^whsec_/);
  });

  it('2. records a cooperation agreement, activates it, and the other two services copy it from Kafka', async () => {
    agreement = await post(`${t}/v1/agreements`, admin, {
      schoolId: school.id,
      enterpriseId: enterprise.id,
      scope: 'Internships in crane operation and CNC machining',
      period: { from: `${YEAR - 1}-09-01`, to: `${YEAR + 1}-08-31` },
      placementKinds: ['internship', 'apprenticeship'],
    });
    const activated = await post(`${t}/v1/agreements/${agreement.id}/status`, admin, { to: 'active', reason: 'signed by both partners' });
    expect(activated.history.map((h: any) => h.status)).toEqual(['draft', 'active']);

    for (const other of [secondment, rd]) {
      const copy = await waitFor(
        `${other.service} to copy the active agreement`,
        async () => {
          const items = (await get(`${other.baseUrl}/v1/agreements?schoolId=${school.id}`, admin)).items;
          return items.find((a: any) => a.id === agreement.id && a.status === 'active');
        },
        { timeoutMs: 60_000 },
      );
      expect(copy).toMatchObject({ enterpriseId: enterprise.id, placementKinds: ['internship', 'apprenticeship'] });
    }
  });

  it('3. registers students with skills (one by ESCO URI) and availability, and their consents', async () => {
    const student = async (givenName: string, skills: object[], availability: object) =>
      (
        await post(`${t}/v1/students`, admin, {
          schoolId: school.id,
          givenName,
          familyName: 'Test',
          programme: 'mechatronics',
          cohort: '2025',
          skills,
          availability,
        })
      ).id as string;
    liWei = await student(
      'Li',
      [{ label: 'programming CNC machines', escoUri: CNC_ESCO }, { label: 'Technical drawing' }, { label: 'Rigging' }],
      { from: `${YEAR}-02-15`, to: `${YEAR}-09-30` },
    );
    zhaoMin = await student('Zhao', [{ label: 'technical drawing' }], { from: `${YEAR}-06-01`, to: `${YEAR}-12-31` });
    sunHao = await student(
      'Sun',
      [{ label: 'CNC programming', escoUri: CNC_ESCO }, { label: 'Technical drawing' }, { label: 'Quality inspection' }],
      PERIOD,
    );

    // The school records Li's consents for this enterprise: to be matched, placed, and to share the profile.
    const schoolConsents = `${t}/v1/schools/${school.id}/students/${liWei}/consents`;
    for (const purpose of ['matching', 'placement', 'data-sharing-with-enterprise']) {
      const consent = await post(schoolConsents, school.apiKey, { enterpriseId: enterprise.id, purpose, grantedBy: 'student' });
      expect(consent).toMatchObject({ purpose, inForce: true, recordedBy: `school:${school.id}` });
    }
    const listed = (await get(schoolConsents, school.apiKey)).items;
    expect(Object.fromEntries(listed.map((c: any) => [c.purpose, c.inForce]))).toEqual({
      matching: true,
      placement: true,
      'data-sharing-with-enterprise': true,
    });
    await post(`${t}/v1/students/${zhaoMin}/consents`, admin, { enterpriseId: enterprise.id, purpose: 'matching', grantedBy: 'student' });
    const sunConsent = await post(`${t}/v1/students/${sunHao}/consents`, admin, {
      enterpriseId: enterprise.id,
      purpose: 'matching',
      grantedBy: 'student',
    });
    const withdrawn = await post(`${t}/v1/students/${sunHao}/consents/${sunConsent.id}/withdraw`, admin, {});
    expect(withdrawn.inForce).toBe(false);
  });

  it('4. the enterprise opens a requisition and matching ranks Li first, with the reasons, and no names', async () => {
    requisition = await post(`${t}/v1/enterprises/${enterprise.id}/requisitions`, enterprise.apiKey, {
      role: 'CNC machining intern',
      skills: [{ label: 'CNC programming', escoUri: CNC_ESCO }, { label: 'Technical drawing' }, { label: 'Quality inspection' }],
      headcount: 1,
      kind: 'internship',
      period: PERIOD,
      location: 'Ningbo',
    });
    expect(requisition).toMatchObject({ status: 'open', enterpriseId: enterprise.id });

    const matches = await get(`${t}/v1/enterprises/${enterprise.id}/requisitions/${requisition.id}/matches`, enterprise.apiKey);
    // Sun holds every skill but withdrew consent: ranking him would be a consent breach.
    expect(matches).toMatchObject({ requisitionId: requisition.id, partnerSchools: 1, ranked: 2 });
    expect(matches.items.map((m: any) => m.studentId)).toEqual([liWei, zhaoMin]);
    const [first, second] = matches.items;
    expect(first).toMatchObject({ rank: 1, programme: 'mechatronics', cohort: '2025', score: 0.7667 });
    // CNC matched by ESCO URI although the labels differ; technical drawing by label, ignoring case.
    expect(first.reasons.skillsMatched).toEqual([{ label: 'CNC programming', escoUri: CNC_ESCO }, { label: 'Technical drawing' }]);
    expect(first.reasons.skillsMissing).toEqual([{ label: 'Quality inspection' }]);
    expect(first.reasons.availability).toEqual({ overlap: PERIOD, overlapDays: 184, periodDays: 184, coverage: 1 });
    expect(second).toMatchObject({ rank: 2, reasons: { skillsMatched: [{ label: 'Technical drawing' }], skillCoverage: 0.3333 } });
    expect(second.reasons.availability.overlap).toEqual({ from: `${YEAR}-06-01`, to: PERIOD.to });
    expect(second.score).toBeLessThan(first.score);
    expect(JSON.stringify(matches)).not.toMatch(/givenName|familyName|"Li"|"Zhao"/);

    // With Li's consent to share the profile, the enterprise may read it; the disclosure is on record.
    const profile = await get(`${t}/v1/enterprises/${enterprise.id}/students/${liWei}`, enterprise.apiKey);
    expect(profile).toMatchObject({ id: liWei, givenName: 'Li', programme: 'mechatronics' });
    const refused = await httpJson('GET', `${t}/v1/enterprises/${enterprise.id}/students/${zhaoMin}`, { token: enterprise.apiKey });
    expect(refused.status).toBe(403);
    // Newest first: the profile read, then her place in the ranking (matching records each student it returns).
    const ledger = (await get(`${t}/v1/students/${liWei}/disclosures`, admin)).items;
    expect(ledger.map((entry: { purpose: string }) => entry.purpose)).toEqual(['data-sharing-with-enterprise', 'matching']);
    expect(ledger[0]).toMatchObject({
      purpose: 'data-sharing-with-enterprise',
      recipient: { kind: 'enterprise', id: enterprise.id },
      channel: 'api',
      basis: { kind: 'consent' },
    });
  });

  it('5. proposes a placement from the match, offered and accepted, which fills the requisition', async () => {
    placement = await post(`${t}/v1/placements`, admin, {
      studentId: liWei,
      enterpriseId: enterprise.id,
      requisitionId: requisition.id,
      kind: requisition.kind,
      role: requisition.role,
      startDate: requisition.period.from,
      endDate: requisition.period.to,
    });
    expect(placement).toMatchObject({ status: 'proposed', requisitionId: requisition.id, schoolId: school.id, programme: 'mechatronics' });
    for (const to of ['offered', 'accepted']) expect((await transition(t, placement.id, to)).body.status).toBe(to);

    // Headcount 1: accepting the placement fills the requisition.
    const filled = await get(`${t}/v1/enterprises/${enterprise.id}/requisitions/${requisition.id}`, enterprise.apiKey);
    expect(filled.status).toBe('filled');
    expect(filled.history.at(-1).cause).toBe(`placement ${placement.id} accepted`);
    const closedMatching = await httpJson('GET', `${t}/v1/enterprises/${enterprise.id}/requisitions/${requisition.id}/matches`, {
      token: enterprise.apiKey,
    });
    expect(closedMatching.status).toBe(409);
  });

  it('6. refuses `active` until school, enterprise and student have all signed, then starts; the school hears `started`', async () => {
    expect((await sign(t, placement.id, 'school', 'Wang Fang, head of internships')).missingParties).toEqual(['enterprise', 'student']);
    expect((await sign(t, placement.id, 'enterprise', 'Zhang Wei, HR')).missingParties).toEqual(['student']);

    const refused = await transition(t, placement.id, 'active');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ title: 'agreement not signed', missingParties: ['student'] });
    expect((await get(`${t}/v1/placements/${placement.id}`, admin)).status).toBe('accepted');

    const complete = await sign(t, placement.id, 'student', 'Li Test');
    expect(complete.missingParties).toEqual([]);
    expect(complete.signatures.map((s: any) => s.party)).toEqual(['school', 'enterprise', 'student']);
    const active = await transition(t, placement.id, 'active');
    expect(active.status).toBe(200);
    expect(active.body.status).toBe('active');

    const started = await outcomeDelivered(schoolEndpoint, subscription.secret, 'talent.placement.started.v1');
    expect(started.data).toMatchObject({ placementId: placement.id, studentId: liWei, enterpriseId: enterprise.id, outcome: 'started' });
  });

  it("7. logs hours at the enterprise (a retried POST is not counted twice) and records the supervisor's evaluation", async () => {
    const days = [
      { date: `${YEAR}-03-02`, hours: 8, status: 'present' },
      { date: `${YEAR}-03-03`, hours: 7.5, status: 'present', note: 'Machine shop induction' },
      { date: `${YEAR}-03-04`, hours: 0, status: 'sick' },
    ];
    for (const [i, day] of days.entries()) expect((await logAttendance(t, enterprise, placement.id, day, `day-${i}`)).status).toBe(201);
    const retried = await logAttendance(t, enterprise, placement.id, days[1], 'day-1');
    expect(retried.status).toBe(200);

    const log = await get(`${t}/v1/enterprises/${enterprise.id}/placements/${placement.id}/attendance`, enterprise.apiKey);
    expect(log.totals).toEqual({ entries: 3, hours: 15.5, days: { present: 2, absent: 0, sick: 1, excused: 0 } });
    expect((await get(`${t}/v1/placements/${placement.id}/attendance`, admin)).totals.hours).toBe(15.5);

    const evaluation = await post(`${t}/v1/enterprises/${enterprise.id}/placements/${placement.id}/evaluations`, enterprise.apiKey, {
      evaluator: 'Zhang Min, workshop supervisor',
      scores: { safety: 5, teamwork: 4, 'cnc-programming': 4 },
      comment: 'Reliable, learns fast.',
    });
    expect(evaluation).toMatchObject({
      evaluator: 'Zhang Min, workshop supervisor',
      scores: { safety: 5, teamwork: 4, 'cnc-programming': 4 },
    });
    expect((await get(`${t}/v1/placements/${placement.id}`, admin)).evaluations).toHaveLength(1);
  });

  it('8. completes the placement; the school hears `completed` with hours and evaluation; conversion is still 0', async () => {
    const completed = await transition(t, placement.id, 'completed', 'internship period finished');
    expect(completed.status).toBe(200);
    const summary = {
      reason: 'internship period finished',
      hoursLogged: 15.5,
      evaluation: { count: 1, averageScore: 4.33, competencies: { 'cnc-programming': 4, safety: 5, teamwork: 4 } },
    };
    expect(completed.body.endOfPlacement).toEqual(summary);

    const outcome = await outcomeDelivered(schoolEndpoint, subscription.secret, 'talent.placement.completed.v1');
    expect(outcome.data).toMatchObject({ placementId: placement.id, outcome: 'completed', endOfPlacement: summary });

    const conversion = await get(`${t}/v1/enterprises/${enterprise.id}/reports/conversion`, enterprise.apiKey);
    expect(conversion.totals).toEqual({ internsStarted: 1, internshipsEnded: 1, hired: 0, conversionRate: 0 });
    const report = await get(`${t}/v1/schools/${school.id}/reports/placements`, school.apiKey);
    expect(report.totals).toMatchObject({ students: 3, placedStudents: 1, internshipsEnded: 1, internshipsHired: 0, hireRate: 0 });
  });

  it('9. a signed Workday hire notification hires Li (once, despite a duplicate); the school hears `hired`', async () => {
    const eventWid = randomUUID().replace(/-/g, '');
    const notification = workdayHireNotification({
      eventWid,
      employeeId: 'E-30117',
      placementId: placement.id,
      title: 'Crane maintenance technician',
      hireDate: `${YEAR}-09-01`,
    });
    const forged = await postWorkday(
      t,
      enterprise.id,
      `whsec_${Buffer.from('not the enterprise secret').toString('base64')}`,
      notification,
    );
    expect(forged.status).toBe(401);

    const accepted = await postWorkday(t, enterprise.id, enterprise.erpSigningSecret, notification);
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ accepted: 1, duplicates: 0, events: [{ source: WORKDAY_SOURCE, id: eventWid, status: 'accepted' }] });
    const again = await postWorkday(t, enterprise.id, enterprise.erpSigningSecret, notification);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1 });

    const hired = await waitFor(
      'the placement to be hired',
      async () => {
        const p = await get(`${t}/v1/placements/${placement.id}`, admin);
        return p.status === 'hired' ? p : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(hired.hire).toEqual({ positionTitle: 'Crane maintenance technician', hireDate: `${YEAR}-09-01` });
    expect(hired.history.map((h: any) => h.status)).toEqual(['proposed', 'offered', 'accepted', 'active', 'completed', 'hired']);

    const outcome = await outcomeDelivered(schoolEndpoint, subscription.secret, 'talent.placement.hired.v1');
    expect(outcome.data).toMatchObject({
      placementId: placement.id,
      studentId: liWei,
      outcome: 'hired',
      hire: { positionTitle: 'Crane maintenance technician', hireDate: `${YEAR}-09-01` },
      causedBy: { source: WORKDAY_SOURCE, id: eventWid, type: 'erp.hire.v1' },
    });

    // Every outcome reached the school exactly once, in order, each signed with the subscription's secret.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(verifiedOutcomes(schoolEndpoint, subscription.secret).map((o) => o.type)).toEqual([
      'talent.placement.started.v1',
      'talent.placement.completed.v1',
      'talent.placement.hired.v1',
    ]);
    const deliveries = await get(`${t}/v1/schools/${school.id}/webhook-subscriptions/${subscription.id}/deliveries`, school.apiKey);
    // The delivery log, newest first: each outcome delivered at the first attempt.
    expect(deliveries.items.map((d: any) => [d.eventType, d.status, d.attempts.map((a: any) => a.statusCode)])).toEqual([
      ['talent.placement.hired.v1', 'delivered', [204]],
      ['talent.placement.completed.v1', 'delivered', [204]],
      ['talent.placement.started.v1', 'delivered', [204]],
    ]);
  });

  it('10. the reports count the hire: school placement report (JSON and CSV), enterprise conversion (JSON and CSV), operator', async () => {
    const totals = {
      students: 3,
      placedStudents: 1,
      placementRate: 0.3333,
      internshipsEnded: 1,
      internshipsHired: 1,
      hireRate: 1,
      medianDaysToPlacement: 0,
    };
    const report = await get(`${t}/v1/schools/${school.id}/reports/placements`, school.apiKey);
    expect(report.totals).toEqual(totals);
    expect(report.destinations).toEqual([
      { enterpriseId: enterprise.id, enterpriseName: 'Harbour Cranes', role: 'CNC machining intern', placements: 1 },
    ]);
    const csv = await getText(`${t}/v1/schools/${school.id}/reports/placements`, school.apiKey, 'text/csv');
    expect(csv.contentType).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')).toEqual([
      'programme,cohort,students,placedStudents,placementRate,internshipsEnded,internshipsHired,hireRate,medianDaysToPlacement',
      'mechatronics,2025,3,1,0.3333,1,1,1,0',
      '*,*,3,1,0.3333,1,1,1,0',
      '',
    ]);

    const conversion = await get(`${t}/v1/enterprises/${enterprise.id}/reports/conversion`, enterprise.apiKey);
    expect(conversion.totals).toEqual({ internsStarted: 1, internshipsEnded: 1, hired: 1, conversionRate: 1 });
    expect(conversion.byRole).toEqual([
      { role: 'CNC machining intern', internsStarted: 1, internshipsEnded: 1, hired: 1, conversionRate: 1 },
    ]);
    const conversionCsv = await getText(`${t}/v1/enterprises/${enterprise.id}/reports/conversion?format=csv`, enterprise.apiKey);
    expect(conversionCsv.contentType).toMatch(/^text\/csv/);
    expect(conversionCsv.text).toBe(
      'role,internsStarted,internshipsEnded,hired,conversionRate\r\nCNC machining intern,1,1,1,1\r\n*,1,1,1,1\r\n',
    );

    expect((await get(`${t}/v1/reports/placements?schoolId=${school.id}`, admin)).totals).toEqual(totals);
  });
});

// ---------------------------------------------------------------------------- helpers

/** Operator moves a placement; returns status and body so refusals can be asserted. */
function transition(baseUrl: string, placementId: string, to: string, reason?: string) {
  return httpJson('POST', `${baseUrl}/v1/placements/${placementId}/transitions`, { token: ADMIN, body: { to, reason } });
}

/** One party signs the placement agreement; returns the agreement (signatures, missingParties). */
function sign(baseUrl: string, placementId: string, party: string, signedBy: string): Promise<any> {
  return post(`${baseUrl}/v1/placements/${placementId}/agreement/signatures`, ADMIN, { party, signedBy });
}

/** The enterprise logs one day of attendance, with an Idempotency-Key as a retrying client would. */
async function logAttendance(
  baseUrl: string,
  enterprise: { id: string; apiKey: string },
  placementId: string,
  day: object,
  idempotencyKey: string,
): Promise<{ status: number; body: any }> {
  const { status, body } = await httpJson('POST', `${baseUrl}/v1/enterprises/${enterprise.id}/placements/${placementId}/attendance`, {
    token: enterprise.apiKey,
    body: day,
    headers: { 'idempotency-key': idempotencyKey },
    operator: false,
  });
  return { status, body };
}

/** A Workday Hire business-process notification; the integrator puts the platform placement id in a Custom_ID. */
function workdayHireNotification(hire: { eventWid: string; employeeId: string; placementId: string; title: string; hireDate: string }) {
  return {
    Hire_Employee_Event: {
      Event_Reference: { ID: [{ type: 'WID', value: hire.eventWid }] },
      Business_Process_Type: 'Hire',
      Tenant: 'harbourcranes_cn',
      Completed_Moment: new Date().toISOString(),
      Worker_Reference: { ID: [{ type: 'Employee_ID', value: hire.employeeId }] },
      Hire_Employee_Data: {
        Hire_Date: hire.hireDate,
        Position_Details: { Position_ID: 'P-0815', Position_Title: hire.title },
        Custom_ID: [{ Custom_ID_Type: 'Platform_Placement_ID', ID: hire.placementId }],
      },
    },
  };
}

/** Posts a vendor payload to the Workday adapter, signed per Standard Webhooks like the ERP's outbound integration. */
function postWorkday(baseUrl: string, enterpriseId: string, secret: string, notification: unknown) {
  return postVendorNotification({ baseUrl, vendor: 'workday', enterpriseId, secret, body: notification });
}

/** The outcomes the school's endpoint received, each verified per Standard Webhooks (throws on a bad signature). */
function verifiedOutcomes(endpoint: WebhookReceiver, secret: string): { type: string; data: any }[] {
  const verifier = new Webhook(secret);
  return endpoint.received.map((r) => verifier.verify(r.body, r.headers as Record<string, string>) as { type: string; data: any });
}

/** Waits until an outcome of `type` has reached the school's endpoint, and returns it verified. */
function outcomeDelivered(endpoint: WebhookReceiver, secret: string, type: string) {
  return waitFor(`the school's webhook to receive ${type}`, () => verifiedOutcomes(endpoint, secret).find((o) => o.type === type), {
    timeoutMs: 30_000,
  });
}
