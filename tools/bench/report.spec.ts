import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResults } from './bench';
import { renderReport } from './report';

/** A reduced run's results (npm run bench with small sizes), on the bench's own stand-in. */
const ownStandIn = (): BenchResults => JSON.parse(readFileSync(join(__dirname, 'fixtures/bench-results.json'), 'utf8')) as BenchResults;

describe('the bench report names the database server it measured', () => {
  it('on its own stand-in: the stand-in row and its caveats', () => {
    const page = renderReport(ownStandIn());
    expect(page).toMatch(/\| Mongo \| mongo-java-server [\d.]+ with the H2 MVStore backend \(on disk\), heap \S+ \|/);
    expect(page).toContain('**mongo-java-server is not MongoDB.**');
    expect(page).toContain('all share the\nsame');
  });

  it('on a MongoDB given to it: the server, where it is, no stand-in caveats, its CPU not measured', () => {
    const results = ownStandIn();
    results.settings.mongoGiven = true;
    results.mongoServer = {
      kind: 'mongodb',
      version: '8.0.4',
      topology: 'replica set rs0',
      address: 'mongodb://db1:27017,db2:27017/?replicaSet=rs0',
      label: 'MongoDB 8.0.4, replica set rs0',
    };
    results.idleCpu = { ...results.idleCpu, mongo: NaN };
    const page = renderReport(results);
    expect(page).toContain(
      '| Mongo | MongoDB 8.0.4, replica set rs0 at mongodb://db1:27017,db2:27017/?replicaSet=rs0, given to the bench (`BENCH_MONGO_URL` or `BENCH_MONGO=testcontainers`); its CPU is not measured (n/a in the CPU tables) |',
    );
    expect(page).not.toContain('mongo-java-server is not MongoDB');
    expect(page).not.toContain('Indexes on this stack are simpler');
    expect(page).toContain('**The database server was given to the bench** (MongoDB 8.0.4, replica set rs0)');
    expect(page).toContain('the database server\nwas given to the bench (mongodb://db1:27017,db2:27017/?replicaSet=rs0)');
  });

  it('on a stand-in given to it: named as given, with the stand-in caveats', () => {
    const results = ownStandIn();
    results.settings.mongoGiven = true;
    results.mongoServer = { ...results.mongoServer!, address: 'mongodb://127.0.0.1:27019' };
    const page = renderReport(results);
    expect(page).toContain('| Mongo | mongo-java-server stand-in (reports MongoDB 5.0.0) at mongodb://127.0.0.1:27019, given to the bench');
    expect(page).toContain('the database server\nwas given to the bench (mongodb://127.0.0.1:27019)');
    expect(page).toContain('**mongo-java-server is not MongoDB.**');
  });
});
