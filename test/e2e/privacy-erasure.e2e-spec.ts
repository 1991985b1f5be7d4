import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { Webhook } from 'standardwebhooks';
import { Topics } from '@app/contracts';
import {
  cleanupPolicyOf,
  e2eServiceEnv,
  e2eTalentPipelineEnv,
  erpHireEvent,
  getOk as get,
  httpJson,
  latestRecordsByKey,
  postErpEvents,
  postOk as post,
  readTopicToEnd,
  ServiceProcess,
  testKafka,
  testMongoUri,
  TopicRecorder,
  uniqueName,
  waitFor,
  WebhookReceiver,
} from '@app/testing';

jest.setTimeout(420_000);

const ADMIN = 'e2e-privacy-admin-token-0123456789';
// Below 32768: never handed out as an ephemeral (client) port; a range of its own per suite.
const PORT_BASE = 23_000 + Math.floor(Math.random() * 330) * 3;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const TODAY = day(0);

/** Personal values of the two students: after erasure none may be left in any store or on any topic. */
const ALICE = { givenName: 'Xiaolong', familyName: 'Qiansheng', externalId: 'HR-PRIV-77881' };
const BORIS = { givenName: 'Yunfei', familyName: 'Baishan', externalId: 'HR-PRIV-99113' };

/**
 * Issue 12's "done means", across the three real processes on the shared Kafka and Mongo: a
 * student consents, is matched, placed and hired (webhooks to the school and to the enterprise),
 * joins an R&D project that the enterprise reads; then the school files an erasure. Every store
 * and every topic is searched for the student's personal values, both webhook recipients must
 * have the signed notice, the reports still count the placement, and the request shows its
 * proof. Then a second student is erased while the R&D service is down: the request waits for
 * it and completes after it comes back, leaving nothing behind.
 */
describe('privacy across the three services: consent, disclosure ledger, erasure with proof (processes)', () => {
  const prefix = `${uniqueName('privacy')}.`;
  const env = (service: string) => ({ ...e2eServiceEnv(prefix, service), ADMIN_API_TOKEN: ADMIN });
  const database = (service: string) => `${prefix.replace(/[.-]/g, '_')}${service.replace(/-/g, '_')}`;
  const talent = new ServiceProcess('talent-pipeline', PORT_BASE, e2eTalentPipelineEnv(prefix, ADMIN));
  const secondment = new ServiceProcess('teacher-secondment', PORT_BASE + 1, env('teacher-secondment'));
  let rd = new ServiceProcess('rd-collaboration', PORT_BASE + 2, env('rd-collaboration'));
  const schoolHooks = new WebhookReceiver();
  const enterpriseHooks = new WebhookReceiver();
  let mongo: MongoClient;
  let t: string;
  let r: string;

  let school: { id: string; apiKey: string };
  let enterprise: { id: string; apiKey: string; erpSigningSecret: string };
  const secrets = { school: '', enterprise: '' };
  const rdKeys = { school: '', enterprise: '' };
  let alice: string;
  let placementId: string;
  let projectId: string;

  beforeAll(async () => {
    await Promise.all([talent.start(), secondment.start(), rd.start()]);
    [t, r] = [talent.baseUrl, rd.baseUrl];
    mongo = await new MongoClient(testMongoUri('admin')).connect();
  });
  afterAll(async () => {
    await Promise.all([talent.stop(), secondment.stop(), rd.stop()]);
    await Promise.all([schoolHooks.stop(), enterpriseHooks.stop()]);
    await mongo?.close();
  });

  it('1. partners, an agreement covering placements and joint R&D, keys; the student consents and is matched', async () => {
    school = await post(`${t}/v1/schools`, ADMIN, { name: 'Privacy Polytechnic', country: 'CN' });
    enterprise = await post(`${t}/v1/enterprises`, ADMIN, { name: 'Privacy Robotics', country: 'CN' });
    const agreement = await post(`${t}/v1/agreements`, ADMIN, {
      schoolId: school.id,
      enterpriseId: enterprise.id,
      scope: 'Internships and joint R&D in machine vision',
      period: { from: day(-365), to: day(730) },
      placementKinds: ['internship'],
    });
    await post(`${t}/v1/agreements/${agreement.id}/status`, ADMIN, { to: 'active' });
    await waitFor(
      'the R&D service to copy the active agreement',
      async () => (await get(`${r}/v1/agreements?schoolId=${school.id}`, ADMIN)).items.some((a: any) => a.status === 'active'),
      { timeoutMs: 60_000 },
    );
    rdKeys.school = (await post(`${r}/v1/access-keys`, ADMIN, { role: 'school', schoolId: school.id, label: 'R&D office' })).apiKey;
    rdKeys.enterprise = (
      await post(`${r}/v1/access-keys`, ADMIN, { role: 'enterprise', enterpriseId: enterprise.id, label: 'R&D' })
    ).apiKey;

    alice = await registerStudent(ALICE);
    for (const purpose of ['matching', 'placement', 'data-sharing-with-enterprise', 'rd-project'])
      await post(`${t}/v1/schools/${school.id}/students/${alice}/consents`, school.apiKey, {
        enterpriseId: enterprise.id,
        purpose,
        grantedBy: 'student',
      });
    const requisition = await post(`${t}/v1/enterprises/${enterprise.id}/requisitions`, enterprise.apiKey, {
      role: 'Vision integration intern',
      skills: [{ label: 'machine vision' }],
      headcount: 1,
      kind: 'internship',
      period: { from: day(1), to: day(180) },
      location: 'Ningbo',
    });
    const matches = await get(`${t}/v1/enterprises/${enterprise.id}/requisitions/${requisition.id}/matches`, enterprise.apiKey);
    expect(matches.items.map((m: any) => m.studentId)).toContain(alice);
  });

  it('2. placed and hired by an ERP event: the school and the enterprise hear it by webhook (the enterprise with the consented fields)', async () => {
    const schoolSub = await post(`${t}/v1/schools/${school.id}/webhook-subscriptions`, school.apiKey, {
      url: await schoolHooks.start(),
      eventTypes: ['talent.placement.hired.v1'],
    });
    const enterpriseSub = await post(`${t}/v1/enterprises/${enterprise.id}/webhook-subscriptions`, enterprise.apiKey, {
      url: await enterpriseHooks.start(),
      eventTypes: ['talent.placement.hired.v1'],
    });
    [secrets.school, secrets.enterprise] = [schoolSub.secret, enterpriseSub.secret];
    placementId = (
      await post(`${t}/v1/placements`, ADMIN, {
        studentId: alice,
        enterpriseId: enterprise.id,
        kind: 'internship',
        role: 'Vision integration intern',
        startDate: TODAY,
      })
    ).id;
    for (const to of ['offered', 'accepted']) await post(`${t}/v1/placements/${placementId}/transitions`, ADMIN, { to });
    for (const party of ['school', 'enterprise', 'student'])
      await post(`${t}/v1/placements/${placementId}/agreement/signatures`, ADMIN, { party, signedBy: party });
    await post(`${t}/v1/placements/${placementId}/transitions`, ADMIN, { to: 'active' });
    const hire = erpHireEvent({ placementId, position: { title: 'Vision technician' }, hireDate: day(14) }, undefined, 'urn:erp:privacy');
    expect((await postErpEvents({ baseUrl: t, enterpriseId: enterprise.id, secret: enterprise.erpSigningSecret, body: hire })).status).toBe(
      202,
    );
    for (const hooks of [schoolHooks, enterpriseHooks]) {
      await waitFor(
        'the hired webhook',
        () => hooks.received.some((h) => h.answeredWith < 300 && JSON.parse(h.body).type === 'talent.placement.hired.v1'),
        {
          timeoutMs: 60_000,
        },
      );
    }
    // Consent in force: the enterprise's copy of the outcome names the student (by id, as outcomes do), not redacted.
    const toEnterprise = JSON.parse(enterpriseHooks.received.find((h) => JSON.parse(h.body).type === 'talent.placement.hired.v1')!.body);
    expect(toEnterprise.data).toMatchObject({ studentId: alice, placementId });
    expect(toEnterprise.data.redacted).toBeUndefined();
  });

  it('3. the student joins an R&D project; the enterprise reads the participant list under the rd-project consent; the ledger gathers it', async () => {
    const challenge = await post(`${r}/v1/challenges`, rdKeys.enterprise, {
      kind: 'product-rd',
      title: 'Vision inspection',
      summary: 'Detect burrs',
      problem: 'Manual sampling misses burrs.',
      constraints: [],
      budgetRange: { currency: 'CNY', minMinor: 1_000_000, maxMinor: 5_000_000 },
      deadline: day(30),
      confidentiality: 'public',
      skillsWanted: ['machine vision'],
      rubric: [{ criterionId: 'fit', name: 'Fit', weight: 1 }],
    });
    const proposal = await post(`${r}/v1/challenges/${challenge.id}/proposals`, rdKeys.school, {
      title: 'Edge inference',
      approach: 'A camera and a small model.',
      team: [
        { kind: 'teacher', personId: randomUUID(), name: 'Zhou Lan', role: 'Principal investigator' },
        { kind: 'student', personId: alice, name: `${ALICE.givenName} ${ALICE.familyName}`, role: 'Data labelling' },
      ],
      plan: [{ title: 'Prototype', weeks: 8 }],
      budget: { currency: 'CNY', amountMinor: 2_000_000 },
    });
    for (const to of ['qualified', 'shortlisted', 'selected'])
      await post(`${r}/v1/proposals/${proposal.id}/stage`, rdKeys.enterprise, { to });
    projectId = (
      await post(`${r}/v1/projects`, rdKeys.enterprise, {
        proposalId: proposal.id,
        terms: {
          ip: { ownership: 'joint', licence: 'Joint', revenueShare: { enterpriseBasisPoints: 5000, schoolBasisPoints: 5000 } },
          budget: { currency: 'CNY', amountMinor: 2_000_000 },
          confidentiality: 'public',
          period: { start: day(-1), end: day(180) },
        },
        pledges: [
          { side: 'enterprise', kind: 'funding', form: 'cash', amount: { currency: 'CNY', amountMinor: 1_000_000 }, description: 'Grant' },
          {
            side: 'school',
            kind: 'staff-hours',
            form: 'in-kind',
            amount: { currency: 'CNY', amountMinor: 1_000_000 },
            description: 'Hours',
          },
        ],
      })
    ).id;
    await joinProject(alice, ALICE);
    const seenByEnterprise = await get(`${r}/v1/projects/${projectId}`, rdKeys.enterprise);
    expect(JSON.stringify(seenByEnterprise.participants)).toContain(ALICE.familyName);
    // One ledger per person, across the services: the R&D disclosure reaches the talent pipeline by event.
    const ledger = await waitFor(
      "the R&D disclosure in the student's ledger",
      async () => {
        const answer = await get(`${t}/v1/schools/${school.id}/students/${alice}/disclosures/export`, school.apiKey);
        return answer.items.some((d: any) => d.service === 'rd-collaboration') ? answer : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(ledger.items.map((d: any) => d.service)).toEqual(expect.arrayContaining(['talent-pipeline', 'rd-collaboration']));
    // The search used after the erasure finds the student's values now (so an empty result later means something).
    const before = await personalValuesFound(ALICE, ['talent-pipeline', 'rd-collaboration']);
    expect(before).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^talent-pipeline\.students: /),
        expect.stringMatching(/^rd-collaboration\.projects: /),
      ]),
    );
  });

  it('4. erasure: every service confirms, both recipients get the signed notice, no personal value is left anywhere, reports still count', async () => {
    const reportBefore = await get(`${t}/v1/schools/${school.id}/reports/placements`, school.apiKey);
    const filed = await httpJson('POST', `${t}/v1/schools/${school.id}/students/${alice}/erasure-requests`, {
      token: school.apiKey,
      body: { reason: 'GDPR Art. 17(1)(b): the student withdrew consent' },
    });
    expect(filed.status).toBe(202);
    const proof = await waitFor(
      'the erasure to complete',
      async () => {
        const request = await get(`${t}/v1/schools/${school.id}/erasure-requests/${filed.body.id}`, school.apiKey);
        return request.status === 'completed' ? request : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    expect(proof.services.map((s: any) => [s.service, s.status])).toEqual([
      ['talent-pipeline', 'confirmed'],
      ['teacher-secondment', 'confirmed'],
      ['rd-collaboration', 'confirmed'],
    ]);
    expect(proof.recipients).toHaveLength(2);
    expect(proof.recipients.every((n: any) => n.status === 'delivered' && n.deliveredAt)).toBe(true);
    for (const [hooks, secret] of [
      [schoolHooks, secrets.school],
      [enterpriseHooks, secrets.enterprise],
    ] as const) {
      const notice = hooks.received.find((h) => JSON.parse(h.body).type === 'privacy.erasure.notice.v1');
      expect(notice).toBeDefined();
      const verified = new Webhook(secret).verify(notice!.body, notice!.headers as Record<string, string>) as any;
      expect(verified.data).toMatchObject({ requestId: filed.body.id, studentId: alice, placementIds: [placementId] });
    }

    await expectNothingLeft(ALICE, ['talent-pipeline', 'teacher-secondment', 'rd-collaboration']);
    // The compacted consent topic: every consent the student ever had ends in a tombstone, as the proof lists.
    const consentTopic = `${prefix}${Topics.privacyConsents}`;
    const kafka = testKafka('privacy-tombstones');
    expect(await cleanupPolicyOf(kafka, consentTopic)).toBe('compact');
    const records = await readTopicToEnd(kafka, consentTopic);
    const latest = await latestRecordsByKey(kafka, consentTopic);
    const aliceConsents = [...new Set(records.filter((m) => m.value && JSON.parse(m.value).studentId === alice).map((m) => m.key!))].sort();
    expect(aliceConsents.length).toBeGreaterThan(0);
    const talentProof = proof.services.find((s: any) => s.service === 'talent-pipeline');
    expect(talentProof.tombstones.map((t: any) => t.key).sort()).toEqual(aliceConsents);
    expect(talentProof.tombstones.every((t: any) => t.topic === Topics.privacyConsents)).toBe(true);
    for (const consentId of aliceConsents) {
      expect(latest.get(consentId)).toMatchObject({
        value: null,
        headers: expect.objectContaining({ ce_type: 'privacy.consent.erased.v1' }),
      });
    }
    // Reports keep counting the placement, anonymously.
    expect((await get(`${t}/v1/schools/${school.id}/reports/placements`, school.apiKey)).totals).toEqual(reportBefore.totals);
    const card = await get(`${r}/v1/scorecards/${school.id}/${enterprise.id}`, ADMIN);
    expect(card.totals.hires).toBe(1);
    const project = await get(`${r}/v1/projects/${projectId}`, rdKeys.school);
    expect(project.participants).toHaveLength(1); // the row stays, pseudonymised
  });

  it('5. with the R&D service down, the erasure waits for it and completes once it is back, leaving nothing behind', async () => {
    const boris = await registerStudent(BORIS);
    await post(`${t}/v1/schools/${school.id}/students/${boris}/consents`, school.apiKey, {
      enterpriseId: enterprise.id,
      purpose: 'rd-project',
      grantedBy: 'student',
    });
    await joinProject(boris, BORIS);
    expect(await rd.stop()).toBe(0);

    const filed = await post(`${t}/v1/schools/${school.id}/students/${boris}/erasure-requests`, school.apiKey, {
      reason: 'left the school',
    });
    const waiting = await waitFor(
      'the other two services to confirm',
      async () => {
        const request = await get(`${t}/v1/schools/${school.id}/erasure-requests/${filed.id}`, school.apiKey);
        return request.services.filter((s: any) => s.status === 'confirmed').length === 2 ? request : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(waiting.status).toBe('pending');
    expect(waiting.services.find((s: any) => s.service === 'rd-collaboration').status).toBe('pending');

    rd = new ServiceProcess('rd-collaboration', PORT_BASE + 2, env('rd-collaboration'));
    await rd.start();
    await waitFor(
      'the erasure to complete after the R&D service is back',
      async () => (await get(`${t}/v1/schools/${school.id}/erasure-requests/${filed.id}`, school.apiKey)).status === 'completed',
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    await expectNothingLeft(BORIS, ['talent-pipeline', 'teacher-secondment', 'rd-collaboration']);
  });

  async function registerStudent(person: typeof ALICE): Promise<string> {
    const student = await post(`${t}/v1/students`, ADMIN, {
      schoolId: school.id,
      givenName: person.givenName,
      familyName: person.familyName,
      programme: 'mechatronics',
      cohort: '2025',
      externalIds: [{ value: person.externalId, schemeId: 'student-number', schemeAgencyId: 'privacy-polytechnic' }],
      skills: [{ label: 'machine vision' }],
      availability: { from: day(0), to: day(365) },
    });
    return student.id as string;
  }

  async function joinProject(studentId: string, person: typeof ALICE): Promise<void> {
    await post(`${r}/v1/projects/${projectId}/participants`, rdKeys.school, {
      kind: 'student',
      personId: studentId,
      name: `${person.givenName} ${person.familyName}`,
      role: 'Integration',
    });
  }

  async function expectNothingLeft(person: typeof ALICE, services: string[]): Promise<void> {
    expect(await personalValuesFound(person, services)).toEqual([]);
  }

  /** Searches every document of the three databases and every record of the run's topics for the person's values. */
  async function personalValuesFound(person: typeof ALICE, services: string[]): Promise<string[]> {
    const values = [person.givenName, person.familyName, person.externalId];
    const found: string[] = [];
    for (const service of services) {
      const db = mongo.db(database(service));
      for (const { name } of await db.listCollections().toArray()) {
        for (const doc of await db.collection(name).find({}).toArray()) {
          const text = JSON.stringify(doc);
          for (const value of values) if (text.includes(value)) found.push(`${service}.${name}: ${value}`);
        }
      }
    }
    const admin = testKafka('privacy-scan').admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    const ends = await Promise.all(topics.map(async (topic) => ({ topic, offsets: await admin.fetchTopicOffsets(topic) })));
    await admin.disconnect();
    const expected = ends.reduce((n, e) => n + e.offsets.reduce((m, o) => m + Number(o.high) - Number(o.low), 0), 0);
    const recorder = new TopicRecorder(testKafka('privacy-scan'), topics);
    await recorder.start();
    try {
      await waitFor('every record of the run', () => recorder.messages.length >= expected, { timeoutMs: 60_000 });
      for (const m of recorder.messages) {
        const text = `${m.key ?? ''} ${m.value ?? ''} ${JSON.stringify(m.headers)}`;
        for (const value of values) if (text.includes(value)) found.push(`topic ${m.topic}@${m.offset}: ${value}`);
      }
    } finally {
      await recorder.stop();
    }
    return found;
  }
});
