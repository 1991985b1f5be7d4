import { randomUUID } from 'node:crypto';
import { AgreementDrafted, AgreementStatus, AgreementStatusChanged, Topics } from '@app/contracts';
import { AgreementCopyDocument, AgreementDirectoryRepository } from '@app/partner-directory';
import { httpJson, waitForConsumed } from '@app/testing';
import { ADMIN_TOKEN, RdService, startRdCollaboration } from './rd-collaboration.harness';

jest.setTimeout(90_000);

/**
 * The scorecard's agreements per quarter follow each agreement's status history, which the
 * partner directory's copy learns from the agreement events (ADR 0029 amendment): real Kafka
 * delivery into the copy, then the scorecard read over HTTP.
 */
describe('scorecard: agreements active per quarter, from the copies status history (real Kafka + Mongo)', () => {
  let rd: RdService;
  let copies: AgreementDirectoryRepository;

  beforeAll(async () => {
    rd = await startRdCollaboration();
    copies = rd.app.get(AgreementDirectoryRepository, { strict: false });
  });
  afterAll(async () => {
    await rd?.close();
  });

  const pair = () => ({ schoolId: randomUUID(), enterpriseId: randomUUID() });
  const terms = (p: { schoolId: string; enterpriseId: string }, agreementId: string) => ({
    agreementId,
    ...p,
    scope: 'Apprenticeships and joint R&D in machining',
    period: { from: '2026-01-01', to: '2026-12-31' },
    placementKinds: ['internship' as const],
  });

  /** Publishes an agreement's events as the talent pipeline would: version 1 drafted, then one status change per version. */
  const publisher = (p: { schoolId: string; enterpriseId: string }, agreementId = randomUUID()) => {
    let previous: AgreementStatus = 'draft';
    return {
      agreementId,
      drafted: (createdAt: string) =>
        rd.produce(AgreementDrafted, { ...terms(p, agreementId), status: 'draft', version: 1, createdAt }, agreementId),
      changed: (version: number, status: AgreementStatus, changedAt: string) => {
        const event = rd.produce(
          AgreementStatusChanged,
          { ...terms(p, agreementId), status, version, previousStatus: previous, changedAt },
          agreementId,
        );
        previous = status;
        return event;
      },
    };
  };

  const copyAt = (agreementId: string, check: (copy: AgreementCopyDocument) => boolean, what: string) =>
    waitForConsumed(rd, what, async () => {
      const copy = await copies.findById(agreementId);
      return copy && check(copy) ? copy : undefined;
    });
  const history = (copy: AgreementCopyDocument) => copy.statusHistory?.map(({ status, from, version }) => ({ version, status, from }));

  it('counts an agreement in the quarters it was active in: terminated in Q3 is gone in Q4, suspended for all of Q2 is not in Q2', async () => {
    const p = pair();
    const terminated = publisher(p);
    await terminated.drafted('2025-11-20T09:00:00.000Z');
    await terminated.changed(2, 'active', '2025-12-15T10:00:00.000Z');
    await terminated.changed(3, 'terminated', '2026-08-10T12:00:00.000Z');

    const suspended = publisher(p);
    await suspended.drafted('2025-12-01T09:00:00.000Z');
    await suspended.changed(2, 'active', '2025-12-20T09:00:00.000Z');
    await suspended.changed(3, 'suspended', '2026-03-25T08:00:00.000Z');
    await suspended.changed(4, 'active', '2026-07-01T00:00:00.000Z');

    // A copy written before the history existed (no statusHistory): counted by its period and latest status, as before.
    const legacyId = randomUUID();
    await copies.saveIfNewer({
      _id: legacyId,
      ...p,
      scope: 'Internships',
      period: { from: '2026-04-01', to: '2026-09-30' },
      placementKinds: ['internship'],
      status: 'terminated',
      version: 3,
      fromEvent: 'test|legacy',
    });

    const terminatedCopy = await copyAt(terminated.agreementId, (c) => c.version === 3, 'the termination copied');
    expect(terminatedCopy.status).toBe('terminated');
    expect(history(terminatedCopy)).toEqual([
      { version: 1, status: 'draft', from: '2025-11-20T09:00:00.000Z' },
      { version: 2, status: 'active', from: '2025-12-15T10:00:00.000Z' },
      { version: 3, status: 'terminated', from: '2026-08-10T12:00:00.000Z' },
    ]);
    await copyAt(suspended.agreementId, (c) => c.version === 4, 'the reactivation copied');
    expect((await copies.findById(legacyId))?.statusHistory).toBeUndefined();

    const card = await httpJson('GET', `${rd.baseUrl}/v1/scorecards/${p.schoolId}/${p.enterpriseId}?from=2026-Q1&to=2027-Q1`, {
      token: ADMIN_TOKEN,
    });
    expect(card.status).toBe(200);
    const perQuarter = Object.fromEntries(
      card.body.quarters.map((q: { quarter: string; agreementsInForce: number }) => [q.quarter, q.agreementsInForce]),
    );
    // terminated: Q1, Q2, Q3 (active until 10 Aug); suspended: Q1 (until 25 Mar), Q3, Q4; legacy: Q2, Q3.
    expect(perQuarter).toEqual({ '2026-Q1': 2, '2026-Q2': 2, '2026-Q3': 3, '2026-Q4': 1, '2027-Q1': 0 });

    const csv = await httpJson('GET', `${rd.baseUrl}/v1/scorecards/${p.schoolId}/${p.enterpriseId}?from=2026-Q1&to=2026-Q4&format=csv`, {
      token: ADMIN_TOKEN,
    });
    expect(
      String(csv.body)
        .trim()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(',').slice(0, 2).join(',')),
    ).toEqual(['2026-Q1,2', '2026-Q2,2', '2026-Q3,3', '2026-Q4,1']);
  });

  it('answers 400 naming the field, not 500, for quarters outside four-digit years', async () => {
    const p = pair();
    const read = (query: string) =>
      httpJson('GET', `${rd.baseUrl}/v1/scorecards/${p.schoolId}/${p.enterpriseId}?${query}`, { token: ADMIN_TOKEN });
    const tooEarly = await read('from=0099-Q4');
    expect(tooEarly.status).toBe(400);
    expect(tooEarly.body.errors).toEqual([expect.objectContaining({ field: 'from' })]);
    const lastQuarter = await read('from=9999-Q4&to=9999-Q4');
    expect(lastQuarter.status).toBe(200);
    expect(lastQuarter.body.quarters.map((q: { quarter: string }) => q.quarter)).toEqual(['9999-Q4']);
  });

  it('keeps the history when an older event is redelivered or another event claims a version already known', async () => {
    const p = pair();
    const agreement = publisher(p);
    await agreement.drafted('2026-01-05T09:00:00.000Z');
    const activated = await agreement.changed(2, 'active', '2026-01-20T09:00:00.000Z');
    await agreement.changed(3, 'suspended', '2026-05-02T09:00:00.000Z');
    const before = await copyAt(agreement.agreementId, (c) => c.statusHistory?.length === 3, 'three versions copied');

    // The same version-2 event again (a redelivery after a relay takeover), and a different event claiming version 2.
    await rd.resend(activated, Topics.agreements, agreement.agreementId);
    await rd.produce(
      AgreementStatusChanged,
      {
        ...terms(p, agreement.agreementId),
        status: 'terminated',
        version: 2,
        previousStatus: 'draft',
        changedAt: '2026-03-01T00:00:00.000Z',
      },
      agreement.agreementId,
    );
    await agreement.drafted('2026-01-05T09:00:00.000Z');
    // A newer change after them on the same key: once it is in, the older ones were consumed before it.
    await agreement.changed(4, 'active', '2026-09-01T09:00:00.000Z');
    const after = await copyAt(agreement.agreementId, (c) => c.version === 4, 'the version after the replays copied');

    expect(after.status).toBe('active');
    expect(history(after)).toEqual([...history(before)!, { version: 4, status: 'active', from: '2026-09-01T09:00:00.000Z' }]);
  });

  it('learns a version that arrives after a newer one, in version order, without changing the copy', async () => {
    const agreement = publisher(pair());
    await agreement.drafted('2026-01-05T09:00:00.000Z');
    await agreement.changed(3, 'terminated', '2026-10-01T09:00:00.000Z');
    const beforeLate = await copyAt(agreement.agreementId, (c) => c.version === 3, 'version 3 copied');
    expect(history(beforeLate)?.map((h) => h.version)).toEqual([1, 3]);

    await agreement.changed(2, 'active', '2026-02-01T09:00:00.000Z');
    const after = await copyAt(agreement.agreementId, (c) => c.statusHistory?.length === 3, 'the late version 2 learned');
    expect(after).toMatchObject({ status: 'terminated', version: 3, fromEvent: beforeLate.fromEvent });
    expect(history(after)).toEqual([
      { version: 1, status: 'draft', from: '2026-01-05T09:00:00.000Z' },
      { version: 2, status: 'active', from: '2026-02-01T09:00:00.000Z' },
      { version: 3, status: 'terminated', from: '2026-10-01T09:00:00.000Z' },
    ]);

    // The API keeps showing the agreement as it stands, without the history.
    const shown = await httpJson('GET', `${rd.baseUrl}/v1/agreements/${agreement.agreementId}`, { token: ADMIN_TOKEN });
    expect(shown.status).toBe(200);
    expect(shown.body).not.toHaveProperty('statusHistory');
    expect(shown.body).toMatchObject({ id: agreement.agreementId, status: 'terminated', version: 3 });
  });
});
