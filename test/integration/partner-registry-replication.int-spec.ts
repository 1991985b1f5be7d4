import { MongoClient } from 'mongodb';
import { httpJson, InProcessService, startInProcessService, testKafkaBrokers, testMongoUri, uniqueName, waitFor } from '@app/testing';
import { RdCollaborationConfigSchema } from '../../apps/rd-collaboration/src/config/rd-collaboration.config';
import { RdCollaborationModule } from '../../apps/rd-collaboration/src/rd-collaboration.module';
import { TalentPipelineConfigSchema } from '../../apps/talent-pipeline/src/config/talent-pipeline.config';
import { TalentPipelineModule } from '../../apps/talent-pipeline/src/talent-pipeline.module';
import { TeacherSecondmentConfigSchema } from '../../apps/teacher-secondment/src/config/teacher-secondment.config';
import { TeacherSecondmentModule } from '../../apps/teacher-secondment/src/teacher-secondment.module';

jest.setTimeout(120_000);

const ADMIN = 'replication-admin-token';

describe('partner registry replicated by Kafka events into three separate stores', () => {
  const prefix = `${uniqueName('repl')}.`;
  const databases = {
    talent: uniqueName('talent').replace(/-/g, '_'),
    secondment: uniqueName('secondment').replace(/-/g, '_'),
    rd: uniqueName('rd').replace(/-/g, '_'),
  };
  const common = (service: string, database: string) => ({
    MONGO_URI: testMongoUri(database),
    KAFKA_BROKERS: testKafkaBrokers(),
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_GROUP_ID: `${prefix}${service}`,
    OUTBOX_POLL_MS: '200',
  });
  let talent: InProcessService;
  let secondment: InProcessService;
  let rd: InProcessService;
  let mongo: MongoClient;

  beforeAll(async () => {
    talent = await startInProcessService({
      configSchema: TalentPipelineConfigSchema,
      rootModule: (c) => TalentPipelineModule.forRoot(c),
      env: { ...common('talent-pipeline', databases.talent), ADMIN_API_TOKEN: ADMIN },
    });
    secondment = await startInProcessService({
      configSchema: TeacherSecondmentConfigSchema,
      rootModule: (c) => TeacherSecondmentModule.forRoot(c),
      env: { ...common('teacher-secondment', databases.secondment), ADMIN_API_TOKEN: ADMIN },
    });
    rd = await startInProcessService({
      configSchema: RdCollaborationConfigSchema,
      rootModule: (c) => RdCollaborationModule.forRoot(c),
      env: { ...common('rd-collaboration', databases.rd), ADMIN_API_TOKEN: ADMIN },
    });
    mongo = await new MongoClient(testMongoUri(databases.talent)).connect();
  });

  afterAll(async () => {
    await Promise.all([talent?.close(), secondment?.close(), rd?.close()]);
    await mongo?.close();
  });

  it('copies schools and enterprises into the other two services, each in its own database', async () => {
    const school = (await httpJson('POST', `${talent.baseUrl}/v1/schools`, { token: ADMIN, body: { name: 'Rail College', country: 'CN' } }))
      .body;
    const enterprise = (
      await httpJson('POST', `${talent.baseUrl}/v1/enterprises`, {
        token: ADMIN,
        body: { name: 'Metro Works', country: 'CN', industry: 'rail' },
      })
    ).body;

    for (const consumer of [secondment, rd]) {
      const copies = await waitFor('both partners copied', async () => {
        const list = await httpJson('GET', `${consumer.baseUrl}/v1/partners`, { token: ADMIN });
        return list.body.items.length === 2 ? list.body.items : undefined;
      });
      expect(copies).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: school.id, kind: 'school', name: 'Rail College' }),
          expect.objectContaining({ id: enterprise.id, kind: 'enterprise', name: 'Metro Works', industry: 'rail' }),
        ]),
      );
      // The signing secret stays in the talent pipeline.
      expect(JSON.stringify(copies)).not.toContain('whsec_');
    }

    // Three stores: the registry lives in the talent pipeline's database, each copy in its own.
    const talentDb = mongo.db(databases.talent);
    expect(await talentDb.collection('schools').countDocuments({ _id: school.id as never })).toBe(1);
    expect(await talentDb.collection('partners').countDocuments()).toBe(0);
    for (const database of [databases.secondment, databases.rd]) {
      const db = mongo.db(database);
      expect(await db.collection('partners').countDocuments()).toBe(2);
      expect(await db.collection('schools').countDocuments()).toBe(0);
    }
  });

  it("copies each agreement's status history from the talent pipeline's events, with when each change happened", async () => {
    const post = async (path: string, body: unknown) => {
      const response = await httpJson('POST', `${talent.baseUrl}${path}`, { token: ADMIN, body });
      if (response.status >= 300) throw new Error(`POST ${path} -> ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    };
    const school = await post('/v1/schools', { name: 'Harbour College', country: 'CN' });
    const enterprise = await post('/v1/enterprises', { name: 'Dock Robotics', country: 'CN' });
    const agreement = await post('/v1/agreements', {
      schoolId: school.id,
      enterpriseId: enterprise.id,
      scope: 'Internships and joint R&D',
      period: { from: '2026-01-01', to: '2027-12-31' },
      placementKinds: ['internship'],
    });
    await post(`/v1/agreements/${agreement.id}/status`, { to: 'active' });
    await post(`/v1/agreements/${agreement.id}/status`, { to: 'suspended', reason: 'audit' });
    const owned = await mongo
      .db(databases.talent)
      .collection('agreements')
      .findOne({ _id: agreement.id as never });
    const expected = owned!.history.map((h: { status: string; at: Date }, i: number) => ({
      status: h.status,
      from: h.at.toISOString(),
      version: i + 1,
    }));
    expect(expected.map((h: { status: string }) => h.status)).toEqual(['draft', 'active', 'suspended']);

    for (const [consumer, database] of [
      [secondment, databases.secondment],
      [rd, databases.rd],
    ] as const) {
      const copy = await waitFor('the suspension copied', async () => {
        const doc = await mongo
          .db(database)
          .collection('agreements')
          .findOne({ _id: agreement.id as never });
        return doc?.version === 3 ? doc : undefined;
      });
      expect(copy.statusHistory).toEqual(expected);
      // The API shows the agreement as it stands; the history stays in the copy.
      const shown = await httpJson('GET', `${consumer.baseUrl}/v1/agreements/${agreement.id}`, { token: ADMIN });
      expect(shown.body).toMatchObject({ id: agreement.id, status: 'suspended', version: 3 });
      expect(shown.body).not.toHaveProperty('statusHistory');
    }
  });

  it('answers readiness only with Mongo reachable and the consumer running', async () => {
    for (const service of [talent, secondment, rd]) {
      const ready = await httpJson('GET', `${service.baseUrl}/health/ready`);
      expect(ready.status).toBe(200);
      expect(ready.body.details).toMatchObject({ mongo: { status: 'up' }, kafkaConsumer: { status: 'up' }, lifecycle: { status: 'up' } });
    }
  });
});
