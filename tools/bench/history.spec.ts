import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResults } from './bench-results';
import type { DownstreamRun } from './downstream';
import {
  databaseLabel,
  GIVEN_SERVER,
  downstreamFigures,
  HistoryRecord,
  mainFigures,
  renderHistory,
  STAND_IN,
  withHistorySection,
  worsening,
} from './history';
import type { MongoServerInfo } from './mongo-server';

const run = (commit: string, hiresPerSecond: number, p99Ms: number): HistoryRecord => ({
  date: `2026-12-0${commit.length}T00:00:00.000Z`,
  commit,
  machine: '2 cores',
  load: '0.10',
  figures: [
    { name: 'downstream hires', value: hiresPerSecond, unit: 'hires/s', better: 'higher', peer: 100, how: 'produced to Kafka' },
    { name: 'webhook p99', value: p99Ms, unit: 'ms', better: 'lower', how: 'signed POST' },
  ],
});

describe('benchmark run history', () => {
  it('measures worsening in the direction that is worse for the figure', () => {
    expect(worsening({ better: 'higher' }, 75, 100)).toBeCloseTo(0.25);
    expect(worsening({ better: 'higher' }, 125, 100)).toBeCloseTo(-0.25);
    expect(worsening({ better: 'lower' }, 130, 100)).toBeCloseTo(0.3);
    expect(worsening({ better: 'lower' }, 50, 100)).toBeCloseTo(-0.5);
  });

  it('renders one table per run, newest first, with the peer ratio and a regression of more than 20% called out', () => {
    const page = renderHistory([run('a', 200, 100), run('bb', 150, 110)]);
    expect(page.indexOf('commit bb')).toBeLessThan(page.indexOf('commit a)'));
    // 200 -> 150 hires/s is 25% worse: a regression; 100 -> 110 ms p99 is 10% worse: not.
    expect(page).toContain('| downstream hires | 150 hires/s | 100 hires/s | 1.50× | **regression: -25%** (was 200) |');
    expect(page).toContain('| webhook p99 | 110 ms | n/a | n/a | 10% (was 100) |');
    expect(page).toContain('**Regressions against the previous run:** downstream hires.');
    // The oldest run has nothing to compare with.
    expect(page).toContain('| downstream hires | 200 hires/s | 100 hires/s | 2.00× | n/a |');
  });

  it('compares a run only with earlier runs on the same kind of database server', () => {
    const onMongo = { ...run('ccc', 400, 40), database: 'MongoDB 8.0.4, replica set rs0' };
    const page = renderHistory([run('a', 200, 100), onMongo, run('dddd', 190, 90)]);
    // the MongoDB run has no earlier MongoDB run: nothing to compare, although the stand-in run came before
    expect(page).toContain('database: MongoDB 8.0.4, replica set rs0.');
    expect(page).toContain('| downstream hires | 400 hires/s | 100 hires/s | 4.00× | n/a |');
    // the later stand-in run compares with the stand-in run before the MongoDB one (200), not with 400
    expect(page).toContain('| downstream hires | 190 hires/s | 100 hires/s | 1.90× | -5% (was 200) |');
    expect(page).toContain(`database: ${STAND_IN}.`);
  });

  it('does not compare a figure whose method changed with the figure measured the old way', () => {
    const before = run('a', 200, 100);
    const after = run('bb', 150, 300);
    after.figures[1] = { ...after.figures[1], how: 'signed POST, 100 samples' };
    const page = renderHistory([before, after]);
    expect(page).toContain('| webhook p99 | 300 ms | n/a | n/a | n/a | signed POST, 100 samples |');
    expect(page).toContain('**Regressions against the previous run:** downstream hires.');
  });

  it("compares figures by their method where `how` carries the run's own numbers", () => {
    const sustained = (commit: string, value: number, how: string): HistoryRecord => ({
      ...run(commit, 200, 100),
      figures: [{ name: 'downstream hires sustained', value, unit: 'hires/s', better: 'higher', how, method: 'the same hires for both' }],
    });
    const page = renderHistory([
      sustained('a', 1000, '82507 hires for both (52 s)'),
      sustained('bb', 700, '135960 hires for both (146 s)'),
    ]);
    expect(page).toContain(
      '| downstream hires sustained | 700 hires/s | n/a | n/a | **regression: -30%** (was 1000) | 135960 hires for both (146 s) |',
    );
  });

  it("names the hire latency's warm-up in how it was measured, so a run with another warm-up is not compared with it", () => {
    const results = JSON.parse(readFileSync(join(__dirname, 'fixtures/bench-results.json'), 'utf8')) as BenchResults;
    const latencyHows = (warmupHires: number | undefined) =>
      mainFigures({
        ...results,
        latency: { ...results.latency, warmup: warmupHires === undefined ? undefined : { ...results.latency.warmup!, hires: warmupHires } },
      })
        .filter((figure) => figure.name.startsWith('hire to school webhook'))
        .map((figure) => figure.how);
    expect(latencyHows(1000)).toEqual([
      `signed POST to the receiver verifying the webhook, ${results.latency.hires} hires after 1000 warm-up ones`,
      `signed POST to the receiver verifying the webhook, ${results.latency.hires} hires after 1000 warm-up ones`,
    ]);
    expect(latencyHows(400)[0]).not.toBe(latencyHows(1000)[0]);
    expect(latencyHows(undefined)[0]).toContain('after 0 warm-up ones');
  });

  it('names the server the results name, the stand-in when they name none or the stand-in', () => {
    const server = (kind: MongoServerInfo['kind'], label: string): MongoServerInfo => ({
      kind,
      label,
      version: '8.0.4',
      topology: 'standalone',
      address: 'mongodb://h',
    });
    expect(databaseLabel(undefined, undefined)).toBe(STAND_IN);
    expect(
      databaseLabel({ mongoServer: server('stand-in', 'mongo-java-server stand-in (reports MongoDB 5.0.0)') } as never, undefined),
    ).toBe(STAND_IN);
    expect(databaseLabel(undefined, [{ mongoServer: server('mongodb', 'MongoDB 8.0.4, standalone') } as DownstreamRun])).toBe(
      'MongoDB 8.0.4, standalone',
    );
    // Only the services part ran, on a server given to the bench: never compared with stand-in runs.
    expect(databaseLabel(undefined, undefined, true)).toBe(GIVEN_SERVER);
  });

  it('replaces the history section of the page, or appends it once', () => {
    const once = withHistorySection('# Benchmarks\n\nfigures\n', 'first');
    expect(once).toBe('# Benchmarks\n\nfigures\n\n<!-- run-history:start -->\nfirst\n<!-- run-history:end -->\n');
    const twice = withHistorySection(once, 'second');
    expect(twice).toContain('second');
    expect(twice).not.toContain('first');
    expect(twice.match(/run-history:start/g)).toHaveLength(1);
  });

  it('takes the burst runs for the per-partition figures and the sustained runs for their own', () => {
    const downstream = (consumer: string, partitions: number, hiresPerSecond: number, sustained?: boolean): DownstreamRun => ({
      consumer,
      partitions,
      hires: sustained ? hiresPerSecond * 60 : 1500,
      ...(sustained ? { sustained } : {}),
      seconds: sustained ? 60 : 1500 / hiresPerSecond,
      hiresPerSecond,
      consumerCpuMsPerHire: 1,
      mongoCpuMsPerHire: 1,
      peakRssMiB: 200,
    });
    const figures = downstreamFigures([
      downstream('stock NestJS peer (ServerKafka + mongoose)', 3, 300),
      downstream('talent pipeline', 3, 900),
      downstream('stock NestJS peer (ServerKafka + mongoose)', 3, 250, true),
      downstream('talent pipeline', 3, 700, true),
      downstream('stock NestJS peer (ServerKafka + mongoose)', 1, 180, true),
      downstream('talent pipeline', 1, 500, true),
    ]);
    expect(figures.find((f) => f.name === 'downstream hires, 3 partition(s)')).toMatchObject({ value: 900, peer: 300 });
    expect(figures.find((f) => f.name === 'downstream hires sustained, 3 partition(s)')).toMatchObject({ value: 700, peer: 250 });
    expect(figures.find((f) => f.name === 'downstream hires sustained, 1 partition(s)')).toMatchObject({ value: 500, peer: 180 });
  });

  it('says when both sustained runs had the same hires', () => {
    const run = (consumer: string, seconds: number): DownstreamRun => ({
      consumer,
      partitions: 3,
      hires: 42_000,
      sustained: true,
      seconds,
      hiresPerSecond: 42_000 / seconds,
      consumerCpuMsPerHire: 1,
      mongoCpuMsPerHire: 1,
      peakRssMiB: 200,
    });
    const [figure] = downstreamFigures([run('stock NestJS peer (ServerKafka + mongoose)', 140), run('talent pipeline', 60)]);
    expect(figure).toMatchObject({ value: 700, peer: 300 });
    expect(figure.how).toBe('42000 hires for both (60 s; the peer 140 s), 2.2 times what the fastest burst rate gets through in a minute');
  });
});
