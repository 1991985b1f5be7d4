/**
 * The benchmark's run history (issue 11: "a table per run ... a regression of more than 20%
 * against the last table is called out"). Reads what this `npm run bench` measured (the main
 * bench's JSON, the downstream JSON and the two other services' figures, whichever ran), appends one record to
 * docs/benchmarks-history.json, and writes the history into docs/benchmarks.md between the
 * `run-history` markers: one table per run, newest first, each headline figure with the
 * stock peer's figure and the ratio where there is a peer, the change against the previous run
 * that measured it, and how it was measured.
 *
 * Environment: BENCH_JSON, BENCH_DOWNSTREAM_JSON, BENCH_SERVICES_JSON (the teacher secondment and R&D
 * benches' figures, service-figures.ts; any of the three may be absent), BENCH_OUT
 * (docs/benchmarks.md), BENCH_HISTORY (docs/benchmarks-history.json).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { BenchResults } from './bench-results';
import type { DownstreamRun } from './downstream';
import { SUSTAIN_MARGIN } from './lib';

const REPO_ROOT = resolve(__dirname, '../..');
const env = process.env;
const OUT = env.BENCH_OUT ?? join(REPO_ROOT, 'docs/benchmarks.md');
const HISTORY = env.BENCH_HISTORY ?? join(REPO_ROOT, 'docs/benchmarks-history.json');
/** A figure this much worse than the previous run's is called out. */
export const REGRESSION_THRESHOLD = 0.2;

export interface HistoryFigure {
  name: string;
  value: number;
  unit: string;
  better: 'higher' | 'lower';
  /** The stock NestJS peer's figure for the same work, where the bench runs one. */
  peer?: number;
  how: string;
  /**
   * What makes two runs' figures comparable, where `how` also carries this run's own numbers (the
   * sustained runs' hire count and seconds, which differ every run); `how` when absent.
   */
  method?: string;
}

export interface HistoryRecord {
  date: string;
  commit: string;
  machine: string;
  load: string;
  /** The database server the run measured (absent in records before 2026-12-05: the local stand-in). */
  database?: string;
  figures: HistoryFigure[];
}

/** What records made before the field existed ran against. */
export const STAND_IN = 'mongo-java-server stand-in';

/** Runs compare only with runs on the same kind of database server: a MongoDB run is not a stand-in regression. */
function databaseOf(run: HistoryRecord): string {
  return run.database ?? STAND_IN;
}

/** What a run measured that names no server: only the services part ran, on a server given to the bench. */
export const GIVEN_SERVER = 'a server given in BENCH_MONGO_URL (the services part does not identify it)';

/**
 * The label a run's results name (main bench first); when they name none, the stand-in, or, when
 * the bench was given a server (`given`), a label no stand-in run is compared with.
 */
export function databaseLabel(results: BenchResults | undefined, downstream: DownstreamRun[] | undefined, given = false): string {
  const server = results?.mongoServer ?? downstream?.find((run) => run.mongoServer)?.mongoServer;
  if (!server) return given ? GIVEN_SERVER : STAND_IN;
  return server.kind === 'stand-in' ? STAND_IN : server.label;
}

/** The headline figures of the main bench (docs/benchmarks.md). */
export function mainFigures(results: BenchResults): HistoryFigure[] {
  const figures: HistoryFigure[] = [];
  for (const run of results.ingest) {
    figures.push({
      name: `ERP ingest over HTTP, ${run.mode === 'single' ? 'single events' : 'batches'}`,
      value: run.eventsPerSecond,
      unit: 'events/s',
      better: 'higher',
      how: '202 Accepted (stored in the inbox), 8 requests in flight',
    });
    figures.push({
      name: `downstream after HTTP ingest (${run.mode})`,
      value: run.drain.handledPerSecond,
      unit: 'events/s',
      better: 'higher',
      how: 'ingest start until every event was handled by the consumer',
    });
  }
  const latency = results.latency;
  // The warm-up decides how settled the path is when the measured hires start (ADR 0067).
  const latencyHow = `signed POST to the receiver verifying the webhook, ${latency.hires} hires after ${latency.warmup?.hires ?? 0} warm-up ones`;
  figures.push(
    {
      name: `hire to school webhook p50 at ${latency.ratePerSecond}/s`,
      value: latency.hireToWebhookMs.p50,
      unit: 'ms',
      better: 'lower',
      how: latencyHow,
    },
    {
      name: `hire to school webhook p99 at ${latency.ratePerSecond}/s`,
      value: latency.hireToWebhookMs.p99,
      unit: 'ms',
      better: 'lower',
      how: latencyHow,
    },
  );
  if (results.matching) {
    figures.push({
      name: `matching ${results.matching.students.toLocaleString('en-US')} students over HTTP, p99`,
      value: results.matching.http.series.ms.p99,
      unit: 'ms',
      better: 'lower',
      how: `GET …/matches, top 20, ${results.matching.http.series.ms.n ?? 20} timed requests`,
    });
  }
  for (const call of results.reports?.calls ?? []) {
    if (call.label.includes('CSV') || call.label.includes('one programme')) continue;
    figures.push({
      name: `${call.label} (${call.placementsCovered.toLocaleString('en-US')} placements), p99`,
      value: call.series.ms.p99,
      unit: 'ms',
      better: 'lower',
      how: `GET over HTTP, ${call.series.ms.n ?? 10} timed requests`,
    });
  }
  const peak = Math.max(...results.memory.map((m) => m.peakMiB));
  figures.push({
    name: 'talent pipeline peak RSS',
    value: peak,
    unit: 'MiB',
    better: 'lower',
    how: 'sampled through the whole main bench',
  });
  return figures;
}

/** The headline figures of the downstream bench (docs/benchmarks-downstream.md), beside the stock peer. */
export function downstreamFigures(runs: DownstreamRun[]): HistoryFigure[] {
  const figures: HistoryFigure[] = [];
  for (const partitions of [3, 1]) {
    const ours = runs.find((r) => r.partitions === partitions && !r.sustained && r.consumer === 'talent pipeline');
    const peer = runs.find((r) => r.partitions === partitions && !r.sustained && r.consumer.startsWith('stock'));
    if (!ours) continue;
    const how = `${ours.hires} hires produced to Kafka, until every placement is hired`;
    figures.push(
      {
        name: `downstream hires, ${partitions} partition(s)`,
        value: ours.hiresPerSecond,
        unit: 'hires/s',
        better: 'higher',
        peer: peer?.hiresPerSecond,
        how,
      },
      {
        name: `consumer CPU per hire, ${partitions} partition(s)`,
        value: ours.consumerCpuMsPerHire,
        unit: 'ms',
        better: 'lower',
        peer: peer?.consumerCpuMsPerHire,
        how,
      },
      {
        name: `consumer peak RSS, ${partitions} partition(s)`,
        value: ours.peakRssMiB,
        unit: 'MiB',
        better: 'lower',
        peer: peer?.peakRssMiB,
        how,
      },
    );
    if (ours.dbCommandsPerHire !== undefined) {
      figures.push({
        name: `database commands per hire, ${partitions} partition(s)`,
        value: ours.dbCommandsPerHire,
        unit: 'commands',
        better: 'lower',
        how: 'mongo_commands_total on /metrics, relay and fan-out included',
      });
    }
  }
  for (const partitions of [3, 1]) {
    const ours = runs.find((r) => r.sustained && r.partitions === partitions && r.consumer === 'talent pipeline');
    const peer = runs.find((r) => r.sustained && r.partitions === partitions && r.consumer.startsWith('stock'));
    if (!ours) continue;
    figures.push({
      name: `downstream hires sustained, ${partitions} partition(s)`,
      value: ours.hiresPerSecond,
      unit: 'hires/s',
      better: 'higher',
      peer: peer?.hiresPerSecond,
      how:
        peer?.hires === ours.hires
          ? `${ours.hires} hires for both (${ours.seconds.toFixed(0)} s; the peer ${peer.seconds.toFixed(0)} s), ${SUSTAIN_MARGIN} times what the fastest burst rate gets through in a minute`
          : `${ours.hires} hires (${ours.seconds.toFixed(0)} s; the peer ${peer?.hires} in ${peer?.seconds.toFixed(0)} s), sized to last a minute at each one's burst rate`,
      method:
        peer?.hires === ours.hires
          ? `the same hires for both, ${SUSTAIN_MARGIN} times what the fastest burst rate gets through in a minute`
          : "hires sized to last a minute at each one's burst rate",
    });
  }
  return figures;
}

/** How much worse `value` is than `previous` (positive = worse), as a fraction of `previous`. */
export function worsening(figure: Pick<HistoryFigure, 'better'>, value: number, previous: number): number {
  if (!(previous > 0)) return 0;
  return figure.better === 'higher' ? (previous - value) / previous : (value - previous) / previous;
}

/**
 * The same figure in the last earlier run on the same kind of database server, measured the same
 * way (a figure whose method changed, e.g. more timed requests behind a p99, starts afresh).
 */
function previousValue(history: HistoryRecord[], before: number, figure: HistoryFigure): number | undefined {
  const database = databaseOf(history[before]);
  for (let i = before - 1; i >= 0; i--) {
    if (databaseOf(history[i]) !== database) continue;
    const found = history[i].figures.find((f) => f.name === figure.name);
    if (found) return (found.method ?? found.how) === (figure.method ?? figure.how) ? found.value : undefined;
  }
  return undefined;
}

const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2));

/** Every run, newest first, as markdown tables; regressions of more than 20% called out. */
export function renderHistory(history: HistoryRecord[]): string {
  const lines = [
    '## Run history',
    '',
    'One table per `npm run bench` run, newest first (docs/benchmarks-history.json keeps them all). "vs previous" compares with the ' +
      `last earlier run on the same kind of database server that measured the same figure the same way ("how measured"); a change for the worse of more than ${REGRESSION_THRESHOLD * 100}% is called out ` +
      'as a **regression**. Runs on a busy machine (see its load) are noisy; compare like with like.',
    '',
  ];
  for (let i = history.length - 1; i >= 0; i--) {
    const run = history[i];
    lines.push(`### ${run.date} (commit ${run.commit})`, '', `${run.machine}; load average ${run.load}; database: ${databaseOf(run)}.`, '');
    const regressions: string[] = [];
    lines.push('| figure | value | stock peer | ratio | vs previous | how measured |', '|---|---|---|---|---|---|');
    for (const figure of run.figures) {
      const previous = previousValue(history, i, figure);
      let change = 'n/a';
      if (previous !== undefined) {
        const worse = worsening(figure, figure.value, previous);
        const pct = `${(((figure.value - previous) / previous) * 100).toFixed(0)}%`;
        change = worse > REGRESSION_THRESHOLD ? `**regression: ${pct}** (was ${fmt(previous)})` : `${pct} (was ${fmt(previous)})`;
        if (worse > REGRESSION_THRESHOLD) regressions.push(figure.name);
      }
      const ratio = figure.peer ? `${(figure.value / figure.peer).toFixed(2)}×` : 'n/a';
      lines.push(
        `| ${figure.name} | ${fmt(figure.value)} ${figure.unit} | ${figure.peer === undefined ? 'n/a' : `${fmt(figure.peer)} ${figure.unit}`} | ${ratio} | ${change} | ${figure.how} |`,
      );
    }
    lines.push('');
    if (regressions.length) lines.push(`**Regressions against the previous run:** ${regressions.join('; ')}.`, '');
  }
  return lines.join('\n');
}

/** Replaces the page's section between `<!-- name:start -->` and `<!-- name:end -->` (appended when the page has none yet). */
export function withMarkedSection(page: string, name: string, section: string): string {
  const [start, end] = [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`];
  const block = `${start}\n${section}\n${end}`;
  const from = page.indexOf(start);
  const to = page.indexOf(end);
  if (from >= 0 && to > from) return page.slice(0, from) + block + page.slice(to + end.length);
  return `${page.trimEnd()}\n\n${block}\n`;
}

/** Replaces the history section of the page (appended when the page has none yet). */
export function withHistorySection(page: string, section: string): string {
  return withMarkedSection(page, 'run-history', section);
}

function readJson<T>(path: string | undefined): T | undefined {
  return path && existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : undefined;
}

function main(): void {
  const results = readJson<BenchResults>(env.BENCH_JSON);
  const downstream = readJson<DownstreamRun[]>(env.BENCH_DOWNSTREAM_JSON);
  const services = readJson<HistoryFigure[]>(env.BENCH_SERVICES_JSON);
  const figures = [...(results ? mainFigures(results) : []), ...(downstream ? downstreamFigures(downstream) : []), ...(services ?? [])];
  const history = readJson<HistoryRecord[]>(HISTORY) ?? [];
  if (figures.length > 0) {
    let commit = 'unknown';
    try {
      commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT }).toString().trim();
    } catch {
      /* not a git checkout */
    }
    history.push({
      date: new Date().toISOString(),
      commit,
      machine: `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
      load: `${loadavg()
        .map((l) => l.toFixed(2))
        .join(' / ')} (1/5/15 min, when the run ended)`,
      database: databaseLabel(results, downstream, env.BENCH_MONGO_GIVEN === '1'),
      figures,
    });
    writeFileSync(HISTORY, `${JSON.stringify(history, null, 2)}\n`);
  }
  writeFileSync(OUT, withHistorySection(existsSync(OUT) ? readFileSync(OUT, 'utf8') : '# Benchmarks\n', renderHistory(history)));
  process.stdout.write(`[bench] run history (${history.length} runs) written to ${OUT}\n`);
}

if (require.main === module) main();
