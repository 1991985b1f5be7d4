import { Logger } from '@nestjs/common';
import { Db, MongoClient } from 'mongodb';
import { ChangeFedReadModel, ChangeLog, ReadModelSource } from '@app/persistence';
import { testMongoUri, uniqueName } from '@app/testing';

jest.setTimeout(60_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A read model of a plain collection: id to name, counting its whole loads. */
class Names implements ReadModelSource<Map<string, string>> {
  readonly streams = ['items'];
  loads = 0;
  constructor(private readonly db: Db) {}
  async load(): Promise<Map<string, string>> {
    this.loads++;
    const docs = await this.db.collection<{ _id: string; name: string }>('items').find().toArray();
    return new Map(docs.map((d) => [d._id, d.name]));
  }
  async apply(state: Map<string, string>, changed: ReadonlyMap<string, readonly string[]>): Promise<void> {
    const ids = [...(changed.get('items') ?? [])];
    const docs = await this.db
      .collection<{ _id: string; name: string }>('items')
      .find({ _id: { $in: ids } })
      .toArray();
    ids.forEach((id) => state.delete(id));
    docs.forEach((d) => state.set(d._id, d.name));
  }
  describe(state: Map<string, string>): string {
    return `${state.size} items`;
  }
  size(state: Map<string, string>): number {
    return state.size;
  }
}

/** A change log whose reads fail while `down` is set, as during a database outage. */
class UnreachableWhenDown extends ChangeLog {
  down = false;
  override revisions(streams: readonly string[]): Promise<Map<string, number>> {
    return this.down ? Promise.reject(new Error('connection refused')) : super.revisions(streams);
  }
}

describe('ChangeFedReadModel: an in-memory model caught up through the change log (real Mongo-compatible server)', () => {
  let client: MongoClient;
  let db: Db;
  let changes: ChangeLog;
  const models: ChangeFedReadModel<unknown>[] = [];

  /** Writes `count` items and records them, as a service's repository does. */
  const write = async (prefix: string, count: number) => {
    const docs = Array.from({ length: count }, (_, i) => ({ _id: `${prefix}-${i}`, name: `${prefix} ${i}` }));
    await db.collection<{ _id: string; name: string }>('items').insertMany(docs);
    await changes.record(
      'items',
      docs.map((d) => d._id),
    );
  };
  const model = (source: Names, options: { followMs?: number; maxAgeMs?: number } = {}) => {
    const made = new ChangeFedReadModel(changes, source, { name: 'names', maxAgeMs: 60_000, enabled: true, ...options });
    models.push(made as ChangeFedReadModel<unknown>);
    return made;
  };

  beforeEach(async () => {
    client = await MongoClient.connect(testMongoUri(uniqueName('readmodel').replace(/-/g, '_')));
    db = client.db();
    changes = new ChangeLog(db);
  });
  afterEach(async () => {
    models.splice(0).forEach((m) => m.stop());
    await db.dropDatabase();
    await client.close();
  });

  it('loads once, then sees each recorded write at the next use by reloading only it', async () => {
    await write('a', 3);
    const source = new Names(db);
    const names = model(source);
    expect((await names.current())?.size).toBe(3);
    await write('b', 2);
    await db.collection<{ _id: string; name: string }>('items').updateOne({ _id: 'a-0' }, { $set: { name: 'renamed' } });
    await changes.record('items', ['a-0']);
    const state = await names.current();
    expect(state?.size).toBe(5);
    expect(state?.get('a-0')).toBe('renamed');
    expect(source.loads).toBe(1);
  });

  it('following in the background while in use, keeps up with more writes between two uses than the log keeps', async () => {
    const followed = new Names(db);
    const unfollowed = new Names(db);
    const withFollow = model(followed, { followMs: 50 });
    const withoutFollow = model(unfollowed);
    await withFollow.current();
    await withoutFollow.current();
    // 1,200 changes between two uses: more than the 1,000 ids the log keeps.
    for (const batch of ['x', 'y', 'z', 'w']) {
      await write(batch, 300);
      await sleep(300);
    }
    expect((await withFollow.current())?.size).toBe(1_200);
    expect((await withoutFollow.current())?.size).toBe(1_200);
    expect(followed.loads).toBe(1);
    // Without following, the model fell behind the log and loaded everything again.
    expect(unfollowed.loads).toBe(2);
  });

  it('fallen behind the log, lets go of its old state before loading the new one whole', async () => {
    await write('a', 5);
    const source = new Names(db);
    const names = model(source);
    expect((await names.current())?.size).toBe(5);
    const heldDuringReload: (number | undefined)[] = [];
    const load = source.load.bind(source);
    source.load = async () => {
      heldDuringReload.push(names.peek()?.size);
      return load();
    };
    // more changes than the log keeps: the next use loads everything again
    await write('b', 1_100);
    expect((await names.current())?.size).toBe(1_105);
    expect(source.loads).toBe(2);
    // while the new state was read, the model no longer held the old one
    expect(heldDuringReload).toEqual([undefined]);
  });

  it('drops its state once unused for maxAgeMs, and loads again at the next use', async () => {
    await write('a', 2);
    const source = new Names(db);
    const names = model(source, { followMs: 50, maxAgeMs: 300 });
    await names.current();
    expect(names.peek()?.size).toBe(2);
    await sleep(800);
    expect(names.peek()).toBeUndefined();
    expect((await names.current())?.size).toBe(2);
    expect(source.loads).toBe(2);
  });

  it('answers undefined while turned off, and never loads', async () => {
    const source = new Names(db);
    const off = new ChangeFedReadModel(changes, source, { name: 'off', maxAgeMs: 60_000, enabled: false });
    expect(await off.current()).toBeUndefined();
    expect(source.loads).toBe(0);
  });

  it('logs a failing background catch-up once, not at every attempt, and says when it works again', async () => {
    const flaky = new UnreachableWhenDown(db);
    await write('a', 2);
    const names = new ChangeFedReadModel(flaky, new Names(db), { name: 'names', maxAgeMs: 60_000, enabled: true, followMs: 50 });
    models.push(names as ChangeFedReadModel<unknown>);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    try {
      expect((await names.current())?.size).toBe(2);
      flaky.down = true;
      await sleep(600); // about 12 attempts
      flaky.down = false;
      await write('b', 1); // recorded through the working change log
      await sleep(300);
      const failures = warn.mock.calls.filter(([message]) => String(message).includes('background catch-up failed'));
      expect(failures).toHaveLength(1);
      expect(log.mock.calls.some(([message]) => /works again after \d+ failed attempt/.test(String(message)))).toBe(true);
      // Followed again: the write made after the outage is in the model without a use.
      expect(names.peek()?.size).toBe(3);
    } finally {
      warn.mockRestore();
      log.mockRestore();
    }
  });
});
