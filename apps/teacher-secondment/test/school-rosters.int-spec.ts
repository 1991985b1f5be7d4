import { randomUUID } from 'node:crypto';
import { CommandStartedEvent, Db, MongoClient } from 'mongodb';
import { MONGO_DB, OutboxRelay } from '@app/persistence';
import { httpJson, testMongoUri, waitFor } from '@app/testing';
import { SCHOOL_ROSTER_BUILDS, SCHOOL_ROSTERS } from '../src/shared/school-roster';
import {
  activeSecondment,
  ADMIN_TOKEN,
  logAndCountersign,
  ok,
  publishPost,
  registerTeacher,
  SecondmentService,
  seedPartnership,
  startTeacherSecondment,
} from './teacher-secondment.harness';

jest.setTimeout(180_000);

/** No sweep at start: its read of every teacher would mix into the commands counted below. */
const ENV = { COMPLIANCE_SWEEP_ON_START: 'false' };
const REPORTED_COLLECTIONS = ['teachers', 'secondments'];

type Pair = Awaited<ReturnType<typeof seedPartnership>>;
/** A stored document as read and copied here. */
type Stored = Record<string, unknown> & { _id: string; outboxPending?: true };

describe("a school's report reads its teachers and secondments by primary key from the school's roster (real Kafka and Mongo)", () => {
  let a: SecondmentService;
  let b: SecondmentService | undefined;
  let first: Pair;
  let second: Pair;
  let mongo: MongoClient;
  let db: Db;
  const firstTeachers: string[] = [];
  const secondTeachers: string[] = [];

  const report = async (service: SecondmentService, pair: Pair) =>
    ok('GET', `${service.baseUrl}/v1/reports/schools/${pair.schoolId}?asOf=2026-09-07&withinDays=30`, pair.schoolKey);
  const lapsing = async (service: SecondmentService, pair: Pair) =>
    ok('GET', `${service.baseUrl}/v1/compliance/lapsing?schoolId=${pair.schoolId}&withinDays=3650`, pair.schoolKey);
  const built = async () => (await db.collection(SCHOOL_ROSTER_BUILDS).countDocuments()) === 2;

  /**
   * The service's own find commands on teachers and secondments while `run` runs, but for lookups of one id (the recompute
   * queue may still be judging a teacher); the relay is paused so its passes do not mix in.
   */
  async function findsDuring<T>(service: SecondmentService, run: () => Promise<T>): Promise<{ result: T; finds: CommandStartedEvent[] }> {
    const relay = service.app.get(OutboxRelay);
    await relay.stopAndFlush();
    const client = service.app.get<Db>(MONGO_DB).client;
    const finds: CommandStartedEvent[] = [];
    const record = (event: CommandStartedEvent) => {
      const { find, filter } = event.command as { find?: unknown; filter?: { _id?: unknown } };
      if (event.commandName === 'find' && REPORTED_COLLECTIONS.includes(String(find)) && typeof filter?._id !== 'string') finds.push(event);
    };
    client.on('commandStarted', record);
    try {
      return { result: await run(), finds };
    } finally {
      client.off('commandStarted', record);
      relay.start();
    }
  }

  beforeAll(async () => {
    a = await startTeacherSecondment(ENV);
    mongo = await MongoClient.connect(testMongoUri(a.database));
    db = mongo.db(a.database);
    [first, second] = await Promise.all([seedPartnership(a), seedPartnership(a)]);
    for (const [pair, ids, names] of [
      [first, firstTeachers, ['Chen Jing', 'Liu Yang', 'Zhao Min', 'Sun Li']],
      [second, secondTeachers, ['Wu Fang', 'Zhou Bo']],
    ] as const) {
      for (const displayName of names) ids.push((await registerTeacher(a.baseUrl, pair.schoolKey, { displayName })).id);
      const post = await publishPost(a.baseUrl, pair.enterpriseKey, pair.schoolId);
      const done = await activeSecondment(a.baseUrl, pair, ids[0], post.id);
      await logAndCountersign(a.baseUrl, pair, done.id, ['2026-09-07', '2026-09-08']);
      await ok('POST', `${a.baseUrl}/v1/secondments/${done.id}/complete`, pair.enterpriseKey);
      const running = await activeSecondment(a.baseUrl, pair, ids[1], post.id);
      await ok('POST', `${a.baseUrl}/v1/secondments/${running.id}/logs`, pair.schoolKey, {
        date: '2026-09-09',
        hours: 6,
        tasks: ['inspection'],
      });
    }
    await waitFor('the rosters built at start', built);
  });
  afterAll(async () => {
    await b?.close();
    await mongo?.close();
    await a?.close();
  });

  it('answers as the query by school did, reading only by _id: one find per collection for a small school', async () => {
    const { result: viaRoster, finds } = await findsDuring(a, () => report(a, first));
    expect(viaRoster.teachers.map((t: { teacherId: string }) => t.teacherId)).toEqual([...firstTeachers].sort());
    expect(viaRoster.hostedByEnterprise).toEqual([
      { enterpriseId: first.enterpriseId, secondments: 2, teachers: 2, countersignedHours: 16 },
    ]);
    // Bound on the work: every read of teachers and secondments asks for the ids it wants and nothing else (served by the _id
    // index, also on the stand-in), one round trip per 250 ids; a query by schoolId would be a full scan on the stand-in.
    expect(finds.map((f) => f.command.find).sort()).toEqual(['secondments', 'teachers']);
    for (const find of finds) {
      expect(Object.keys(find.command.filter)).toEqual(['_id']);
      expect(find.command.filter._id.$in.length).toBe(find.command.find === 'teachers' ? 4 : 2);
    }
    const viaRosterLapsing = await lapsing(a, first);

    // The same database with the marks gone answers by the schoolId query, as before the rosters existed: the same report.
    const marks = await db.collection(SCHOOL_ROSTER_BUILDS).find().toArray();
    await db.collection(SCHOOL_ROSTER_BUILDS).deleteMany({});
    try {
      const { result: viaQuery, finds: queryFinds } = await findsDuring(a, () => report(a, first));
      for (const find of queryFinds) expect(find.command.filter).toEqual({ schoolId: first.schoolId });
      expect(viaQuery).toEqual(viaRoster);
      expect(await lapsing(a, first)).toEqual(viaRosterLapsing);
    } finally {
      await db.collection(SCHOOL_ROSTER_BUILDS).insertMany(marks);
    }
  });

  it("ids on another school's roster resolve to nothing there: a failed registration under a taken id, a crash before the insert", async () => {
    const before = await report(a, second);
    // A registration for the second school under the first school's teacher id: the roster write comes first, the insert fails.
    const taken = await httpJson('POST', `${a.baseUrl}/v1/teachers`, {
      token: ADMIN_TOKEN,
      body: {
        id: firstTeachers[0],
        schoolId: second.schoolId,
        displayName: 'Impostor',
        subject: 'Mechatronics',
        professionalCourse: true,
        hireDate: '2012-09-01',
        priorEnterpriseExperienceMonths: 0,
      },
    });
    expect(taken.status).toBe(409);
    const roster = await db.collection<{ _id: string; teachers: string[] }>(SCHOOL_ROSTERS).findOne({ _id: second.schoolId });
    expect(roster!.teachers).toContain(firstTeachers[0]);
    // A crash between the roster write and the insert: an id nothing was stored under.
    await db
      .collection<{ _id: string }>(SCHOOL_ROSTERS)
      .updateOne({ _id: second.schoolId }, { $addToSet: { teachers: randomUUID(), secondments: randomUUID() } });
    const after = await report(a, second);
    expect(after).toEqual(before);
    expect(after.teachers.map((t: { teacherId: string }) => t.teacherId)).toEqual([...secondTeachers].sort());
    const firstReport = await report(a, first);
    expect(firstReport.teachers.map((t: { teacherId: string }) => t.teacherId)).toEqual([...firstTeachers].sort());
  });

  it('a database from before the rosters: teachers and secondments stored without them are on the report, before and after the build at start', async () => {
    // A teacher and a secondment written directly, as an earlier version of the service stored them (no roster).
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the copy leaves the original's outbox flag behind
    const { outboxPending: flag, ...stored } = (await db.collection<Stored>('teachers').findOne({ _id: firstTeachers[0] }))!;
    const oldTeacherId = randomUUID();
    await db
      .collection<Stored>('teachers')
      .insertOne({ ...stored, _id: oldTeacherId, displayName: 'Stored before rosters', outbox: [], version: 1, bookings: [] });
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the copy leaves the original's outbox flag behind
    const { outboxPending, ...oldSecondment } = (await db.collection<Stored>('secondments').findOne({ teacherId: firstTeachers[0] }))!;
    await db.collection<Stored>('secondments').insertOne({ ...oldSecondment, _id: randomUUID(), teacherId: oldTeacherId, outbox: [] });
    // No rosters at all, as in a database written before they existed.
    await db.collection(SCHOOL_ROSTERS).drop();
    await db.collection(SCHOOL_ROSTER_BUILDS).drop();

    const before = await report(a, first);
    expect(before.teachers.map((t: { teacherId: string }) => t.teacherId)).toEqual([...firstTeachers, oldTeacherId].sort());
    expect(before.teachers.find((t: { teacherId: string }) => t.teacherId === oldTeacherId)).toMatchObject({
      displayName: 'Stored before rosters',
      compliantNow: false,
      creditedDaysNow: 2,
    });
    expect(before.hostedByEnterprise).toEqual([{ enterpriseId: first.enterpriseId, secondments: 3, teachers: 3, countersignedHours: 32 }]);

    // A replica started on that database builds the rosters once (in the background) and then reads by _id: the same answers.
    b = await startTeacherSecondment(ENV, { replicaOf: a });
    await waitFor('the rosters built at start', built);
    const { result: after, finds } = await findsDuring(b, () => report(b!, first));
    expect(after).toEqual(before);
    expect(finds).toHaveLength(2);
    for (const find of finds) expect(Object.keys(find.command.filter._id)).toEqual(['$in']);
    expect(await report(b, second)).toEqual(await report(a, second));
    // Built once: a later start reads the marks and builds nothing again.
    const marks = await db.collection<{ _id: string; documents: number }>(SCHOOL_ROSTER_BUILDS).find().sort({ _id: 1 }).toArray();
    expect(marks.map((m) => [m._id, m.documents])).toEqual([
      ['secondments', 5],
      ['teachers', 7],
    ]);
  });
});
