import { MongoClient } from 'mongodb';
import { Clock } from '@app/base';
import { httpJson, activateAgreement, grantPlacementConsent, testMongoUri, waitFor } from '@app/testing';
import { ADMIN_TOKEN, seedActiveInternship, signAgreement, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(90_000);

const admin = { token: ADMIN_TOKEN };

describe('placement lifecycle: sign-off, attendance, evaluations, end of placement (real Kafka + Mongo-compatible server)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let url: string;

  beforeAll(async () => {
    service = await startTalentPipeline();
    url = service.baseUrl;
  });
  afterAll(async () => service?.close());

  /** Proposes a welding internship starting 2026-03-01 for the seeded student, with `extra` fields. */
  const proposeFor = (seeded: { student: { id: string }; enterprise: { id: string } }, extra: Record<string, unknown> = {}) =>
    httpJson('POST', `${url}/v1/placements`, {
      ...admin,
      body: {
        studentId: seeded.student.id,
        enterpriseId: seeded.enterprise.id,
        kind: 'internship',
        role: 'Welder',
        startDate: '2026-03-01',
        ...extra,
      },
    });

  /** A placement moved to `accepted`, not yet signed. */
  async function acceptedPlacement(extra: Record<string, unknown> = {}) {
    const seeded = await seedActiveInternship(url);
    const placement = (await proposeFor(seeded, extra)).body;
    for (const to of ['offered', 'accepted']) {
      expect((await httpJson('POST', `${url}/v1/placements/${placement.id}/transitions`, { ...admin, body: { to } })).status).toBe(200);
    }
    return { ...seeded, placement };
  }

  const sign = (id: string, body: unknown, token = ADMIN_TOKEN) =>
    httpJson('POST', `${url}/v1/placements/${id}/agreement/signatures`, { token, body });
  const move = (id: string, body: unknown) => httpJson('POST', `${url}/v1/placements/${id}/transitions`, { ...admin, body });
  const getPlacement = async (id: string) => (await httpJson('GET', `${url}/v1/placements/${id}`, admin)).body;

  async function postAttendance(path: string, body: unknown, headers: Record<string, string> = {}, token = ADMIN_TOKEN) {
    return httpJson('POST', `${url}${path}`, { token, body, headers, operator: false });
  }

  describe('what a placement needs before it is proposed', () => {
    /** A school, an enterprise and a student with nothing between them yet. */
    async function strangers() {
      const post = async (path: string, body: unknown) => (await httpJson('POST', `${url}${path}`, { ...admin, body })).body;
      const school = await post('/v1/schools', { name: 'Lakeside Vocational', country: 'CN' });
      const enterprise = await post('/v1/enterprises', { name: 'Lakeside Pumps', country: 'CN' });
      const student = await post('/v1/students', {
        schoolId: school.id,
        givenName: 'Ma',
        familyName: 'Lin',
        programme: 'hydraulics',
        cohort: '2025',
      });
      return { school, enterprise, student };
    }
    const propose = (studentId: string, enterpriseId: string, extra: Record<string, unknown> = {}) =>
      httpJson('POST', `${url}/v1/placements`, {
        ...admin,
        body: { studentId, enterpriseId, kind: 'apprenticeship', role: 'Pump fitter', startDate: '2026-09-01', ...extra },
      });
    let mongo: MongoClient;
    beforeAll(async () => {
      mongo = await new MongoClient(testMongoUri(service.database)).connect();
    });
    afterAll(async () => mongo?.close());
    const placementsOf = (enterpriseId: string, studentId: string) =>
      mongo.db().collection('placements').countDocuments({ enterpriseId, studentId });

    it('refuses (409) without an active agreement covering the kind, then without the placement consent; stores nothing', async () => {
      const { school, enterprise, student } = await strangers();
      const noAgreement = await propose(student.id, enterprise.id);
      expect(noAgreement.status).toBe(409);
      expect(noAgreement.body).toMatchObject({ title: 'no cooperation agreement' });

      const parties = { baseUrl: url, adminToken: ADMIN_TOKEN, schoolId: school.id, enterpriseId: enterprise.id, studentId: student.id };
      await activateAgreement({ ...parties, kinds: ['internship'] });
      expect((await propose(student.id, enterprise.id)).body).toMatchObject({ title: 'no cooperation agreement' });
      await activateAgreement({ ...parties, kinds: ['apprenticeship'] });

      const noConsent = await propose(student.id, enterprise.id);
      expect(noConsent.status).toBe(409);
      expect(noConsent.body).toMatchObject({ title: 'consent missing', purpose: 'placement' });
      expect(await placementsOf(enterprise.id, student.id)).toBe(0);

      const consentId = await grantPlacementConsent(parties);
      expect((await propose(student.id, enterprise.id)).status).toBe(201);
      await httpJson('POST', `${url}/v1/students/${student.id}/consents/${consentId}/withdraw`, { ...admin, body: {} });
      expect((await propose(student.id, enterprise.id)).body).toMatchObject({ title: 'consent missing' });
      expect(await placementsOf(enterprise.id, student.id)).toBe(1);
    });

    it('links a placement to the open requisition it fills, of the same kind and enterprise', async () => {
      const seeded = await seedActiveInternship(url);
      const openRequisition = async (kind: string) =>
        (
          await httpJson('POST', `${url}/v1/enterprises/${seeded.enterprise.id}/requisitions`, {
            token: seeded.enterprise.apiKey,
            body: {
              role: 'Pump fitter',
              skills: [{ label: 'Hydraulics' }],
              headcount: 1,
              kind,
              period: { from: '2026-09-01', to: '2027-02-28' },
              location: 'Wuxi',
            },
          })
        ).body;
      const requisition = await openRequisition('apprenticeship');

      const linked = await propose(seeded.student.id, seeded.enterprise.id, { requisitionId: requisition.id });
      expect(linked.status).toBe(201);
      expect((await getPlacement(linked.body.id)).requisitionId).toBe(requisition.id);

      const wrongKind = await propose(seeded.student.id, seeded.enterprise.id, { requisitionId: requisition.id, kind: 'job' });
      expect(wrongKind.status).toBe(400);
      expect(wrongKind.body.errors).toEqual([{ field: 'kind', message: expect.stringContaining('apprenticeship') }]);

      const other = await seedActiveInternship(url);
      const foreign = await propose(other.student.id, other.enterprise.id, { requisitionId: requisition.id });
      expect(foreign.status).toBe(400);
      expect(foreign.body.errors[0].field).toBe('requisitionId');

      const closing = await httpJson('POST', `${url}/v1/enterprises/${seeded.enterprise.id}/requisitions/${requisition.id}/status`, {
        token: seeded.enterprise.apiKey,
        body: { to: 'closed' },
      });
      expect(closing.status).toBe(200);
      const closed = await propose(seeded.student.id, seeded.enterprise.id, { requisitionId: requisition.id });
      expect(closed.status).toBe(409);
      expect(closed.body.title).toBe('requisition not open');
    });
  });

  describe('listing placements', () => {
    it('lists newest first with filters and cursor pages; an enterprise and a school see only their own', async () => {
      const seeded = await seedActiveInternship(url);
      const propose = async (role: string) =>
        (
          await httpJson('POST', `${url}/v1/placements`, {
            ...admin,
            body: { studentId: seeded.student.id, enterpriseId: seeded.enterprise.id, kind: 'job', role, startDate: '2026-10-01' },
          })
        ).body;
      const later = [await propose('Fitter'), await propose('Welder'), await propose('Painter')];
      const other = await seedActiveInternship(url);
      const list = (query: string, token = ADMIN_TOKEN, path = '/v1/placements') => httpJson('GET', `${url}${path}?${query}`, { token });

      const all = (await list(`enterpriseId=${seeded.enterprise.id}`)).body;
      expect(all.items.map((p: any) => p.id)).toEqual([...later.reverse().map((p) => p.id), seeded.placement.id]);
      expect(all.nextCursor).toBeUndefined();

      const first = (await list(`enterpriseId=${seeded.enterprise.id}&limit=3`)).body;
      expect(first.items).toHaveLength(3);
      const second = (await list(`enterpriseId=${seeded.enterprise.id}&limit=3&before=${first.nextCursor}`)).body;
      expect(second.items.map((p: any) => p.id)).toEqual([seeded.placement.id]);
      expect(second.nextCursor).toBeUndefined();

      const active = (await list(`enterpriseId=${seeded.enterprise.id}&status=active`)).body.items;
      expect(active.map((p: any) => p.id)).toEqual([seeded.placement.id]);
      expect((await list(`schoolId=${other.school.id}`)).body.items.map((p: any) => p.id)).toEqual([other.placement.id]);

      const enterprisePath = `/v1/enterprises/${seeded.enterprise.id}/placements`;
      const own = (await list(`enterpriseId=${other.enterprise.id}`, seeded.enterprise.apiKey, enterprisePath)).body.items;
      expect(own.map((p: any) => p.enterpriseId)).toEqual([
        seeded.enterprise.id,
        seeded.enterprise.id,
        seeded.enterprise.id,
        seeded.enterprise.id,
      ]);
      const mine = await httpJson('GET', `${url}${enterprisePath}/${seeded.placement.id}`, { token: seeded.enterprise.apiKey });
      expect(mine.body).toMatchObject({ id: seeded.placement.id, status: 'active' });
      expect((await httpJson('GET', `${url}${enterprisePath}/${other.placement.id}`, { token: seeded.enterprise.apiKey })).status).toBe(
        404,
      );
      expect((await list('', other.enterprise.apiKey, enterprisePath)).status).toBe(403);

      const schoolPath = `/v1/schools/${seeded.school.id}/placements`;
      const ofSchool = (await list(`schoolId=${other.school.id}&status=active`, seeded.school.apiKey, schoolPath)).body.items;
      expect(ofSchool.map((p: any) => p.id)).toEqual([seeded.placement.id]);
      expect((await httpJson('GET', `${url}${schoolPath}/${seeded.placement.id}`, { token: seeded.school.apiKey })).body.id).toBe(
        seeded.placement.id,
      );
      expect((await httpJson('GET', `${url}${schoolPath}/${other.placement.id}`, { token: seeded.school.apiKey })).status).toBe(404);
      expect((await list('', other.school.apiKey, schoolPath)).status).toBe(403);
    });

    it('rejects a bad filter, limit or cursor with 400 naming the field', async () => {
      const fieldOf = async (query: string) => (await httpJson('GET', `${url}/v1/placements?${query}`, admin)).body.errors?.[0]?.field;
      expect(await fieldOf('status=sleeping')).toBe('status');
      expect(await fieldOf('limit=0')).toBe('limit');
      expect(await fieldOf('limit=500')).toBe('limit');
      expect(await fieldOf('before=not-a-cursor')).toBe('before');
      expect(await fieldOf('schoolId=42')).toBe('schoolId');
    });
  });

  describe('filling a requisition', () => {
    it('fills the requisition once as many of its placements were accepted as its headcount, not before', async () => {
      const seeded = await seedActiveInternship(url);
      const requisitionUrl = (id = '') => `${url}/v1/enterprises/${seeded.enterprise.id}/requisitions${id && `/${id}`}`;
      const enterprise = { token: seeded.enterprise.apiKey };
      const requisition = (
        await httpJson('POST', requisitionUrl(), {
          ...enterprise,
          body: {
            role: 'Fitter',
            skills: [{ label: 'Fitting' }],
            headcount: 2,
            kind: 'job',
            period: { from: '2026-09-01', to: '2027-08-31' },
            location: 'Wuxi',
          },
        })
      ).body;
      const proposeAndAccept = async (to: string[]) => {
        const created = await httpJson('POST', `${url}/v1/placements`, {
          ...admin,
          body: {
            studentId: seeded.student.id,
            enterpriseId: seeded.enterprise.id,
            requisitionId: requisition.id,
            kind: 'job',
            role: 'Fitter',
            startDate: '2026-09-01',
          },
        });
        for (const status of to) expect((await move(created.body.id, { to: status })).status).toBe(200);
      };
      const status = async () => (await httpJson('GET', requisitionUrl(requisition.id), enterprise)).body.status;

      await proposeAndAccept(['offered']);
      await proposeAndAccept(['offered', 'accepted']);
      expect(await status()).toBe('open');
      await proposeAndAccept(['offered', 'accepted']);
      expect(await status()).toBe('filled');
      const history = (await httpJson('GET', requisitionUrl(requisition.id), enterprise)).body.history;
      expect(history.map((h: any) => h.status)).toEqual(['open', 'filled']);
    });
  });

  describe('three-party agreement sign-off', () => {
    it('refuses active with 409 naming the missing parties until school, enterprise and student signed', async () => {
      const { placement } = await acceptedPlacement();
      const unsigned = await move(placement.id, { to: 'active' });
      expect(unsigned.status).toBe(409);
      expect(unsigned.contentType).toContain('application/problem+json');
      expect(unsigned.body.missingParties).toEqual(['school', 'enterprise', 'student']);

      expect((await sign(placement.id, { party: 'school', signedBy: 'Wang Fang', signedAt: '2026-02-20T09:30:00Z' })).status).toBe(201);
      const enterprise = await sign(placement.id, { party: 'enterprise', signedBy: 'HR Precision Motors' });
      expect(enterprise.body.missingParties).toEqual(['student']);
      const stillMissing = await move(placement.id, { to: 'active' });
      expect(stillMissing.status).toBe(409);
      expect(stillMissing.body.missingParties).toEqual(['student']);
      expect(stillMissing.body.errors).toEqual([{ field: 'agreement.student', message: 'signature missing' }]);
      expect((await getPlacement(placement.id)).status).toBe('accepted');

      expect((await sign(placement.id, { party: 'student', signedBy: 'Li Wei' })).status).toBe(201);
      const active = await move(placement.id, { to: 'active' });
      expect(active.status).toBe(200);
      expect(active.body.status).toBe('active');
      expect(active.body.agreement.signatures).toEqual([
        { party: 'school', signedBy: 'Wang Fang', signedAt: '2026-02-20T09:30:00.000Z' },
        { party: 'enterprise', signedBy: 'HR Precision Motors', signedAt: expect.any(String) },
        { party: 'student', signedBy: 'Li Wei', signedAt: expect.any(String) },
      ]);
    });

    it('requires the guardian, not the student, for a minor (from birthDate), and refuses a guardian for an adult', async () => {
      const minor = await acceptedPlacement({ birthDate: '2010-06-01' });
      expect(minor.placement.agreement.requiredParties).toEqual(['school', 'enterprise', 'guardian']);
      expect(minor.placement.birthDate).toBeUndefined();
      await signAgreement(url, minor.placement.id, ['school', 'enterprise', 'student']);
      const refused = await move(minor.placement.id, { to: 'active' });
      expect(refused.status).toBe(409);
      expect(refused.body.missingParties).toEqual(['guardian']);
      await signAgreement(url, minor.placement.id, ['guardian']);
      expect((await move(minor.placement.id, { to: 'active' })).status).toBe(200);

      const adult = await acceptedPlacement({ birthDate: '2000-01-01' });
      const guardian = await sign(adult.placement.id, { party: 'guardian', signedBy: 'Parent' });
      expect(guardian.status).toBe(409);
      expect(guardian.body.errors[0].field).toBe('party');
    });

    it('refuses a birthDate not before startDate with 400 naming birthDate, instead of requiring a guardian for it', async () => {
      const seeded = await seedActiveInternship(url);
      for (const birthDate of ['2026-03-01', '2030-05-14']) {
        const refused = await proposeFor(seeded, { birthDate });
        expect(refused.status).toBe(400);
        expect(refused.contentType).toContain('application/problem+json');
        expect(refused.body.errors).toEqual([{ field: 'birthDate', message: 'must be before startDate' }]);
      }
    });

    it('honours an explicit guardianRequired flag', async () => {
      const { placement } = await acceptedPlacement({ guardianRequired: true });
      expect(placement.agreement.requiredParties).toEqual(['school', 'enterprise', 'guardian']);
    });

    it('refuses a second signature of the same party and signatures once active (409)', async () => {
      const { placement } = await acceptedPlacement();
      await signAgreement(url, placement.id);
      const again = await sign(placement.id, { party: 'school', signedBy: 'Someone else' });
      expect(again.status).toBe(409);
      expect(again.body.detail).toBe('the school has already signed this agreement');
      await move(placement.id, { to: 'active' });
      expect((await sign(placement.id, { party: 'guardian', signedBy: 'x' })).status).toBe(409);
    });

    it('takes a signature dated today in Beijing while UTC is still on the day before, and refuses a day that began nowhere', async () => {
      const { placement } = await acceptedPlacement();
      // The service's clock at 23:00 UTC tomorrow: 07:00 the day after in Beijing (UTC+8).
      const dayFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
      const clock = jest.spyOn(service.app.get(Clock), 'now').mockReturnValue(new Date(`${dayFromNow(1)}T23:00:00Z`));
      try {
        const beijingToday = await sign(placement.id, { party: 'school', signedBy: 'Wang Fang', signedAt: dayFromNow(2) });
        expect(beijingToday.status).toBe(201);
        expect(beijingToday.body.signatures).toEqual([
          { party: 'school', signedBy: 'Wang Fang', signedAt: `${dayFromNow(2)}T00:00:00.000Z` },
        ]);
        const dayAfter = await sign(placement.id, { party: 'enterprise', signedBy: 'HR', signedAt: dayFromNow(3) });
        expect(dayAfter.status).toBe(400);
        expect(dayAfter.body.errors).toEqual([{ field: 'signedAt', message: 'must not be in the future' }]);
      } finally {
        clock.mockRestore();
      }
    });

    it('rejects bad signatures with 400 naming the field, and no token with 401', async () => {
      const { placement } = await acceptedPlacement();
      const badParty = await sign(placement.id, { party: 'teacher', signedBy: 'x' });
      expect(badParty.status).toBe(400);
      expect(badParty.body.errors.map((e: any) => e.field)).toContain('party');
      const badDate = await sign(placement.id, { party: 'school', signedBy: 'x', signedAt: 'yesterday' });
      expect(badDate.status).toBe(400);
      expect(badDate.body.errors.map((e: any) => e.field)).toContain('signedAt');
      expect(
        (await httpJson('POST', `${url}/v1/placements/${placement.id}/agreement/signatures`, { body: { party: 'school', signedBy: 'x' } }))
          .status,
      ).toBe(401);
      expect((await getPlacement(placement.id)).agreement.signatures).toEqual([]);
    });
  });

  describe('attendance', () => {
    it('logs hours while active, totals them, and does not double count a retry with the same Idempotency-Key', async () => {
      const { placement } = await seedActiveInternship(url);
      const path = `/v1/placements/${placement.id}/attendance`;
      const day = { date: '2026-03-02', hours: 7.5, status: 'present', note: 'induction' };
      const first = await postAttendance(path, day, { 'Idempotency-Key': 'day-2026-03-02' });
      expect(first.status).toBe(201);
      const retry = await postAttendance(path, day, { 'Idempotency-Key': 'day-2026-03-02' });
      expect(retry.status).toBe(200);
      expect(retry.body.id).toBe(first.body.id);
      const conflicting = await postAttendance(path, { ...day, hours: 8 }, { 'Idempotency-Key': 'day-2026-03-02' });
      expect(conflicting.status).toBe(422);
      expect(conflicting.body.errors[0].field).toBe('Idempotency-Key');

      expect((await postAttendance(path, { date: '2026-03-03', hours: 6, status: 'present' })).status).toBe(201);
      expect((await postAttendance(path, { date: '2026-03-04', hours: 0, status: 'sick' })).status).toBe(201);

      const log = await httpJson('GET', `${url}${path}`, admin);
      expect(log.status).toBe(200);
      expect(log.body.totals).toEqual({ entries: 3, hours: 13.5, days: { present: 2, absent: 0, sick: 1, excused: 0 } });
      expect(log.body.entries.map((e: any) => e.date)).toEqual(['2026-03-02', '2026-03-03', '2026-03-04']);
    });

    it('rejects bad entries with 400 naming the field and logs nothing', async () => {
      const { placement } = await seedActiveInternship(url);
      const path = `/v1/placements/${placement.id}/attendance`;
      const cases: [unknown, string][] = [
        [{ date: '2026-03-02', hours: 25, status: 'present' }, 'hours'],
        [{ date: '2026-03-02', hours: 3, status: 'sick' }, 'hours'],
        [{ date: '2026-03-02', hours: 3, status: 'late' }, 'status'],
        [{ date: '2026-03-02T10:00:00Z', hours: 3, status: 'present' }, 'date'],
        [{ date: '2026-03-02', hours: 3, status: 'present', minutes: 5 }, 'minutes'],
      ];
      for (const [body, field] of cases) {
        const response = await postAttendance(path, body);
        expect(response.status).toBe(400);
        expect(response.body.errors.map((e: any) => e.field)).toContain(field);
      }
      expect((await httpJson('GET', `${url}${path}`, admin)).body.totals.entries).toBe(0);
    });

    it('refuses attendance when the placement is not active (409)', async () => {
      const { placement } = await acceptedPlacement();
      const response = await postAttendance(`/v1/placements/${placement.id}/attendance`, {
        date: '2026-03-02',
        hours: 8,
        status: 'present',
      });
      expect(response.status).toBe(409);
      expect(response.body.detail).toMatch(/only be logged while the placement is active; it is accepted/);
    });

    it("lets the enterprise log its own intern's attendance with its API key, and nobody else's (401/403/404)", async () => {
      const { placement, enterprise } = await seedActiveInternship(url);
      const other = await seedActiveInternship(url);
      const path = `/v1/enterprises/${enterprise.id}/placements/${placement.id}/attendance`;
      const day = { date: '2026-03-02', hours: 8, status: 'present' };
      const logged = await postAttendance(path, day, {}, enterprise.apiKey);
      expect(logged.status).toBe(201);
      expect(logged.body.recordedBy).toBe(`enterprise:${enterprise.id}`);
      expect((await postAttendance(path, day, {}, other.enterprise.apiKey)).status).toBe(403);
      expect((await postAttendance(path, day, {}, 'not-a-key')).status).toBe(401);
      const notTheirs = `/v1/enterprises/${other.enterprise.id}/placements/${placement.id}/attendance`;
      expect((await postAttendance(notTheirs, day, {}, other.enterprise.apiKey)).status).toBe(404);
      const log = await httpJson('GET', `${url}${path}`, { token: enterprise.apiKey });
      expect(log.body.totals.hours).toBe(8);
    });
  });

  describe('evaluations', () => {
    it('records supervisor scores while active and after completion, not before (409), validating scores (400)', async () => {
      const { placement, enterprise } = await seedActiveInternship(url);
      const evaluate = (body: unknown, path = `/v1/placements/${placement.id}/evaluations`, token = ADMIN_TOKEN) =>
        httpJson('POST', `${url}${path}`, { token, body });

      const first = await evaluate({ evaluator: 'Zhang Min', scores: { safety: 5, teamwork: 4 }, comment: 'solid start' });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ evaluator: 'Zhang Min', scores: { safety: 5, teamwork: 4 }, comment: 'solid start' });

      const bad = await evaluate({ evaluator: 'Zhang Min', scores: { safety: 6 } });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([{ field: 'scores.safety', message: 'must be an integer from 1 to 5' }]);

      expect((await move(placement.id, { to: 'completed' })).status).toBe(200);
      const enterprisePath = `/v1/enterprises/${enterprise.id}/placements/${placement.id}/evaluations`;
      expect((await evaluate({ evaluator: 'Zhang Min', scores: { safety: 3 } }, enterprisePath, enterprise.apiKey)).status).toBe(201);
      expect((await getPlacement(placement.id)).evaluations.map((e: any) => e.scores)).toEqual([{ safety: 5, teamwork: 4 }, { safety: 3 }]);

      const { placement: early } = await acceptedPlacement();
      const tooEarly = await httpJson('POST', `${url}/v1/placements/${early.id}/evaluations`, {
        ...admin,
        body: { evaluator: 'x', scores: { safety: 3 } },
      });
      expect(tooEarly.status).toBe(409);
    });
  });

  describe('retried evaluations', () => {
    it('records an evaluation once for a retried POST with the same Idempotency-Key, and refuses the key for another one', async () => {
      const { placement, enterprise } = await seedActiveInternship(url);
      const path = `${url}/v1/enterprises/${enterprise.id}/placements/${placement.id}/evaluations`;
      const evaluate = async (key: string, body: unknown) => {
        const { status, body: answer } = await httpJson('POST', path, {
          token: enterprise.apiKey,
          body,
          headers: { 'idempotency-key': key },
          operator: false,
        });
        return { status, body: answer };
      };
      const evaluation = { evaluator: 'Zhang Min', scores: { safety: 4 }, comment: 'careful' };
      const first = await evaluate('eval-week-1', evaluation);
      expect(first.status).toBe(201);
      expect(await evaluate('eval-week-1', evaluation)).toMatchObject({ status: 200, body: { id: first.body.id, at: first.body.at } });
      const reused = await evaluate('eval-week-1', { ...evaluation, scores: { safety: 2 } });
      expect(reused.status).toBe(422);
      expect(reused.body.errors[0].field).toBe('Idempotency-Key');
      expect((await evaluate('eval-week-2', evaluation)).status).toBe(201);
      expect((await getPlacement(placement.id)).evaluations.map((e: any) => e.id)).toEqual([first.body.id, expect.any(String)]);
    });
  });

  describe('end of placement', () => {
    it('carries reason, hours and evaluation summary in the terminated outcome event of the school feed', async () => {
      const { placement, school } = await seedActiveInternship(url);
      await postAttendance(`/v1/placements/${placement.id}/attendance`, { date: '2026-03-02', hours: 8, status: 'present' });
      await postAttendance(`/v1/placements/${placement.id}/attendance`, { date: '2026-03-03', hours: 4.5, status: 'present' });
      await httpJson('POST', `${url}/v1/placements/${placement.id}/evaluations`, {
        ...admin,
        body: { evaluator: 'Zhang Min', scores: { safety: 4, teamwork: 3 } },
      });
      const terminated = await move(placement.id, { to: 'terminated', reason: 'student moved to another city' });
      expect(terminated.status).toBe(200);
      const expected = {
        reason: 'student moved to another city',
        hoursLogged: 12.5,
        evaluation: { count: 1, averageScore: 3.5, competencies: { safety: 4, teamwork: 3 } },
      };
      expect(terminated.body.endOfPlacement).toEqual(expected);

      const event = await waitFor('the terminated outcome in the school feed', async () => {
        const feed = await httpJson('GET', `${url}/v1/schools/${school.id}/placement-outcomes?type=talent.placement.terminated.v1`, {
          token: school.apiKey,
        });
        return feed.body.items[0]?.event;
      });
      expect(event.type).toBe('talent.placement.terminated.v1');
      expect(event.data.endOfPlacement).toEqual(expected);

      // after the end, attendance is closed
      const late = await postAttendance(`/v1/placements/${placement.id}/attendance`, { date: '2026-03-04', hours: 8, status: 'present' });
      expect(late.status).toBe(409);
    });

    it('carries the summary without a reason on completed; a reason on a non-ending transition is 400', async () => {
      const { placement, school } = await seedActiveInternship(url);
      const withReason = await move(placement.id, { to: 'hired', reason: 'great intern' });
      expect(withReason.status).toBe(400);
      expect(withReason.body.errors).toEqual([{ field: 'reason', message: 'only for completed or terminated' }]);
      expect((await move(placement.id, { to: 'completed' })).status).toBe(200);
      const event = await waitFor('the completed outcome', async () => {
        const feed = await httpJson('GET', `${url}/v1/schools/${school.id}/placement-outcomes?type=talent.placement.completed.v1`, {
          token: school.apiKey,
        });
        return feed.body.items[0]?.event;
      });
      expect(event.data.endOfPlacement).toEqual({ hoursLogged: 0, evaluation: { count: 0, averageScore: null, competencies: {} } });
    });

    it('keeps illegal transitions a clear 409', async () => {
      const { placement } = await seedActiveInternship(url);
      await move(placement.id, { to: 'terminated' });
      const response = await move(placement.id, { to: 'active' });
      expect(response.status).toBe(409);
      expect(response.body.detail).toBe('a placement cannot go from terminated to active; allowed from terminated: none');
    });
  });
});
