import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResults } from './bench-results';
import { hirePathFellBehind, renderReport } from './report';

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

describe('the bench report says whether the hire path kept up', () => {
  it('falls behind when it delivers under 90% of the offered rate, or the latency grows through the run', () => {
    const l = { ratePerSecond: 200, firstTenthP50Ms: 60, lastTenthP50Ms: 70 };
    expect(hirePathFellBehind(l, 198)).toBe(false);
    expect(hirePathFellBehind(l, 170)).toBe(true);
    expect(hirePathFellBehind({ ...l, lastTenthP50Ms: 130 }, 198)).toBe(true);
    // a high but steady latency is hires in flight, not a backlog
    expect(hirePathFellBehind({ ...l, firstTenthP50Ms: 300, lastTenthP50Ms: 290 }, 198)).toBe(false);
    // twice as slow at the end, but still fast
    expect(hirePathFellBehind({ ...l, firstTenthP50Ms: 20, lastTenthP50Ms: 50 }, 198)).toBe(false);
  });

  it('explains a steady path by its segments, a backlog as a backlog', () => {
    const steady = ownStandIn();
    steady.latency = { ...steady.latency, hires: 1000, delivered: 1000, spanSeconds: 5.05, firstTenthP50Ms: 80, lastTenthP50Ms: 70 };
    const page = renderReport(steady);
    expect(page).toContain('**The hire path kept up with 200 hires/s.** ~198.0 hires/s end to end, and no backlog grew');
    expect(page).toContain(`→ hire applied ${Math.round(steady.latency.inboundRecordToHireAppliedMs!.p50)}, → outcome record`);
    expect(page).not.toContain('did not keep up');

    const growing = ownStandIn();
    growing.latency = { ...growing.latency, hires: 1000, delivered: 1000, spanSeconds: 5.05, firstTenthP50Ms: 80, lastTenthP50Ms: 400 };
    expect(renderReport(growing)).toContain('**The hire path did not keep up with 200 hires/s in this run.**');
  });
});
