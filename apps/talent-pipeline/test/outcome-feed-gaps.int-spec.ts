import { randomUUID } from 'node:crypto';
import { FindCursor, MongoClient } from 'mongodb';
import { httpJson, testMongoUri } from '@app/testing';
import { OutcomesService } from '../src/outcomes/outcomes.service';
import { ADMIN_TOKEN, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(60_000);

/**
 * Issue 7, item 14: a feed position is taken before the entry is written, so two writers (a
 * rebalance overlap, a replay) can land position 3 after position 4. A reader must not move its
 * cursor past a position that may still arrive; a gap left by a crash must not block it for ever.
 */
describe('outcome feed cursor across a write still in flight (real Kafka + Mongo)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let mongo: MongoClient;

  beforeAll(async () => {
    service = await startTalentPipeline();
    mongo = await new MongoClient(testMongoUri(service.database)).connect();
  });
  afterAll(async () => {
    await mongo?.close();
    await service?.close();
  });

  async function newSchool() {
    return (await httpJson('POST', `${service.baseUrl}/v1/schools`, { token: ADMIN_TOKEN, body: { name: 'Gap College', country: 'CN' } }))
      .body as { id: string; apiKey: string };
  }

  /** Each entry's feed position, by the placement its (contract-valid) event names. */
  const seqOf = new Map<string, number>();
  const entry = (schoolId: string, seq: number, recordedAt: Date, outcome: 'hired' | 'completed' = 'hired') => {
    const id = randomUUID();
    const placementId = randomUUID();
    seqOf.set(placementId, seq);
    const event = {
      specversion: '1.0',
      id,
      source: 'urn:school-enterprise:talent-pipeline',
      type: `talent.placement.${outcome}.v1`,
      time: recordedAt.toISOString(),
      datacontenttype: 'application/json',
      data: {
        placementId,
        schoolId,
        enterpriseId: randomUUID(),
        studentId: randomUUID(),
        programme: 'Mechatronics',
        cohort: '2026',
        kind: 'internship',
        role: 'CNC machinist',
        outcome,
        occurredAt: recordedAt.toISOString(),
      },
    };
    return { _id: `${event.source}|${id}`, schoolId, seq, event, recordedAt };
  };
  const write = (...entries: object[]) =>
    mongo
      .db()
      .collection('outcome_feed')
      .insertMany(entries as never[]);
  const read = async (school: { id: string; apiKey: string }, after?: string, query = '') =>
    (
      await httpJson('GET', `${service.baseUrl}/v1/schools/${school.id}/placement-outcomes?${after ? `after=${after}&` : ''}${query}`, {
        token: school.apiKey,
      })
    ).body as { items: { cursor: string; event: { data: { placementId: string } } }[]; nextCursor: string };
  const positions = (page: { items: { event: { data: { placementId: string } } }[] }) =>
    page.items.map((i) => seqOf.get(i.event.data.placementId));

  it('stops before a fresh gap, and hands out the late entry and the rest once it is written', async () => {
    const school = await newSchool();
    const now = new Date();
    await write(entry(school.id, 1, now), entry(school.id, 2, now), entry(school.id, 4, now));
    const first = await read(school);
    expect(positions(first)).toEqual([1, 2]);

    await write(entry(school.id, 3, new Date()));
    const second = await read(school, first.nextCursor);
    expect(positions(second)).toEqual([3, 4]);
  });

  it("appends after a database restart lost the position counter's last increments, instead of taking a clash for a duplicate", async () => {
    // The Mongo-compatible server commits in batches: after a restart the counter can be behind
    // entries that did survive. The next position taken then clashes with an existing entry.
    const school = await newSchool();
    const now = new Date();
    await write(entry(school.id, 1, now), entry(school.id, 2, now), entry(school.id, 3, now));
    await mongo
      .db()
      .collection<{ _id: string; seq: number }>('counters')
      .updateOne({ _id: `outcome-feed|${school.id}` }, { $set: { seq: 1 } }, { upsert: true });

    const event = entry(school.id, 4, now).event;
    const outcomes = service.app.get(OutcomesService, { strict: false });
    expect(await outcomes.append(school.id, event as never)).toBe(true);
    expect(await outcomes.append(school.id, event as never)).toBe(false);

    expect(positions(await read(school))).toEqual([1, 2, 3, 4]);
  });

  it('reads across a gap old enough to be a crash between taking a position and writing it', async () => {
    const school = await newSchool();
    const longAgo = new Date(Date.now() - 60_000);
    await write(entry(school.id, 1, longAgo), entry(school.id, 3, longAgo));
    expect(positions(await read(school))).toEqual([1, 3]);
  });

  describe('a page filtered to one event type', () => {
    const completedOnly = 'type=talent.placement.completed.v1';

    it('reads a bounded number of entries however many of other types lie between its matches', async () => {
      const school = await newSchool();
      const longAgo = new Date(Date.now() - 60_000);
      const hired = Array.from({ length: 3_000 }, (_, i) => entry(school.id, i + 1, longAgo));
      await write(...hired, entry(school.id, 3_001, longAgo, 'completed'));

      // Every document the feed's reads bring into the service, counted as the driver hands them over.
      const loaded: number[] = [];
      const toArray = FindCursor.prototype.toArray;
      const spy = jest.spyOn(FindCursor.prototype, 'toArray').mockImplementation(async function (this: FindCursor) {
        const documents = await toArray.call(this);
        if (this.namespace.collection === 'outcome_feed') loaded.push(documents.length);
        return documents;
      });
      try {
        expect(positions(await read(school, undefined, completedOnly))).toEqual([3_001]);
      } finally {
        spy.mockRestore();
      }
      expect(loaded.reduce((sum, n) => sum + n, 0)).toBeLessThan(100);
    });

    it('stops before a fresh gap ahead of its match, and hands the match out once the gap is filled', async () => {
      const school = await newSchool();
      const longAgo = new Date(Date.now() - 60_000);
      await write(entry(school.id, 1, longAgo), entry(school.id, 2, longAgo), entry(school.id, 4, new Date(), 'completed'));
      const first = await read(school, undefined, completedOnly);
      expect(positions(first)).toEqual([]);

      await write(entry(school.id, 3, new Date()));
      expect(positions(await read(school, undefined, completedOnly))).toEqual([4]);
    });
  });
});
