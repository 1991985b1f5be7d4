import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { AgreementDrafted, AgreementStatusChanged, Topics } from '@app/contracts';
import {
  httpJson,
  InProcessService,
  startInProcessService,
  testKafkaBrokers,
  testMongoUri,
  TopicRecorder,
  uniqueName,
  waitFor,
} from '@app/testing';
import { RdCollaborationConfigSchema } from '../../rd-collaboration/src/config/rd-collaboration.config';
import { RdCollaborationModule } from '../../rd-collaboration/src/rd-collaboration.module';
import { TeacherSecondmentConfigSchema } from '../../teacher-secondment/src/config/teacher-secondment.config';
import { TeacherSecondmentModule } from '../../teacher-secondment/src/teacher-secondment.module';
import { AgreementDirectoryRepository } from '@app/partner-directory';
import { AgreementsService } from '../src/agreements/agreements.service';
import { ADMIN_TOKEN, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(120_000);

describe('cooperation agreements: lifecycle in the talent pipeline, copies in the other services (real Kafka + Mongo)', () => {
  let talent: Awaited<ReturnType<typeof startTalentPipeline>>;
  let secondment: InProcessService;
  let rd: InProcessService;
  let mongo: MongoClient;
  let school: { id: string };
  let enterprise: { id: string };

  const admin = { token: ADMIN_TOKEN };
  const agreementCount = () => mongo.db(talent.database).collection('agreements').countDocuments();
  const draft = (overrides: Record<string, unknown> = {}) => ({
    schoolId: school.id,
    enterpriseId: enterprise.id,
    scope: 'Internships and apprenticeships in CNC machining',
    period: { from: '2026-03-01', to: '2027-02-28' },
    placementKinds: ['internship', 'apprenticeship'],
    ...overrides,
  });
  const create = (body: unknown, token: string | undefined = ADMIN_TOKEN) =>
    httpJson('POST', `${talent.baseUrl}/v1/agreements`, { token, body });
  const move = (id: string, to: string, reason?: string) =>
    httpJson('POST', `${talent.baseUrl}/v1/agreements/${id}/status`, { ...admin, body: reason ? { to, reason } : { to } });

  beforeAll(async () => {
    talent = await startTalentPipeline();
    // The consumers share the talent pipeline's topic prefix, each with its own group and database.
    const consumerEnv = (service: string) => ({
      MONGO_URI: testMongoUri(uniqueName(service).replace(/-/g, '_')),
      KAFKA_BROKERS: testKafkaBrokers(),
      KAFKA_TOPIC_PREFIX: talent.prefix,
      KAFKA_GROUP_ID: `${talent.prefix}${service}`,
      OUTBOX_POLL_MS: '200',
      // The copies answer only keys of their service (or its operator token).
      ADMIN_API_TOKEN: ADMIN_TOKEN,
    });
    secondment = await startInProcessService({
      configSchema: TeacherSecondmentConfigSchema,
      rootModule: (c) => TeacherSecondmentModule.forRoot(c),
      env: consumerEnv('teacher-secondment'),
    });
    rd = await startInProcessService({
      configSchema: RdCollaborationConfigSchema,
      rootModule: (c) => RdCollaborationModule.forRoot(c),
      env: consumerEnv('rd-collaboration'),
    });
    mongo = await new MongoClient(testMongoUri(talent.database)).connect();
    school = (await httpJson('POST', `${talent.baseUrl}/v1/schools`, { ...admin, body: { name: 'Rail College', country: 'CN' } })).body;
    enterprise = (await httpJson('POST', `${talent.baseUrl}/v1/enterprises`, { ...admin, body: { name: 'Metro Works', country: 'CN' } }))
      .body;
  });

  afterAll(async () => {
    await Promise.all([talent?.close(), secondment?.close(), rd?.close()]);
    await mongo?.close();
  });

  describe('recording an agreement', () => {
    it('creates a draft, readable by id and listed by school and by enterprise', async () => {
      const created = await create(draft());
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        id: expect.any(String),
        schoolId: school.id,
        enterpriseId: enterprise.id,
        scope: 'Internships and apprenticeships in CNC machining',
        period: { from: '2026-03-01', to: '2027-02-28' },
        placementKinds: ['internship', 'apprenticeship'],
        status: 'draft',
        version: 1,
      });
      expect(created.body).not.toHaveProperty('outbox');

      const fetched = await httpJson('GET', `${talent.baseUrl}/v1/agreements/${created.body.id}`, admin);
      expect(fetched.status).toBe(200);
      expect(fetched.body).toMatchObject({ id: created.body.id, status: 'draft', history: [expect.objectContaining({ status: 'draft' })] });

      const bySchool = await httpJson('GET', `${talent.baseUrl}/v1/agreements?schoolId=${school.id}`, admin);
      expect(bySchool.body.items.map((a: { id: string }) => a.id)).toContain(created.body.id);
      const byBoth = await httpJson('GET', `${talent.baseUrl}/v1/agreements?schoolId=${school.id}&enterpriseId=${enterprise.id}`, admin);
      expect(byBoth.body.items.map((a: { id: string }) => a.id)).toContain(created.body.id);
      const otherSchool = await httpJson('GET', `${talent.baseUrl}/v1/agreements?schoolId=00000000-0000-4000-8000-000000000000`, admin);
      expect(otherSchool.body.items).toEqual([]);
    });

    it('rejects unknown partners with 400 naming each field, and stores nothing', async () => {
      const before = await agreementCount();
      const response = await create(
        draft({ schoolId: '00000000-0000-4000-8000-000000000001', enterpriseId: '00000000-0000-4000-8000-000000000002' }),
      );
      expect(response.status).toBe(400);
      expect(response.contentType).toContain('application/problem+json');
      expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['enterpriseId', 'schoolId']);
      expect(await agreementCount()).toBe(before);
    });

    it('rejects a period that ends before it starts, unknown kinds and unknown fields with 400 naming the field', async () => {
      const before = await agreementCount();
      const backwards = await create(draft({ period: { from: '2026-03-01', to: '2026-02-01' } }));
      expect(backwards.status).toBe(400);
      expect(backwards.body.errors).toEqual([expect.objectContaining({ field: 'period.to' })]);

      const badKind = await create(draft({ placementKinds: ['volunteering'] }));
      expect(badKind.status).toBe(400);
      expect(badKind.body.errors.map((e: { field: string }) => e.field)).toContain('placementKinds.0');

      const badDate = await create(draft({ period: { from: 'March', to: '2026-02-01' } }));
      expect(badDate.status).toBe(400);
      expect(badDate.body.errors.map((e: { field: string }) => e.field)).toContain('period.from');

      const extra = await create({ ...draft(), status: 'active' });
      expect(extra.status).toBe(400);
      expect(extra.body.errors.map((e: { field: string }) => e.field)).toContain('status');
      expect(await agreementCount()).toBe(before);
    });

    it('records the programmes an agreement covers when given, returns them, and refuses bad ones with 400 naming the field', async () => {
      const created = await create(draft({ programmes: ['placements', 'secondments'] }));
      expect(created.status).toBe(201);
      expect(created.body.programmes).toEqual(['placements', 'secondments']);
      expect((await httpJson('GET', `${talent.baseUrl}/v1/agreements/${created.body.id}`, admin)).body.programmes).toEqual([
        'placements',
        'secondments',
      ]);
      // Omitted: the agreement states none, and the answer has no `programmes`.
      expect((await create(draft())).body).not.toHaveProperty('programmes');

      const before = await agreementCount();
      const refusals: [unknown, string][] = [
        [['placements', 'volunteering'], 'programmes.1'],
        [['placements', 'rd', 'rd'], 'programmes'],
        [['secondments', 'rd'], 'programmes'],
        [[], 'programmes'],
        ['rd', 'programmes'],
      ];
      for (const [programmes, field] of refusals) {
        const response = await create(draft({ programmes }));
        expect(response.status).toBe(400);
        expect(response.contentType).toContain('application/problem+json');
        expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
      }
      expect(await agreementCount()).toBe(before);
    });

    it('rejects a bad list filter with 400', async () => {
      const response = await httpJson('GET', `${talent.baseUrl}/v1/agreements?schoolId=nope`, admin);
      expect(response.status).toBe(400);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain('schoolId');
    });

    it('is for operators only: 401 without a token, 403 with a wrong one, and stores nothing', async () => {
      const before = await agreementCount();
      expect((await httpJson('POST', `${talent.baseUrl}/v1/agreements`, { body: draft() })).status).toBe(401);
      expect((await create(draft(), 'wrong-token')).status).toBe(403);
      expect((await httpJson('GET', `${talent.baseUrl}/v1/agreements`)).status).toBe(401);
      expect(await agreementCount()).toBe(before);
    });

    it('answers 404 for an unknown agreement', async () => {
      const response = await httpJson('GET', `${talent.baseUrl}/v1/agreements/00000000-0000-4000-8000-000000000003`, admin);
      expect(response.status).toBe(404);
      expect(response.contentType).toContain('application/problem+json');
    });
  });

  describe('lifecycle', () => {
    it('follows draft -> active -> suspended -> active -> terminated and rejects illegal moves with 409', async () => {
      const { id } = (await create(draft())).body;

      const suspendDraft = await move(id, 'suspended');
      expect(suspendDraft.status).toBe(409);
      expect(suspendDraft.contentType).toContain('application/problem+json');
      expect(suspendDraft.body.title).toBe('illegal transition');
      expect(suspendDraft.body.detail).toContain('from draft to suspended');

      expect((await move(id, 'active', 'signed by both partners')).body).toMatchObject({ status: 'active', version: 2 });
      expect((await move(id, 'suspended')).body.status).toBe('suspended');
      expect((await move(id, 'active')).body.status).toBe('active');
      const terminated = await move(id, 'terminated', 'enterprise closed the plant');
      expect(terminated.status).toBe(200);
      expect(terminated.body.status).toBe('terminated');
      expect(terminated.body.history.map((h: { status: string }) => h.status)).toEqual([
        'draft',
        'active',
        'suspended',
        'active',
        'terminated',
      ]);
      expect(terminated.body.history[1].reason).toBe('signed by both partners');

      const reopen = await move(id, 'active');
      expect(reopen.status).toBe(409);
      expect(reopen.body.detail).toContain('final status');
      expect((await httpJson('GET', `${talent.baseUrl}/v1/agreements/${id}`, admin)).body.status).toBe('terminated');
    });

    it('rejects an unknown status with 400 naming `to`, and an unknown agreement with 404', async () => {
      const { id } = (await create(draft())).body;
      const bad = await move(id, 'paused');
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['to']);
      expect((await move('00000000-0000-4000-8000-000000000004', 'active')).status).toBe(404);
    });

    it('activeAgreementCovers: only an active agreement, for its kinds and within its period', async () => {
      const agreements = talent.app.get(AgreementsService);
      const schoolB = (await httpJson('POST', `${talent.baseUrl}/v1/schools`, { ...admin, body: { name: 'Port College', country: 'CN' } }))
        .body;
      const { id } = (await create(draft({ schoolId: schoolB.id, placementKinds: ['internship'] }))).body;

      expect(await agreements.activeAgreementCovers(schoolB.id, enterprise.id, 'internship', '2026-06-01')).toBe(false); // draft
      await move(id, 'active');
      expect(await agreements.activeAgreementCovers(schoolB.id, enterprise.id, 'internship', '2026-06-01')).toBe(true);
      expect(await agreements.activeAgreementCovers(schoolB.id, enterprise.id, 'internship', new Date('2027-02-28T12:00:00Z'))).toBe(true);
      expect(await agreements.activeAgreementCovers(schoolB.id, enterprise.id, 'job', '2026-06-01')).toBe(false);
      expect(await agreements.activeAgreementCovers(schoolB.id, enterprise.id, 'internship', '2027-03-01')).toBe(false);
      expect(await agreements.activeAgreementCovers(school.id, enterprise.id, 'internship', '2026-06-01')).toBe(false); // another school's
      await move(id, 'suspended');
      expect(await agreements.activeAgreementCovers(schoolB.id, enterprise.id, 'internship', '2026-06-01')).toBe(false);
    });
  });

  describe('events on talent.agreement.v1', () => {
    it('carry the programmes the agreement states to both copies, through every status change', async () => {
      const { id } = (await create(draft({ programmes: ['placements', 'rd'] }))).body;
      for (const consumer of [secondment, rd]) {
        const copy = await waitFor('the drafted agreement copied with its programmes', async () => {
          const response = await httpJson('GET', `${consumer.baseUrl}/v1/agreements/${id}`, admin);
          return response.status === 200 ? response.body : undefined;
        });
        expect(copy).toMatchObject({ id, programmes: ['placements', 'rd'], status: 'draft', version: 1 });
      }
      await move(id, 'active');
      for (const consumer of [secondment, rd]) {
        await waitFor(
          'the activation copied',
          async () => (await httpJson('GET', `${consumer.baseUrl}/v1/agreements/${id}`, admin)).body?.version === 2,
        );
        expect((await httpJson('GET', `${consumer.baseUrl}/v1/agreements/${id}`, admin)).body).toMatchObject({
          status: 'active',
          programmes: ['placements', 'rd'],
        });
      }
      // The records on the topic: both events carry the programmes in their data.
      const recorder = new TopicRecorder(
        new Kafka({ clientId: uniqueName('agreements-rec'), brokers: testKafkaBrokers().split(','), logLevel: logLevel.NOTHING }),
        [`${talent.prefix}${Topics.agreements}`],
      );
      await recorder.start();
      try {
        const records = await waitFor('both agreement events on the topic', async () => {
          const ofAgreement = recorder.messages.filter((m) => m.key === id);
          return ofAgreement.length === 2 ? ofAgreement : undefined;
        });
        expect(records.map((r) => r.headers.ce_type)).toEqual([AgreementDrafted.type, AgreementStatusChanged.type]);
        for (const record of records) expect(JSON.parse(record.value!).programmes).toEqual(['placements', 'rd']);
      } finally {
        await recorder.stop();
      }
    });

    it('brings every change to the copies in teacher-secondment and rd-collaboration, newest version winning', async () => {
      const { id } = (await create(draft({ scope: 'Joint R&D lab and apprenticeships' }))).body;

      for (const consumer of [secondment, rd]) {
        const copy = await waitFor('the drafted agreement copied', async () => {
          const response = await httpJson('GET', `${consumer.baseUrl}/v1/agreements/${id}`, admin);
          return response.status === 200 ? response.body : undefined;
        });
        expect(copy).toEqual({
          id,
          schoolId: school.id,
          enterpriseId: enterprise.id,
          scope: 'Joint R&D lab and apprenticeships',
          period: { from: '2026-03-01', to: '2027-02-28' },
          placementKinds: ['internship', 'apprenticeship'],
          status: 'draft',
          version: 1,
        });
      }

      await move(id, 'active');
      await move(id, 'suspended', 'safety audit');
      for (const consumer of [secondment, rd]) {
        await waitFor('the suspension copied', async () => {
          const response = await httpJson('GET', `${consumer.baseUrl}/v1/agreements/${id}`, admin);
          return response.body?.status === 'suspended' && response.body.version === 3;
        });
        const listed = await httpJson(
          'GET',
          `${consumer.baseUrl}/v1/agreements?schoolId=${school.id}&enterpriseId=${enterprise.id}`,
          admin,
        );
        expect(listed.status).toBe(200);
        expect(listed.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id, status: 'suspended' })]));
        expect((await httpJson('GET', `${consumer.baseUrl}/v1/agreements?enterpriseId=bad`, admin)).status).toBe(400);
      }

      // A redelivered or late, older event does not roll the copy back.
      const copies = secondment.app.get(AgreementDirectoryRepository);
      const stale = await copies.saveIfNewer({
        _id: id,
        schoolId: school.id,
        enterpriseId: enterprise.id,
        scope: 'Joint R&D lab and apprenticeships',
        period: { from: '2026-03-01', to: '2027-02-28' },
        placementKinds: ['internship', 'apprenticeship'],
        status: 'active',
        version: 2,
        fromEvent: 'test|replayed',
      });
      expect(stale).toBe('stale');
      expect((await httpJson('GET', `${secondment.baseUrl}/v1/agreements/${id}`, admin)).body).toMatchObject({
        status: 'suspended',
        version: 3,
      });

      // Published from the agreement document's outbox: nothing is left pending there.
      await waitFor('the outbox relayed', async () => {
        const doc = await mongo
          .db(talent.database)
          .collection('agreements')
          .findOne({ _id: id as never });
        return doc?.outbox.length === 0;
      });
    });
  });
});
