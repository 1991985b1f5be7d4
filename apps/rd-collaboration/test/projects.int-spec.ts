import { RdHoursLogged, RdOutcomeRecorded, RdParticipationJoined, Topics } from '@app/contracts';
import { fetchChecked, httpJson, waitFor, TopicRecorder } from '@app/testing';
import {
  activateAgreement,
  ADMIN_TOKEN,
  projectBody,
  RdService,
  seedPair,
  selectedProposal,
  startRdCollaboration,
} from './rd-collaboration.harness';

jest.setTimeout(120_000);

describe('projects: agreement, balanced ledger, milestones, change requests, outcomes, hours published (real Kafka + Mongo)', () => {
  let rd: RdService;
  let pair: Awaited<ReturnType<typeof seedPair>>;
  let recorder: TopicRecorder;
  const call = (method: string, path: string, token: string, body?: unknown) => httpJson(method, `${rd.baseUrl}${path}`, { token, body });

  beforeAll(async () => {
    rd = await startRdCollaboration();
    recorder = new TopicRecorder(rd.kafka, [`${rd.prefix}${Topics.rdParticipation}`, `${rd.prefix}${Topics.rdProjects}`]);
    await recorder.start();
    pair = await seedPair(rd);
  });
  afterAll(async () => {
    await recorder?.stop();
    await rd?.close();
  });

  it('refuses an unbalanced ledger, bad money and a bad period with 4xx, storing nothing', async () => {
    const { proposal } = await selectedProposal(rd, pair);
    const unbalanced = projectBody(proposal.id);
    unbalanced.pledges[2].amount.amountMinor = 4_999_999;
    const refused = await call('POST', '/v1/projects', pair.enterpriseKey, unbalanced);
    expect(refused.status).toBe(422);
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.body.detail).toContain('does not balance');
    expect(refused.body.errors[0].field).toBe('pledges');

    const float = projectBody(proposal.id);
    float.pledges[0].amount.amountMinor = 20_000_000.5;
    expect((await call('POST', '/v1/projects', pair.enterpriseKey, float)).body.errors[0].field).toBe('pledges.0.amount.amountMinor');
    const otherCurrency = projectBody(proposal.id);
    otherCurrency.pledges[2].amount.currency = 'EUR';
    expect((await call('POST', '/v1/projects', pair.enterpriseKey, otherCurrency)).body.errors[0].field).toBe('pledges.2.amount.currency');
    const backwards = projectBody(proposal.id, {
      terms: { ...projectBody(proposal.id).terms, period: { start: '2026-12-31', end: '2026-01-01' } },
    });
    expect((await call('POST', '/v1/projects', pair.enterpriseKey, backwards)).body.errors[0].field).toBe('terms.period.end');
    expect((await call('POST', '/v1/projects', pair.schoolKey, projectBody(proposal.id))).status).toBe(403);

    expect((await call('GET', '/v1/projects', pair.enterpriseKey)).body.items.filter((p: any) => p.proposalId === proposal.id)).toEqual([]);

    // Once the pair's agreement is suspended, a selected proposal no longer becomes a project.
    const other = await seedPair(rd);
    const selected = await selectedProposal(rd, other);
    await activateAgreement(rd, other.schoolId, other.enterpriseId, { agreementId: other.agreementId, status: 'suspended', version: 3 });
    await waitFor(
      'the suspension copy',
      async () => (await call('GET', `/v1/agreements/${other.agreementId}`, ADMIN_TOKEN)).body.status === 'suspended',
    );
    const suspended = await call('POST', '/v1/projects', other.enterpriseKey, projectBody(selected.proposal.id));
    expect(suspended.status).toBe(422);
    expect(suspended.body.title).toBe('no R&D agreement');

    // A newer version that states programmes without `rd` (its scope still names joint R&D): no project either.
    const restated = await seedPair(rd);
    const restatedSelection = await selectedProposal(rd, restated);
    await activateAgreement(rd, restated.schoolId, restated.enterpriseId, {
      agreementId: restated.agreementId,
      version: 3,
      programmes: ['placements', 'secondments'],
    });
    await waitFor(
      'the restated copy',
      async () => (await call('GET', `/v1/agreements/${restated.agreementId}`, ADMIN_TOKEN)).body.version === 3,
    );
    const notListed = await call('POST', '/v1/projects', restated.enterpriseKey, projectBody(restatedSelection.proposal.id));
    expect(notListed.status).toBe(422);
    expect(notListed.body.title).toBe('no R&D agreement');
    // One that lists `rd` under a scope that names only internships: the project is created.
    const listed = await seedPair(rd, { scope: 'Internships in CNC machining', programmes: ['placements', 'rd'] });
    const listedSelection = await selectedProposal(rd, listed);
    expect((await call('POST', '/v1/projects', listed.enterpriseKey, projectBody(listedSelection.proposal.id))).status).toBe(201);
  });

  it('runs a project: participants, hours published for teachers, milestones accepted only by the enterprise, change requests, ledger, outcomes, closure', async () => {
    const { proposal } = await selectedProposal(rd, pair);
    const created = await call('POST', '/v1/projects', pair.enterpriseKey, projectBody(proposal.id));
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body.ledger.summary).toMatchObject({ balanced: true, budgetMinor: 30_000_000, currency: 'CNY' });
    expect((await call('POST', '/v1/projects', pair.enterpriseKey, projectBody(proposal.id))).status).toBe(409);

    // Another tenant gets 404.
    const stranger = await seedPair(rd);
    expect((await call('GET', `/v1/projects/${id}`, stranger.schoolKey)).status).toBe(404);
    expect((await call('GET', `/v1/projects/${id}`, stranger.enterpriseKey)).status).toBe(404);

    const teacher = await call('POST', `/v1/projects/${id}/participants`, pair.schoolKey, {
      kind: 'teacher',
      personId: 'teacher-zhang',
      name: 'Zhang Min',
      role: 'PI',
    });
    expect(teacher.status).toBe(201);
    const student = await call('POST', `/v1/projects/${id}/participants`, pair.schoolKey, {
      kind: 'student',
      personId: 'student-li',
      name: 'Li Wei',
      role: 'Integration',
    });
    const [teacherP, studentP] = student.body.participants;
    expect(
      (await call('POST', `/v1/projects/${id}/participants`, pair.enterpriseKey, { kind: 'teacher', personId: 'x', name: 'X', role: 'Y' }))
        .status,
    ).toBe(403);

    const hours = await call('POST', `/v1/projects/${id}/participants/${teacherP.participationId}/hours`, pair.schoolKey, {
      date: '2026-05-04',
      hours: 6.5,
      activity: 'Camera calibration',
    });
    expect(hours.status).toBe(201);
    const entry = hours.body.hours[0];
    await call('POST', `/v1/projects/${id}/participants/${studentP.participationId}/hours`, pair.schoolKey, {
      date: '2026-05-04',
      hours: 4,
      activity: 'Labelling',
    });
    const outside = await call('POST', `/v1/projects/${id}/participants/${teacherP.participationId}/hours`, pair.schoolKey, {
      date: '2027-01-02',
      hours: 2,
      activity: 'late',
    });
    expect(outside.status).toBe(422);
    expect(outside.body.errors[0].field).toBe('date');

    const published = await waitFor('the hours to reach Kafka', () => {
      const found = recorder.withHeader('ce_type', RdHoursLogged.type).filter((m) => JSON.parse(m.value!).projectId === id);
      return found.length ? found : undefined;
    });
    expect(published).toHaveLength(1); // the student's hours are not published
    expect(published[0].key).toBe('teacher-zhang');
    expect(RdHoursLogged.schema.parse(JSON.parse(published[0].value!))).toMatchObject({
      entryId: entry.entryId,
      projectId: id,
      teacherId: 'teacher-zhang',
      enterpriseId: pair.enterpriseId,
      schoolId: pair.schoolId,
      date: '2026-05-04',
      hours: 6.5,
    });
    const joined = await waitFor('joined events', () => {
      const found = recorder.withHeader('ce_type', RdParticipationJoined.type).filter((m) => JSON.parse(m.value!).projectId === id);
      return found.length === 2 ? found : undefined;
    });
    expect(joined.map((m) => JSON.parse(m.value!).participantKind).sort()).toEqual(['student', 'teacher']);

    // Milestones: inside the period; school delivers, only the enterprise accepts.
    const late = await call('POST', `/v1/projects/${id}/milestones`, pair.enterpriseKey, {
      title: 'Late',
      deliverables: ['x'],
      dueOn: '2027-02-01',
    });
    expect(late.status).toBe(422);
    expect(late.body.errors[0].field).toBe('dueOn');
    const withMilestone = await call('POST', `/v1/projects/${id}/milestones`, pair.enterpriseKey, {
      title: 'Prototype',
      deliverables: ['Camera rig', 'Test report'],
      dueOn: '2026-07-31',
    });
    const milestoneId = withMilestone.body.milestones[0].milestoneId;
    const act = (token: string, action: string) => call('POST', `/v1/projects/${id}/milestones/${milestoneId}/actions`, token, { action });
    expect((await act(pair.schoolKey, 'deliver')).status).toBe(200);
    const wrongParty = await act(pair.schoolKey, 'accept');
    expect(wrongParty.status).toBe(403);
    expect(wrongParty.body.detail).toContain('only the enterprise');
    expect((await act(ADMIN_TOKEN, 'accept')).status).toBe(403);
    const accepted = await act(pair.enterpriseKey, 'accept');
    expect(accepted.body.milestones[0].status).toBe('accepted');

    // Change request: proposed by the school, decided by the enterprise, not by the school itself.
    const proposed = await call('POST', `/v1/projects/${id}/change-requests`, pair.schoolKey, {
      description: 'Extend for a second line trial',
      newEnd: '2027-03-31',
    });
    const crId = proposed.body.changeRequests[0].changeRequestId;
    expect(
      (await call('POST', `/v1/projects/${id}/change-requests/${crId}/decision`, pair.schoolKey, { decision: 'approved' })).status,
    ).toBe(403);
    const approved = await call('POST', `/v1/projects/${id}/change-requests/${crId}/decision`, pair.enterpriseKey, {
      decision: 'approved',
    });
    expect(approved.body.terms.period.end).toBe('2027-03-31');
    const shrink = await call('POST', `/v1/projects/${id}/change-requests`, pair.enterpriseKey, {
      description: 'Cut short',
      newEnd: '2026-06-30',
    });
    const shrinkId = shrink.body.changeRequests[1].changeRequestId;
    const refusedShrink = await call('POST', `/v1/projects/${id}/change-requests/${shrinkId}/decision`, pair.schoolKey, {
      decision: 'approved',
    });
    expect(refusedShrink.status).toBe(422);
    expect((await call('GET', `/v1/projects/${id}`, pair.schoolKey)).body.changeRequests[1].status).toBe('proposed');

    // Ledger deliveries: by the pledging side, never beyond the pledge.
    const deliver = (token: string, pledgeId: string, amountMinor: number) =>
      call('POST', `/v1/projects/${id}/contributions`, token, {
        pledgeId,
        amount: { currency: 'CNY', amountMinor },
        deliveredOn: '2026-05-01',
      });
    expect((await deliver(pair.enterpriseKey, 'pledge-1', 15_000_000)).status).toBe(201);
    const over = await deliver(pair.enterpriseKey, 'pledge-1', 5_000_001);
    expect(over.status).toBe(422);
    expect(over.body.errors[0].field).toBe('amount.amountMinor');
    expect((await deliver(pair.schoolKey, 'pledge-1', 1)).status).toBe(403);
    const ledger = (await deliver(pair.schoolKey, 'pledge-3', 2_000_000)).body.ledger.summary;
    expect(ledger.sides).toEqual([
      {
        side: 'enterprise',
        pledgedMinor: 25_000_000,
        deliveredMinor: 15_000_000,
        outstandingMinor: 10_000_000,
        cashMinor: 15_000_000,
        inKindMinor: 0,
      },
      {
        side: 'school',
        pledgedMinor: 5_000_000,
        deliveredMinor: 2_000_000,
        outstandingMinor: 3_000_000,
        cashMinor: 0,
        inKindMinor: 2_000_000,
      },
    ]);

    // Outcomes.
    const patent = await call('POST', `/v1/projects/${id}/outcomes`, pair.enterpriseKey, {
      kind: 'patent',
      title: 'Polarised scratch detection',
      patent: { status: 'filed', applicationNumber: 'CN202610001234.5', office: 'CNIPA', filedOn: '2026-09-01' },
    });
    expect(patent.status).toBe(201);
    const badGrant = await call('POST', `/v1/projects/${id}/outcomes`, pair.enterpriseKey, {
      kind: 'patent',
      title: 'x',
      patent: { status: 'granted', applicationNumber: 'A', office: 'CNIPA', filedOn: '2026-09-01' },
    });
    expect(badGrant.body.errors[0].field).toBe('patent.patentNumber');
    await call('POST', `/v1/projects/${id}/outcomes`, pair.schoolKey, {
      kind: 'process-improvement',
      title: 'False rejects down',
      measurement: { metric: 'false-reject rate', unit: '%', baseline: 6, result: 0.8 },
    });

    const closed = await call('POST', `/v1/projects/${id}/close`, pair.enterpriseKey, { summary: 'Line trial passed.' });
    expect(closed.body.status).toBe('closed');
    expect(
      (
        await call('POST', `/v1/projects/${id}/outcomes`, pair.schoolKey, {
          kind: 'publication',
          title: 't',
          publication: { citation: 'c' },
        })
      ).status,
    ).toBe(409);
    const report = (await call('GET', `/v1/projects/${id}/closure-report`, pair.schoolKey)).body;
    expect(report.outcomes.patents).toEqual([expect.objectContaining({ applicationNumber: 'CN202610001234.5', status: 'filed' })]);
    expect(report.outcomes.processImprovements[0]).toMatchObject({ metric: 'false-reject rate', baseline: 6, result: 0.8, change: -5.2 });
    expect(report.milestones).toMatchObject({ total: 1, accepted: 1 });
    expect(report.people).toEqual({ teachers: 1, students: 1, refused: 0, enteredInError: 0, teacherHours: 6.5 });

    await waitFor('the project facts on rd.project.v1', () => {
      const types = recorder.messages.filter((m) => m.key === id).map((m) => m.headers.ce_type);
      return [
        'rd.project.started.v1',
        'rd.project.contribution-delivered.v1',
        'rd.project.outcome-recorded.v1',
        'rd.project.closed.v1',
      ].every((t) => types.includes(t));
    });
  });
  it('does not approve a new end that leaves a recorded delivery outside the project period', async () => {
    const { proposal } = await selectedProposal(rd, pair);
    const id = (await call('POST', '/v1/projects', pair.enterpriseKey, projectBody(proposal.id))).body.id;
    const delivered = await call('POST', `/v1/projects/${id}/contributions`, pair.enterpriseKey, {
      pledgeId: 'pledge-1',
      amount: { currency: 'CNY', amountMinor: 1_000_000 },
      deliveredOn: '2026-11-15',
    });
    expect(delivered.status).toBe(201);
    const shrink = await call('POST', `/v1/projects/${id}/change-requests`, pair.schoolKey, {
      description: 'Cut short',
      newEnd: '2026-10-31',
    });
    const shrinkId = shrink.body.changeRequests[0].changeRequestId;

    const decided = await call('POST', `/v1/projects/${id}/change-requests/${shrinkId}/decision`, pair.enterpriseKey, {
      decision: 'approved',
    });
    expect(decided.status).toBe(422);
    expect(decided.contentType).toContain('application/problem+json');
    expect(decided.body.errors[0]).toMatchObject({ field: 'newEnd', message: expect.stringContaining('2026-11-15') });
    const project = (await call('GET', `/v1/projects/${id}`, pair.schoolKey)).body;
    expect(project.terms.period).toEqual({ start: '2026-04-01', end: '2026-12-31' });
    expect(project.changeRequests[0].status).toBe('proposed');
  });

  it('records a granted patent, a product, a technology transfer and a publication on an open project: in the closure report and on rd.project.v1', async () => {
    const { proposal } = await selectedProposal(rd, pair);
    const id = (await call('POST', '/v1/projects', pair.enterpriseKey, projectBody(proposal.id))).body.id;
    const outcomes = [
      {
        token: pair.enterpriseKey,
        body: {
          kind: 'patent',
          title: 'Polarised scratch detection (granted)',
          patent: {
            status: 'granted',
            applicationNumber: 'CN202610009876.1',
            patentNumber: 'CN118765432B',
            office: 'CNIPA',
            filedOn: '2026-04-02',
            grantedOn: '2026-11-20',
          },
        },
      },
      {
        token: pair.enterpriseKey,
        body: { kind: 'product', title: 'Inline inspection cell', product: { name: 'VisionCell 2', novelty: 'new' } },
      },
      {
        token: pair.schoolKey,
        body: {
          kind: 'technology-transfer',
          title: 'Licence of the labelling toolkit',
          transfer: { licensee: 'Precision Motors Suzhou', agreementRef: 'TT-2026-014', signedOn: '2026-10-15' },
        },
      },
      {
        token: pair.schoolKey,
        body: {
          kind: 'publication',
          title: 'Polarised light for scratch detection',
          publication: { citation: 'Zhang M., Li W. (2026). J. Vocational Eng. 12(3), 45-52.', doi: '10.1234/jve.2026.045' },
        },
      },
    ];
    for (const { token, body } of outcomes) {
      const recorded = await call('POST', `/v1/projects/${id}/outcomes`, token, body);
      expect(recorded.status).toBe(201);
    }

    const report = await call('GET', `/v1/projects/${id}/closure-report`, pair.enterpriseKey);
    expect(report.status).toBe(200);
    expect(report.body.status).toBe('active');
    expect(report.body.outcomes).toEqual({
      patents: [
        {
          title: 'Polarised scratch detection (granted)',
          status: 'granted',
          applicationNumber: 'CN202610009876.1',
          patentNumber: 'CN118765432B',
          office: 'CNIPA',
          filedOn: '2026-04-02',
          grantedOn: '2026-11-20',
        },
      ],
      products: [{ title: 'Inline inspection cell', name: 'VisionCell 2', novelty: 'new' }],
      processImprovements: [],
      technologyTransfers: [
        {
          title: 'Licence of the labelling toolkit',
          licensee: 'Precision Motors Suzhou',
          agreementRef: 'TT-2026-014',
          signedOn: '2026-10-15',
        },
      ],
      publications: [
        {
          title: 'Polarised light for scratch detection',
          citation: 'Zhang M., Li W. (2026). J. Vocational Eng. 12(3), 45-52.',
          doi: '10.1234/jve.2026.045',
        },
      ],
    });

    const published = await waitFor('the four outcome events on rd.project.v1', () => {
      const found = recorder.withHeader('ce_type', RdOutcomeRecorded.type).filter((m) => m.key === id);
      return found.length === 4 ? found : undefined;
    });
    const facts = published.map((m) => RdOutcomeRecorded.schema.parse(JSON.parse(m.value!)));
    expect(facts.map((f) => [f.kind, f.title])).toEqual(outcomes.map(({ body }) => [body.kind, body.title]));
    for (const fact of facts) expect(fact).toMatchObject({ projectId: id, enterpriseId: pair.enterpriseId, schoolId: pair.schoolId });
  });

  it('logs a retried entry once with an Idempotency-Key (one stored entry, one event), refuses a reused key for other hours, and bounds path ids', async () => {
    const { proposal } = await selectedProposal(rd, pair);
    const id = (await call('POST', '/v1/projects', pair.enterpriseKey, projectBody(proposal.id))).body.id;
    const teacher = await call('POST', `/v1/projects/${id}/participants`, pair.schoolKey, {
      kind: 'teacher',
      personId: 'teacher-retry',
      name: 'T',
      role: 'R',
    });
    const participationId = teacher.body.participants[0].participationId;
    const log = (body: object) =>
      fetchChecked(`${rd.baseUrl}/v1/projects/${id}/participants/${participationId}/hours`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${pair.schoolKey}`,
          'content-type': 'application/json',
          'idempotency-key': 'timesheet-2026-05-06',
        },
        body: JSON.stringify(body),
      });
    const entry = { date: '2026-05-06', hours: 3, activity: 'Fixture tests' };
    expect((await log(entry)).status).toBe(201);
    expect((await log(entry)).status).toBe(201);
    const reused = await log({ ...entry, hours: 4 });
    expect(reused.status).toBe(422);
    const project = (await call('GET', `/v1/projects/${id}`, pair.schoolKey)).body;
    expect(project.hours).toHaveLength(1);
    // Closed meanwhile: the retry of stored hours is answered as the first time (its answer was lost, not its write);
    // new hours, or other hours under the key, are refused as on any closed project.
    expect((await call('POST', `/v1/projects/${id}/close`, pair.enterpriseKey, { summary: 'Done.' })).body.status).toBe('closed');
    const retriedAfterClosure = await log(entry);
    expect(retriedAfterClosure.status).toBe(201);
    expect(retriedAfterClosure.body.hours).toHaveLength(1);
    expect((await log({ ...entry, hours: 4 })).status).toBe(409);
    await waitFor('the entry on Kafka', () =>
      recorder.withHeader('ce_type', RdHoursLogged.type).some((m) => JSON.parse(m.value!).projectId === id),
    );
    // Give a duplicate time to show up, then count.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(recorder.withHeader('ce_type', RdHoursLogged.type).filter((m) => JSON.parse(m.value!).projectId === id)).toHaveLength(1);

    const longId = await call('GET', `/v1/projects/${'x'.repeat(101)}`, pair.schoolKey);
    expect(longId.status).toBe(400);
    expect(longId.body.errors[0].field).toBe('id');
  });
});
