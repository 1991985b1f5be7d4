import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { peakRssFigure, recordServiceFigures, serviceStartedAs } from './service-figures';

describe('recordServiceFigures', () => {
  it('appends the figures of each bench to the one array of the run', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'service-figures-')), 'services.json');
    recordServiceFigures(peakRssFigure('teacher secondment', 231, 'compliance bench'), path);
    recordServiceFigures([{ name: 'scorecard JSON over HTTP, p99', value: 9.5, unit: 'ms', better: 'lower', how: '300 runs' }], path);
    const figures = JSON.parse(readFileSync(path, 'utf8'));
    expect(figures.map((f: { name: string; value: number }) => [f.name, f.value])).toEqual([
      ['teacher secondment peak RSS', 231],
      ['scorecard JSON over HTTP, p99', 9.5],
    ]);
  });

  it('appends to the file npm run bench names in BENCH_SERVICES_JSON', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'service-figures-')), 'services.json');
    const before = process.env.BENCH_SERVICES_JSON;
    process.env.BENCH_SERVICES_JSON = path;
    try {
      recordServiceFigures(peakRssFigure('R&D collaboration', 170, 'scorecard bench'));
    } finally {
      if (before === undefined) delete process.env.BENCH_SERVICES_JSON;
      else process.env.BENCH_SERVICES_JSON = before;
    }
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual([
      { name: 'R&D collaboration peak RSS', value: 170, unit: 'MiB', better: 'lower', how: 'scorecard bench' },
    ]);
  });

  it('leaves out a peak the kernel did not report', () => {
    expect(peakRssFigure('R&D collaboration', undefined, 'scorecard bench')).toEqual([]);
  });
});

describe('serviceStartedAs', () => {
  it('says the service ran as deployed when no experiment overrode its start', () => {
    expect(serviceStartedAs({})).toBe('the service as deployed');
  });

  it('names every override, so an experiment is not compared with a deployed run', () => {
    expect(serviceStartedAs({ BENCH_SERVICE_NODE_OPTIONS: '--max-semi-space-size=2', BENCH_SERVICE_MALLOC_ARENA_MAX: '' })).toBe(
      'the service with NODE_OPTIONS="--max-semi-space-size=2", MALLOC_ARENA_MAX=""',
    );
  });
});
