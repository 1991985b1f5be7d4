/**
 * The teacher secondment and R&D benches' share of the run history (issue 11: "≤ 200 MiB RSS peak
 * per service through the whole benchmark"). Run by `npm run bench`, each appends its headline
 * figures to one JSON array (BENCH_SERVICES_JSON), which history.ts adds to the run's table beside
 * the talent pipeline's; run alone, without that variable, they only print.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { HistoryFigure } from './history';

/** Appends `figures` to the array in `path` (created if absent); nothing when no path is given. */
export function recordServiceFigures(figures: HistoryFigure[], path: string | undefined = process.env.BENCH_SERVICES_JSON): void {
  if (!path) return;
  const earlier = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as HistoryFigure[]) : [];
  writeFileSync(path, `${JSON.stringify([...earlier, ...figures], null, 2)}\n`);
}

/**
 * How the service was started, for a figure's "how measured": as deployed, or with the overrides
 * an experiment gave (BENCH_SERVICE_NODE_OPTIONS, BENCH_SERVICE_NODE_ARGS, BENCH_SERVICE_MALLOC_ARENA_MAX),
 * so the run history never compares an experiment with a deployed run.
 */
export function serviceStartedAs(env: NodeJS.ProcessEnv = process.env): string {
  const overrides = ['NODE_OPTIONS', 'NODE_ARGS', 'MALLOC_ARENA_MAX']
    .filter((name) => env[`BENCH_SERVICE_${name}`] !== undefined)
    .map((name) => `${name}="${env[`BENCH_SERVICE_${name}`]}"`);
  return overrides.length ? `the service with ${overrides.join(', ')}` : 'the service as deployed';
}

/** A service's peak RSS as a history figure (absent when the kernel gave none, e.g. not Linux). */
export function peakRssFigure(service: string, peakMiB: number | undefined, how: string): HistoryFigure[] {
  return peakMiB === undefined ? [] : [{ name: `${service} peak RSS`, value: peakMiB, unit: 'MiB', better: 'lower', how }];
}
