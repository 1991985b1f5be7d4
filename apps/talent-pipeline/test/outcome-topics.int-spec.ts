import { PlacementOutcomeEvent } from '@app/contracts';
import { httpJson, testKafka, TopicRecorder, waitFor } from '@app/testing';
import { OutcomeFeedRepository } from '../src/outcomes/outcome-feed.repository';
import { StudentsService } from '../src/students/students.service';
import { ADMIN_TOKEN, hiredOutcomeFor, publishOutcomes as publishOutcomesOf, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(120_000);

/**
 * A school's own outcome topic (ADR 0075): the school's pull feed published in order to
 * `talent.school-outcome.v1.<schoolId>`, on a real broker, from outcomes that arrive the way they
 * do in production (on talent.placement-outcome.v1, fanned out into the feed).
 */
describe("schools' outcome topics (real Kafka + Mongo)", () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  const kafka = testKafka('outcome-topics-int');

  beforeAll(async () => {
    service = await startTalentPipeline({ OUTCOME_TOPIC_POLL_MS: '100' });
  });
  afterAll(async () => {
    await service?.close();
  });

  const newSchool = async () =>
    (await httpJson('POST', `${service.baseUrl}/v1/schools`, { token: ADMIN_TOKEN, body: { name: 'Topic College', country: 'CN' } }))
      .body as { id: string; apiKey: string };
  const topicRoute = (schoolId: string) => `${service.baseUrl}/v1/schools/${schoolId}/outcome-topic`;

  const hiredAt = hiredOutcomeFor;
  const publishOutcomes = (events: PlacementOutcomeEvent[]) => publishOutcomesOf(service, events);
  const feedOf = async (school: { id: string; apiKey: string }) =>
    (await httpJson('GET', `${service.baseUrl}/v1/schools/${school.id}/placement-outcomes?limit=500`, { token: school.apiKey })).body as {
      items: { cursor: string; event: { id: string } }[];
    };
  /** Records what reaches a school's topic from the beginning, for the rest of the test. */
  const recorders: TopicRecorder[] = [];
  afterEach(async () => {
    for (const recorder of recorders.splice(0)) await recorder.stop();
  });
  const recordTopic = async (topic: string) => {
    const recorder = new TopicRecorder(kafka, [topic]);
    recorders.push(recorder);
    await recorder.start();
    return () => recorder.messages.map((m) => ({ key: m.key, id: m.headers.ce_id, type: m.headers.ce_type }));
  };

  it('publishes the outcomes after the opening, in feed order, as CloudEvents keyed by the school; another school’s stay out', async () => {
    const school = await newSchool();
    const other = await newSchool();
    const before = hiredAt(school.id);
    await publishOutcomes([before]);
    await waitFor('the earlier outcome in the feed', async () => (await feedOf(school)).items.length === 1);

    const opened = await httpJson('PUT', topicRoute(school.id), { token: school.apiKey, body: {} });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({
      schoolId: school.id,
      topic: `${service.prefix}talent.school-outcome.v1.${school.id}`,
      consumerGroupPrefix: `${service.prefix}school-${school.id}`,
      status: 'active',
      cursor: (await feedOf(school)).items[0].cursor,
      published: 0,
      maxAgeDays: 28,
    });

    const records = await recordTopic(opened.body.topic);
    const after = [hiredAt(school.id), hiredAt(school.id), hiredAt(school.id)];
    await publishOutcomes([after[0], hiredAt(other.id), after[1], after[2]]);
    await waitFor('three records on the school’s topic', () => records().length === 3, { timeoutMs: 30_000 });
    expect(records()).toEqual(after.map((event) => ({ key: school.id, id: event.id, type: 'talent.placement.hired.v1' })));
    const state = (await httpJson('GET', topicRoute(school.id), { token: school.apiKey })).body;
    expect(state).toMatchObject({ status: 'active', published: 3, cursor: (await feedOf(school)).items.at(-1)!.cursor });
    expect(state.publishedAt).toBeDefined();
    const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
    expect(Number(/school_outcome_topic_records_total\{[^}]*result="published"[^}]*\} (\d+)/.exec(metrics)?.[1])).toBeGreaterThanOrEqual(3);
    // The topic carries student ids: it is created with the bounded lifetime of ADR 0074.
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: 2, name: opened.body.topic, configNames: ['retention.ms'] }],
      });
      expect(resources[0].configEntries[0].configValue).toBe(String(27 * 86_400_000));
      expect((await admin.fetchTopicMetadata({ topics: [opened.body.topic] })).topics[0].partitions).toHaveLength(1);
    } finally {
      await admin.disconnect();
    }
  });

  it('stops on DELETE and, reopened from a feed cursor, publishes again from there (a republished outcome keeps its id)', async () => {
    const school = await newSchool();
    const opened = (await httpJson('PUT', topicRoute(school.id), { token: school.apiKey, body: {} })).body;
    const records = await recordTopic(opened.topic);
    const ids = () => records().map((r) => r.id);
    const first = hiredAt(school.id);
    await publishOutcomes([first]);
    await waitFor('the first record', () => ids().length === 1, { timeoutMs: 30_000 });

    const stopped = await httpJson('DELETE', topicRoute(school.id), { token: school.apiKey });
    expect(stopped.status).toBe(200);
    expect(stopped.body.status).toBe('stopped');
    const whileStopped = hiredAt(school.id);
    await publishOutcomes([whileStopped]);
    await waitFor('the outcome in the feed', async () => (await feedOf(school)).items.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(ids()).toEqual([first.id]);

    // Reopened from the start of the feed: both outcomes, the first a second time under its own id.
    const reopened = await httpJson('PUT', topicRoute(school.id), { token: school.apiKey, body: { from: 'beginning' } });
    expect(reopened.body.status).toBe('active');
    await waitFor('the replayed records', () => ids().length === 3, { timeoutMs: 30_000 });
    expect(ids()).toEqual([first.id, first.id, whileStopped.id]);

    // Reopened after a feed cursor (the first entry's): what follows it, once more.
    await waitFor(
      'the position recorded',
      async () => (await httpJson('GET', topicRoute(school.id), { token: school.apiKey })).body.published === 3,
    );
    const firstCursor = (await feedOf(school)).items[0].cursor;
    expect((await httpJson('PUT', topicRoute(school.id), { token: school.apiKey, body: { after: firstCursor } })).body.cursor).toBe(
      firstCursor,
    );
    await waitFor('the records after the cursor', () => ids().length === 4, { timeoutMs: 30_000 });
    expect(ids()).toEqual([first.id, first.id, whileStopped.id, whileStopped.id]);
  });

  it('refuses a bad body, an unknown cursor, another school’s key, and answers 404 before the topic is opened', async () => {
    const school = await newSchool();
    const other = await newSchool();
    expect((await httpJson('GET', topicRoute(school.id), { token: school.apiKey })).status).toBe(404);
    expect((await httpJson('DELETE', topicRoute(school.id), { token: school.apiKey })).status).toBe(404);
    const badCursor = await httpJson('PUT', topicRoute(school.id), { token: school.apiKey, body: { after: 'not-a-cursor' } });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.errors).toEqual([expect.objectContaining({ field: 'after' })]);
    // A cursor past the end of this school's feed (another school's): the topic would publish nothing up to it, ever.
    const pastTheEnd = await httpJson('PUT', topicRoute(school.id), { token: school.apiKey, body: { after: 'c2VxOjE' } });
    expect(pastTheEnd.status).toBe(400);
    expect(pastTheEnd.body.errors).toEqual([expect.objectContaining({ field: 'after' })]);
    const extra = await httpJson('PUT', topicRoute(school.id), { token: school.apiKey, body: { topic: 'elsewhere' } });
    expect(extra.status).toBe(400);
    const both = await httpJson('PUT', topicRoute(school.id), { token: school.apiKey, body: { from: 'end', after: 'c2VxOjE' } });
    expect(both.status).toBe(400);
    expect(both.body.errors).toEqual([expect.objectContaining({ field: 'from' })]);
    expect((await httpJson('PUT', topicRoute(school.id), { token: school.apiKey, body: { from: 'now' } })).status).toBe(400);
    expect((await httpJson('PUT', topicRoute(school.id), { token: other.apiKey, body: {} })).status).toBe(403);
    // Nothing was opened by any of them.
    expect((await httpJson('GET', topicRoute(school.id), { token: school.apiKey })).status).toBe(404);
  });

  it('publishes an entry about a student whose erasure has started without its end reason, also before the feed strips it', async () => {
    const school = await newSchool();
    const student = (
      await httpJson('POST', `${service.baseUrl}/v1/students`, {
        token: ADMIN_TOKEN,
        body: { schoolId: school.id, givenName: 'Mei', familyName: 'Lin', programme: 'Mechatronics', cohort: '2026' },
      })
    ).body as { id: string };
    const opened = (await httpJson('PUT', topicRoute(school.id), { token: school.apiKey, body: {} })).body;
    const recorder = new TopicRecorder(kafka, [opened.topic]);
    recorders.push(recorder);
    await recorder.start();
    // The student's erasure has started (it marks the student first), on another replica say.
    await service.app.get(StudentsService).markErasing(student.id);

    const reason = 'Left after a panic attack on the shop floor';
    const { hire: _hire, ...data } = hiredAt(school.id).data;
    const completed = {
      ...hiredAt(school.id),
      type: 'talent.placement.completed.v1',
      data: {
        ...data,
        studentId: student.id,
        outcome: 'completed',
        endOfPlacement: { reason, hoursLogged: 320, evaluation: { count: 0, averageScore: null, competencies: {} } },
      },
    } as PlacementOutcomeEvent;
    // Inserted as a fan-out that read the student as not erased inserts it: its own check after the insert has not run yet.
    await service.app.get(OutcomeFeedRepository).appendMany(school.id, [completed]);

    const record = await waitFor(
      'the outcome on the school’s topic',
      () => recorder.messages.find((m) => m.headers.ce_id === completed.id),
      {
        timeoutMs: 30_000,
      },
    );
    const published = JSON.parse(record.value!);
    expect(published.endOfPlacement ?? published.data?.endOfPlacement).toBeDefined();
    expect(JSON.stringify(published)).not.toContain(reason);
    expect(published.endOfPlacement ?? published.data?.endOfPlacement).toMatchObject({ hoursLogged: 320 });
    // The school's own read of its feed in that moment: the same.
    expect(JSON.stringify((await feedOf(school)).items)).not.toContain(reason);
  });
});
