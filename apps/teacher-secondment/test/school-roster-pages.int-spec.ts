import { randomUUID } from 'node:crypto';
import { Db, MongoClient } from 'mongodb';
import { testMongoUri, uniqueName } from '@app/testing';
import { SchoolRoster } from '../src/shared/school-roster';

jest.setTimeout(60_000);

describe("a school's documents from its roster, a page at a time (real Mongo-compatible server)", () => {
  let client: MongoClient;
  let db: Db;

  beforeAll(async () => {
    client = await MongoClient.connect(testMongoUri(uniqueName('roster_pages').replace(/-/g, '_')));
    db = client.db();
  });
  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  it("yields the school's documents in _id order in pages of at most 250, nothing of another school, null before the build", async () => {
    const roster = new SchoolRoster(db, 'secondments');
    const school = randomUUID();
    const other = randomUUID();
    const ids = Array.from({ length: 600 }, () => randomUUID());
    for (const id of ids) await roster.add(school, id);
    const theirs = randomUUID();
    // On this school's roster by mistake (an id taken by another school): it resolves to nothing here.
    await roster.add(school, theirs);
    await db
      .collection('secondments')
      .insertMany([
        ...ids.map((id) => ({ _id: id, schoolId: school, hours: 8 }) as never),
        { _id: theirs, schoolId: other, hours: 8 } as never,
      ]);

    expect(await roster.pages(school, { schoolId: 1 })).toBeNull();
    await roster.build();

    const pages = await roster.pages<{ _id: string; schoolId: string }>(school, { schoolId: 1 });
    const sizes: number[] = [];
    const read: string[] = [];
    for await (const page of pages!) {
      sizes.push(page.length);
      read.push(...page.map((doc) => doc._id));
      expect(page.every((doc) => doc.schoolId === school)).toBe(true);
    }
    expect(Math.max(...sizes)).toBeLessThanOrEqual(250);
    expect(sizes.length).toBeGreaterThanOrEqual(3);
    expect(read).toEqual([...ids].sort());
  });
});
