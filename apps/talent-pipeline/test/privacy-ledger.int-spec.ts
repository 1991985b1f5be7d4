import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { Webhook } from 'standardwebhooks';
import { DisclosureRecorded, Topics } from '@app/contracts';
import { EventPublisher, newCloudEvent } from '@app/messaging';
import {
  allowPlacement,
  fetchChecked,
  grantPlacementConsent,
  httpJson,
  operatorHeaders,
  RecordedMessage,
  testKafka,
  testMongoUri,
  TopicRecorder,
  waitFor,
  WebhookReceiver,
} from '@app/testing';
import { ADMIN_TOKEN, seedActiveInternship, signAgreement, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(120_000);

/**
 * Issue 12, talent pipeline side: consent published for the other services' copies, consent
 * checked at every disclosure path to an enterprise, the disclosure ledger (own entries per
 * path and the other services' gathered from privacy.disclosure.v1), the data subject access
 * export, and the operator access log. Real Kafka and Mongo.
 */
describe('privacy: consent events, disclosure ledger, DSAR export, operator access log (real Kafka + Mongo)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let consents: TopicRecorder;
  let receiver: WebhookReceiver;
  let hookUrl: string;

  const url = (path: string) => `${service.baseUrl}${path}`;
  const get = (path: string, token = ADMIN_TOKEN, extra: Parameters<typeof httpJson>[2] = {}) =>
    httpJson('GET', url(path), { token, ...extra });
  const post = async (path: string, body: unknown, token = ADMIN_TOKEN) => {
    const response = await httpJson('POST', url(path), { token, body });
    if (response.status >= 300) throw new Error(`POST ${path} -> ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const ledgerOf = async (studentId: string) => (await get(`/v1/students/${studentId}/disclosures`)).body.items as any[];
  const consentEventsFor = (studentId: string) =>
    consents.messages
      .filter((m: RecordedMessage) => m.value !== null && JSON.parse(m.value).studentId === studentId)
      .map((m) => ({ key: m.key, type: m.headers.ce_type, data: JSON.parse(m.value!) }));

  beforeAll(async () => {
    service = await startTalentPipeline();
    consents = new TopicRecorder(testKafka('privacy-ledger-int'), [`${service.prefix}${Topics.privacyConsents}`]);
    await consents.start();
    receiver = new WebhookReceiver();
    hookUrl = await receiver.start();
  });

  afterAll(async () => {
    await consents?.stop();
    await receiver?.stop();
    await service?.close();
  });

  it('publishes privacy.consent.changed.v1 (state after the change, key = the consent, for compaction) on every grant and withdrawal, once each', async () => {
    const { school, enterprise, student } = await seedActiveInternship(service.baseUrl);
    const granted = await post(`/v1/students/${student.id}/consents`, {
      enterpriseId: enterprise.id,
      purpose: 'rd-project',
      grantedBy: 'guardian',
    });
    expect(granted).toMatchObject({ purpose: 'rd-project', inForce: true });
    await post(`/v1/students/${student.id}/consents/${granted.id}/withdraw`, {});
    // A repeated withdrawal changes nothing, so it announces nothing.
    await post(`/v1/students/${student.id}/consents/${granted.id}/withdraw`, {});

    const events = await waitFor('the placement grant, the rd-project grant and its withdrawal on privacy.consent.v1', () => {
      const seen = consentEventsFor(student.id);
      return seen.length >= 3 && seen;
    });
    const rd = events.filter((e) => e.data.consentId === granted.id);
    expect(rd).toEqual([
      {
        key: granted.id,
        type: 'privacy.consent.changed.v1',
        data: {
          consentId: granted.id,
          studentId: student.id,
          schoolId: school.id,
          enterpriseId: enterprise.id,
          purpose: 'rd-project',
          grantedAt: granted.grantedAt,
          changedAt: granted.grantedAt,
        },
      },
      {
        key: granted.id,
        type: 'privacy.consent.changed.v1',
        data: expect.objectContaining({
          consentId: granted.id,
          purpose: 'rd-project',
          withdrawnAt: expect.any(String),
          changedAt: expect.any(String),
        }),
      },
    ]);
    expect(events.filter((e) => e.data.purpose === 'placement')).toHaveLength(1);
    // The outbox was emptied once published; the consent document carries no leftovers.
    const listed = (await get(`/v1/students/${student.id}/consents`)).body.items;
    expect(Object.keys(listed[0])).not.toContain('outbox');
    expect(consentEventsFor(student.id)).toHaveLength(3);
  });

  it('an enterprise reads the placement and its evaluations with consent (ledger first); after withdrawal: redacted placement, 404 attendance, no entry', async () => {
    const { enterprise, student, placement } = await seedActiveInternship(service.baseUrl);
    const enterprisePath = `/v1/enterprises/${enterprise.id}/placements`;
    await post(
      `${enterprisePath}/${placement.id}/evaluations`,
      { evaluator: 'Supervisor Zhang', scores: { safety: 5 }, comment: 'careful' },
      enterprise.apiKey,
    );

    const before = await get(`${enterprisePath}/${placement.id}`, enterprise.apiKey);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      studentId: student.id,
      programme: 'mechatronics',
      evaluations: [expect.objectContaining({ comment: 'careful' })],
    });
    expect(before.body.redacted).toBeUndefined();
    expect((await get(enterprisePath, enterprise.apiKey)).body.items[0]).toMatchObject({ studentId: student.id });
    expect((await get(`${enterprisePath}/${placement.id}/attendance`, enterprise.apiKey)).body).toMatchObject({ studentId: student.id });

    const placementConsent = (await get(`/v1/students/${student.id}/consents`)).body.items.find((c: any) => c.purpose === 'placement');
    const ledger = await ledgerOf(student.id);
    expect(ledger.map((e) => e.route).sort()).toEqual([
      'GET /v1/enterprises/{enterpriseId}/placements',
      'GET /v1/enterprises/{enterpriseId}/placements/{id}',
      'GET /v1/enterprises/{enterpriseId}/placements/{id}/attendance',
    ]);
    expect(ledger.find((e) => e.route.endsWith('/placements/{id}'))).toMatchObject({
      recipient: { kind: 'enterprise', id: enterprise.id },
      channel: 'api',
      basis: { kind: 'consent', consentId: placementConsent.id },
      purpose: 'placement',
      fields: ['studentId', 'programme', 'cohort', 'agreement.signatures.signedBy', 'evaluations'],
    });

    await post(`/v1/students/${student.id}/consents/${placementConsent.id}/withdraw`, {});

    const after = await get(`${enterprisePath}/${placement.id}`, enterprise.apiKey);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({
      id: placement.id,
      role: 'CNC intern',
      status: 'active',
      redacted: { reason: 'consent not in force' },
    });
    expect(JSON.stringify(after.body)).not.toMatch(
      new RegExp(`${student.id}|mechatronics|careful|Supervisor Zhang|student representative`),
    );
    const listed = (await get(enterprisePath, enterprise.apiKey)).body.items;
    expect(listed).toEqual([expect.objectContaining({ id: placement.id, redacted: expect.any(Object) })]);
    expect(listed[0].studentId).toBeUndefined();
    const attendance = await get(`${enterprisePath}/${placement.id}/attendance`, enterprise.apiKey);
    expect(attendance.status).toBe(404);
    expect(attendance.contentType).toContain('application/problem+json');
    expect(attendance.body.title).toBe('attendance not disclosed');
    expect(await ledgerOf(student.id)).toHaveLength(3);

    // The student's own school and the operator still read the whole placement.
    expect((await get(`/v1/placements/${placement.id}`)).body.evaluations).toHaveLength(1);
  });

  it('records each student in a matching answer, and each school webhook delivery (basis own-school), once per delivery', async () => {
    const { school, enterprise, student, placement } = await seedActiveInternship(service.baseUrl);
    // Matching: a second, available student of the same school with consent to matching.
    const candidate = await post('/v1/students', {
      schoolId: school.id,
      givenName: 'Zhao',
      familyName: 'Min',
      programme: 'mechatronics',
      cohort: '2025',
      skills: [{ label: 'CNC programming' }],
      availability: { from: '2026-01-01', to: '2026-12-31' },
    });
    const matchingConsent = await post(`/v1/students/${candidate.id}/consents`, {
      enterpriseId: enterprise.id,
      purpose: 'matching',
      grantedBy: 'student',
    });
    const requisition = await post(
      `/v1/enterprises/${enterprise.id}/requisitions`,
      {
        role: 'CNC trainee',
        skills: [{ label: 'CNC programming' }],
        headcount: 1,
        kind: 'internship',
        period: { from: '2026-05-01', to: '2026-05-31' },
        location: 'Suzhou',
      },
      enterprise.apiKey,
    );
    const matches = await get(`/v1/enterprises/${enterprise.id}/requisitions/${requisition.id}/matches`, enterprise.apiKey);
    expect(matches.body.items.map((m: any) => m.studentId)).toEqual([candidate.id]);
    expect(await ledgerOf(candidate.id)).toEqual([
      expect.objectContaining({
        recipient: { kind: 'enterprise', id: enterprise.id },
        basis: { kind: 'consent', consentId: matchingConsent.id },
        channel: 'api',
        purpose: 'matching',
        schoolId: school.id,
        fields: ['studentId', 'programme', 'cohort', 'skills', 'availability'],
      }),
    ]);

    // Webhook: the school's subscription receives the completion; the ledger says so once. The
    // `started` outcome reached the school's feed before the subscription existed (waited for).
    await waitFor('the started outcome in the school feed', async () =>
      (await get(`/v1/schools/${school.id}/placement-outcomes`, school.apiKey)).body.items.some(
        (i: any) => i.event.data.placementId === placement.id,
      ),
    );
    const subscription = await post(`/v1/schools/${school.id}/webhook-subscriptions`, { url: hookUrl }, school.apiKey);
    await post(`/v1/placements/${placement.id}/transitions`, { to: 'completed' });
    await waitFor('the completion webhook', () => receiver.received.some((r) => JSON.parse(r.body).data?.placementId === placement.id));
    const webhookEntries = (await ledgerOf(student.id)).filter((e) => e.channel === 'webhook');
    expect(webhookEntries).toEqual([
      expect.objectContaining({
        recipient: { kind: 'school', id: school.id },
        basis: { kind: 'own-school' },
        purpose: 'talent.placement.completed.v1',
        subscriptionId: subscription.id,
        fields: ['studentId', 'programme', 'cohort', 'endOfPlacement'],
      }),
    ]);
    // A replay (started and completed) is two more deliveries, hence two more entries.
    const replay = await post(
      `/v1/schools/${school.id}/webhook-subscriptions/${subscription.id}/replay`,
      { since: '2020-01-01T00:00:00Z' },
      school.apiKey,
    );
    expect(replay.enqueued).toBe(2);
    expect(
      (await ledgerOf(student.id))
        .filter((e) => e.channel === 'webhook')
        .map((e) => e.purpose)
        .sort(),
    ).toEqual(['talent.placement.completed.v1', 'talent.placement.completed.v1', 'talent.placement.started.v1']);
  });

  it('sends a hire to the school and to the enterprise (signed); the enterprise gets the student only with consent in force at the attempt', async () => {
    const school = await post('/v1/schools', { name: 'Webhook College', country: 'CN' });
    const enterprise = await post('/v1/enterprises', { name: 'Webhook Works', country: 'CN' });
    const register = (givenName: string) =>
      post('/v1/students', { schoolId: school.id, givenName, familyName: 'Hook', programme: 'welding', cohort: '2024' });
    const [kept, withdrawn] = [await register('Kept'), await register('Withdrawn')];
    await allowPlacement({
      baseUrl: service.baseUrl,
      adminToken: ADMIN_TOKEN,
      schoolId: school.id,
      enterpriseId: enterprise.id,
      studentId: kept.id,
    });
    const withdrawnConsent = await grantPlacementConsent({
      baseUrl: service.baseUrl,
      adminToken: ADMIN_TOKEN,
      enterpriseId: enterprise.id,
      studentId: withdrawn.id,
    });
    const enterpriseReceiver = new WebhookReceiver();
    const enterpriseHook = await enterpriseReceiver.start();
    try {
      const forEnterprise = await post(
        `/v1/enterprises/${enterprise.id}/webhook-subscriptions`,
        { url: enterpriseHook, eventTypes: ['talent.placement.hired.v1'] },
        enterprise.apiKey,
      );
      await post(
        `/v1/schools/${school.id}/webhook-subscriptions`,
        { url: hookUrl, eventTypes: ['talent.placement.hired.v1'] },
        school.apiKey,
      );
      expect((await get(`/v1/enterprises/${enterprise.id}/webhook-subscriptions`, enterprise.apiKey)).body.items).toEqual([
        expect.objectContaining({ id: forEnterprise.id, enterpriseId: enterprise.id, status: 'active' }),
      ]);
      expect((await get(`/v1/schools/${school.id}/webhook-subscriptions`, school.apiKey)).body.items).toHaveLength(1);

      const activePlacement = async (studentId: string) => {
        const placement = await post('/v1/placements', {
          studentId,
          enterpriseId: enterprise.id,
          kind: 'internship',
          role: 'Welder',
          startDate: '2026-03-01',
        });
        for (const to of ['offered', 'accepted']) await post(`/v1/placements/${placement.id}/transitions`, { to });
        await signAgreement(service.baseUrl, placement.id);
        await post(`/v1/placements/${placement.id}/transitions`, { to: 'active' });
        return placement.id as string;
      };
      const [keptPlacement, withdrawnPlacement] = [await activePlacement(kept.id), await activePlacement(withdrawn.id)];
      await post(`/v1/students/${withdrawn.id}/consents/${withdrawnConsent}/withdraw`, {});
      for (const id of [keptPlacement, withdrawnPlacement]) await post(`/v1/placements/${id}/transitions`, { to: 'hired' });

      const hireTo = (receiver: WebhookReceiver, placementId: string) =>
        waitFor(`the hire of ${placementId}`, () => receiver.received.find((r) => JSON.parse(r.body).data.placementId === placementId));
      const keptAtEnterprise = await hireTo(enterpriseReceiver, keptPlacement);
      new Webhook(forEnterprise.secret).verify(keptAtEnterprise.body, keptAtEnterprise.headers as Record<string, string>);
      expect(JSON.parse(keptAtEnterprise.body)).toMatchObject({
        type: 'talent.placement.hired.v1',
        data: { studentId: kept.id, programme: 'welding' },
      });
      const withdrawnAtEnterprise = JSON.parse((await hireTo(enterpriseReceiver, withdrawnPlacement)).body);
      expect(withdrawnAtEnterprise.data).toMatchObject({
        placementId: withdrawnPlacement,
        outcome: 'hired',
        redacted: { reason: 'consent not in force' },
      });
      expect(JSON.stringify(withdrawnAtEnterprise)).not.toMatch(new RegExp(`${withdrawn.id}|welding`));
      const log = await waitFor('both enterprise deliveries logged as delivered', async () => {
        const page = await get(`/v1/enterprises/${enterprise.id}/webhook-subscriptions/${forEnterprise.id}/deliveries`, enterprise.apiKey);
        return page.body.items.filter((d: any) => d.status === 'delivered').length === 2 && page.body;
      });
      expect(log.items.map((d: any) => d.eventType)).toEqual(['talent.placement.hired.v1', 'talent.placement.hired.v1']);
      expect(JSON.stringify(log)).not.toContain(kept.id);
      // The school gets both, whole: its own students.
      expect(JSON.parse((await hireTo(receiver, withdrawnPlacement)).body).data.studentId).toBe(withdrawn.id);
      await hireTo(receiver, keptPlacement);

      const webhookEntries = async (studentId: string) => (await ledgerOf(studentId)).filter((e) => e.channel === 'webhook');
      expect(await webhookEntries(kept.id)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ recipient: { kind: 'school', id: school.id }, basis: { kind: 'own-school' } }),
          expect.objectContaining({
            recipient: { kind: 'enterprise', id: enterprise.id },
            basis: { kind: 'consent', consentId: expect.any(String) },
            purpose: 'placement',
            subscriptionId: forEnterprise.id,
            fields: ['studentId', 'programme', 'cohort'],
          }),
        ]),
      );
      expect(await webhookEntries(kept.id)).toHaveLength(2);
      // Withdrawn: only the school's delivery is a disclosure.
      expect((await webhookEntries(withdrawn.id)).map((e) => e.recipient.kind)).toEqual(['school']);
      // Another enterprise cannot see or change this subscription.
      expect(
        (
          await httpJson('PATCH', url(`/v1/enterprises/${enterprise.id}/webhook-subscriptions/${forEnterprise.id}`), {
            token: school.apiKey,
            body: { status: 'disabled' },
          })
        ).status,
      ).toBe(401);
    } finally {
      await enterpriseReceiver.stop();
    }
  });

  it('gathers a disclosure the R&D service announced (idempotent by disclosureId) and exports the whole ledger as JSON and CSV', async () => {
    const { school, enterprise, student } = await seedActiveInternship(service.baseUrl);
    await post(`/v1/students/${student.id}/consents`, {
      enterpriseId: enterprise.id,
      purpose: 'data-sharing-with-enterprise',
      grantedBy: 'student',
    });
    expect((await get(`/v1/enterprises/${enterprise.id}/students/${student.id}`, enterprise.apiKey)).status).toBe(200);

    const disclosureId = randomUUID();
    const announced = newCloudEvent(DisclosureRecorded, {
      source: 'urn:school-enterprise:rd-collaboration',
      data: {
        disclosureId,
        personId: student.id,
        personKind: 'student',
        schoolId: school.id,
        service: 'rd-collaboration',
        recipient: { kind: 'enterprise', id: enterprise.id },
        fields: ['name', 'role'],
        basis: { kind: 'consent', consentId: 'rd-consent-copy-1' },
        channel: 'api',
        // A comma, a quote and a formula start, as a CSV export must survive them.
        purpose: '=GET /v1/projects/{projectId}, "participants"',
        disclosedAt: new Date(Date.now() - 60_000).toISOString(),
      },
    });
    const publisher = service.app.get(EventPublisher);
    // Published twice, as a redelivery would: stored once.
    for (let i = 0; i < 2; i++)
      await publisher.publish([{ id: announced.id, topic: Topics.privacyDisclosures, key: student.id, event: announced }]);
    const gathered = await waitFor('the R&D disclosure in the ledger', async () =>
      (await ledgerOf(student.id)).find((e) => e.service === 'rd-collaboration'),
    );
    expect(gathered).toMatchObject({ id: disclosureId, recipient: { kind: 'enterprise', id: enterprise.id }, fields: ['name', 'role'] });
    // The same disclosure again under a new event id, then a marker: same key, same partition,
    // so once the marker is stored the repeat has been handled too.
    await publisher.publish([
      { id: randomUUID(), topic: Topics.privacyDisclosures, key: student.id, event: { ...announced, id: randomUUID() } },
    ]);
    const marker = newCloudEvent(DisclosureRecorded, {
      source: 'urn:school-enterprise:teacher-secondment',
      data: {
        ...announced.data,
        disclosureId: randomUUID(),
        service: 'teacher-secondment',
        purpose: 'secondment record',
        disclosedAt: new Date(Date.now() - 30_000).toISOString(),
      },
    });
    await publisher.publish([{ id: marker.id, topic: Topics.privacyDisclosures, key: student.id, event: marker }]);
    await waitFor('the marker disclosure', async () => (await ledgerOf(student.id)).some((e) => e.id === marker.data.disclosureId));

    const json = await get(`/v1/students/${student.id}/disclosures/export`);
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ personId: student.id, services: ['rd-collaboration', 'talent-pipeline', 'teacher-secondment'] });
    const items = json.body.items as any[];
    expect(items.filter((e) => e.id === disclosureId)).toHaveLength(1);
    expect(items.map((e) => e.disclosedAt)).toEqual([...items.map((e) => e.disclosedAt)].sort());
    // The R&D read was a minute ago, so it comes first; the export itself is the last entry.
    expect(items[1]).toMatchObject({ service: 'teacher-secondment', purpose: 'secondment record' });
    expect(items[0]).toMatchObject({
      service: 'rd-collaboration',
      channel: 'api',
      basis: { kind: 'consent', consentId: 'rd-consent-copy-1' },
    });
    expect(items.at(-1)).toMatchObject({
      channel: 'export',
      recipient: { kind: 'operator', id: 'test-operator' },
      basis: { kind: 'legal-obligation' },
      purpose: 'data subject access request',
    });

    // httpJson checks the answer's media type against the route's documented ones.
    const csvByQuery = await httpJson('GET', url(`/v1/schools/${school.id}/students/${student.id}/disclosures/export?format=csv`), {
      token: school.apiKey,
    });
    expect(csvByQuery.status).toBe(200);
    expect(csvByQuery.contentType).toContain('text/csv');
    const csv = csvByQuery.body as string;
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'disclosedAt,service,recipientKind,recipientId,fields,basis,consentId,agreementId,channel,purpose,route,disclosureId',
    );
    expect(lines[1]).toContain(
      `rd-collaboration,enterprise,${enterprise.id},"name;role",consent,rd-consent-copy-1,,api,"'=GET /v1/projects/{projectId}, ""participants""",,${disclosureId}`,
    );
    expect(lines.at(-1)).toContain(
      `,talent-pipeline,school,${school.id},disclosure-ledger,own-school,,,export,data subject access request,`,
    );
    expect(lines.some((l) => l.includes(',talent-pipeline,enterprise,') && l.includes(',data-sharing-with-enterprise,'))).toBe(true);

    const csvByAccept = await httpJson('GET', url(`/v1/schools/${school.id}/students/${student.id}/disclosures/export`), {
      token: school.apiKey,
      headers: { accept: 'text/csv' },
    });
    expect(csvByAccept.contentType).toContain('text/csv');
    // One more export recorded: the previous one is now in the ledger too.
    expect((csvByAccept.body as string).trimEnd().split('\r\n')).toHaveLength(lines.length + 1);

    // One URL answers JSON or CSV by Accept, so every answer says so (Vary: Accept): otherwise a browser or
    // proxy cache could hand the CSV it kept to a later JSON request for the same URL, or the other way round.
    const schoolExport = `/v1/schools/${school.id}/students/${student.id}/disclosures/export`;
    const answers = [
      [`/v1/students/${student.id}/disclosures/export`, ADMIN_TOKEN, undefined],
      [`/v1/students/${student.id}/disclosures/export?format=csv`, ADMIN_TOKEN, 'application/json'],
      [schoolExport, school.apiKey, 'text/csv'],
      [`${schoolExport}?format=json`, school.apiKey, 'text/csv'],
    ] as const;
    for (const [path, token, accept] of answers) {
      const answer = await fetchChecked(url(path), {
        headers: { authorization: `Bearer ${token}`, ...operatorHeaders(undefined, token), ...(accept ? { accept } : {}) },
      });
      expect({ path, accept, status: answer.status, vary: (answer.headers.get('vary') ?? '').toLowerCase() }).toEqual({
        path,
        accept,
        status: 200,
        vary: expect.stringMatching(/(^|,)\s*accept\s*(,|$)/),
      });
    }

    // Another school's key on its own path does not reach this student.
    const other = await post('/v1/schools', { name: 'Other College', country: 'CN' });
    expect((await get(`/v1/schools/${other.id}/students/${student.id}/disclosures/export`, other.apiKey)).status).toBe(404);
    expect((await get(`/v1/students/${student.id}/disclosures/export?format=xml`)).status).toBe(400);
  });

  it('keeps the ledger readable and exportable after the student record is gone (the proof of who received what)', async () => {
    const { school, enterprise, student } = await seedActiveInternship(service.baseUrl);
    await post(`/v1/students/${student.id}/consents`, {
      enterpriseId: enterprise.id,
      purpose: 'data-sharing-with-enterprise',
      grantedBy: 'student',
    });
    expect((await get(`/v1/enterprises/${enterprise.id}/students/${student.id}`, enterprise.apiKey)).status).toBe(200);
    const mongo = await new MongoClient(testMongoUri(service.database)).connect();
    try {
      await mongo
        .db(service.database)
        .collection('students')
        .deleteOne({ _id: student.id as never });
    } finally {
      await mongo.close();
    }
    expect((await get(`/v1/students/${student.id}`)).status).toBe(404);
    expect(await ledgerOf(student.id)).toEqual([expect.objectContaining({ recipient: { kind: 'enterprise', id: enterprise.id } })]);
    const exported = await get(`/v1/schools/${school.id}/students/${student.id}/disclosures/export`, school.apiKey);
    expect(exported.status).toBe(200);
    expect(exported.body.items.map((e: any) => e.channel)).toEqual(['api', 'export']);
    const other = await post('/v1/schools', { name: 'Elsewhere College', country: 'CN' });
    expect((await get(`/v1/schools/${other.id}/students/${student.id}/disclosures/export`, other.apiKey)).status).toBe(404);
  });

  it('refuses operator reads of personal data without X-Operator-Id or X-Access-Reason (400 naming the header) and logs every read: who, why, what, when', async () => {
    const { student, placement } = await seedActiveInternship(service.baseUrl);
    const routes = [
      `/v1/students/${student.id}`,
      `/v1/students/${student.id}/consents`,
      `/v1/students/${student.id}/disclosures`,
      `/v1/students/${student.id}/disclosures/export`,
      `/v1/placements/${placement.id}`,
      `/v1/placements/${placement.id}/attendance`,
      `/v1/placements?studentId=${student.id}`,
    ];
    const reviewQueue = await get('/v1/erp/review-queue', ADMIN_TOKEN, { operator: false });
    expect(reviewQueue.status).toBe(400);
    expect(reviewQueue.body.errors.map((e: any) => e.field)).toEqual(['X-Operator-Id', 'X-Access-Reason']);
    for (const route of routes) {
      const bare = await get(route, ADMIN_TOKEN, { operator: false });
      expect({ route, status: bare.status, type: bare.contentType }).toEqual({
        route,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
      });
      expect(bare.body.errors.map((e: any) => e.field)).toEqual(['X-Operator-Id', 'X-Access-Reason']);
      const noReason = await get(route, ADMIN_TOKEN, { operator: false, headers: { 'x-operator-id': 'ops:alice' } });
      expect(noReason.body.errors.map((e: any) => e.field)).toEqual(['X-Access-Reason']);
    }
    const log = async (query: string) => (await get(`/v1/operator/access-log?${query}`)).body.items as any[];
    expect(await log(`studentId=${student.id}`)).toEqual([]);

    const start = new Date().toISOString();
    const alice = { id: 'ops:alice', reason: 'ticket DSAR-17: the student asked for a copy' };
    for (const route of routes) expect((await get(route, ADMIN_TOKEN, { operator: alice })).status).toBe(200);
    await get(`/v1/students/${student.id}`, ADMIN_TOKEN, { operator: { id: 'ops:bob', reason: 'audit' } });
    const end = new Date(Date.now() + 1).toISOString();

    const aboutStudent = await log(`studentId=${student.id}`);
    expect(aboutStudent).toHaveLength(routes.length + 1);
    expect(aboutStudent.map((e) => e.route).sort()).toEqual(
      [
        'GET /v1/students/:id',
        'GET /v1/students/:id',
        'GET /v1/students/:studentId/consents',
        'GET /v1/students/:studentId/disclosures',
        'GET /v1/students/:studentId/disclosures/export',
        'GET /v1/placements/:id',
        'GET /v1/placements/:id/attendance',
        'GET /v1/placements',
      ].sort(),
    );
    const byAlice = await log(`studentId=${student.id}&operatorId=ops:alice`);
    expect(byAlice).toHaveLength(routes.length);
    expect(byAlice[0]).toMatchObject({
      operatorId: 'ops:alice',
      authenticated: false,
      reason: alice.reason,
      studentIds: [student.id],
      at: expect.any(String),
      requestId: expect.any(String),
    });
    expect(byAlice.find((e) => e.route === 'GET /v1/placements/:id')).toMatchObject({
      path: `/v1/placements/${placement.id}`,
      studentIds: [student.id],
    });
    expect(await log(`studentId=${student.id}&operatorId=ops:bob`)).toEqual([
      expect.objectContaining({ reason: 'audit', route: 'GET /v1/students/:id' }),
    ]);
    expect(await log(`studentId=${student.id}&from=${encodeURIComponent(start)}&to=${encodeURIComponent(end)}`)).toHaveLength(
      routes.length + 1,
    );
    expect(await log(`studentId=${student.id}&to=${encodeURIComponent(start)}`)).toEqual([]);
    expect(await log(`studentId=${student.id}&limit=2`)).toHaveLength(2);

    // The log is for operators only, and its filters are checked.
    expect((await get('/v1/operator/access-log', 'not-the-operator')).status).toBe(403);
    expect((await get('/v1/operator/access-log?from=yesterday')).status).toBe(400);
    expect((await get('/v1/operator/access-log?studentId=nope')).status).toBe(400);
  });
});
