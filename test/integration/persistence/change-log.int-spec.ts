import { CommandStartedEvent, Db, MongoClient } from 'mongodb';
import { CHANGE_LOG_RECENT, ChangeLog } from '@app/persistence';
import { testMongoUri, uniqueName } from '@app/testing';

jest.setTimeout(60_000);

describe('ChangeLog: what changed since a revision (real Mongo-compatible server)', () => {
  let client: MongoClient;
  let db: Db;

  beforeAll(async () => {
    client = await MongoClient.connect(testMongoUri(uniqueName('changelog').replace(/-/g, '_')), { monitorCommands: true });
    db = client.db();
  });
  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  it('counts every recorded id and names the ones after a revision, each once, in change order', async () => {
    const log = new ChangeLog(db);
    expect(await log.revisions(['a', 'b'])).toEqual(
      new Map([
        ['a', 0],
        ['b', 0],
      ]),
    );
    expect(await log.changesSince('a', 0)).toEqual({ kind: 'unchanged', revision: 0 });

    await log.record('a', ['s1']);
    await log.record('a', ['s2', 's3']);
    await log.record('a', ['s1']);
    await log.record('a', []);
    expect(await log.revisions(['a', 'b'])).toEqual(
      new Map([
        ['a', 4],
        ['b', 0],
      ]),
    );
    expect(await log.changesSince('a', 0)).toEqual({ kind: 'changed', revision: 4, ids: ['s1', 's2', 's3'] });
    expect(await log.changesSince('a', 1)).toEqual({ kind: 'changed', revision: 4, ids: ['s2', 's3', 's1'] });
    expect(await log.changesSince('a', 3)).toEqual({ kind: 'changed', revision: 4, ids: ['s1'] });
    expect(await log.changesSince('a', 4)).toEqual({ kind: 'unchanged', revision: 4 });
    // A reader ahead of the log (a log dropped and started again) reloads.
    expect(await log.changesSince('a', 9)).toEqual({ kind: 'reload', revision: 4 });
  });

  it('loses no concurrent record, and writes a burst of them in a few updates: the count and the ids agree', async () => {
    const log = new ChangeLog(db);
    const ids = Array.from({ length: 60 }, (_, i) => `c${i}`);
    let updates = 0;
    const count = (event: CommandStartedEvent) => {
      if (event.commandName === 'update' && event.command.update === 'change_logs') updates++;
    };
    client.on('commandStarted', count);
    try {
      await Promise.all(ids.map((id) => log.record('concurrent', [id])));
    } finally {
      client.off('commandStarted', count);
    }
    // The first record goes alone; the other 59 wait for it and go together.
    expect(updates).toBeLessThanOrEqual(2);
    const changes = await log.changesSince('concurrent', 0);
    expect(changes.kind).toBe('changed');
    expect(changes.revision).toBe(60);
    expect(changes.kind === 'changed' && [...changes.ids].sort()).toEqual([...ids].sort());
  });

  it(`keeps the latest ${CHANGE_LOG_RECENT} ids: a reader further behind is told to reload`, async () => {
    const log = new ChangeLog(db);
    await log.record('bulk', ['first']);
    await log.record(
      'bulk',
      Array.from({ length: CHANGE_LOG_RECENT + 5 }, (_, i) => `b${i}`),
    );
    expect(await log.changesSince('bulk', 0)).toEqual({ kind: 'reload', revision: CHANGE_LOG_RECENT + 6 });
    expect(await log.changesSince('bulk', 1)).toEqual({ kind: 'reload', revision: CHANGE_LOG_RECENT + 6 });
    // Within the kept ids the answer is exact.
    const recent = await log.changesSince('bulk', 10);
    expect(recent.kind === 'changed' && recent.ids).toEqual(Array.from({ length: CHANGE_LOG_RECENT - 4 }, (_, i) => `b${i + 9}`));
    const document = await db.collection<{ _id: string; recent: string[] }>('change_logs').findOne({ _id: 'bulk' });
    expect(document?.recent).toHaveLength(CHANGE_LOG_RECENT);
  });
});
