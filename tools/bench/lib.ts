import { execSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { ServiceProcess } from '@app/testing';

const REPO_ROOT = resolve(__dirname, '../..');

/** Percentile (nearest-rank) of an unsorted sample; NaN when empty. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** How many times what the fastest burst rate gets through in the sustained time the sustained runs get ({@link sustainedHires}). */
export const SUSTAIN_MARGIN = 2.2;

/**
 * Hires for the sustained downstream runs, the same for both consumers: `margin` times what the
 * fastest burst rate gets through in `seconds`, because a warm consumer outruns its burst rate
 * and each run must last at least `seconds`: the pipeline by up to 1.3× on the bench's 3 GB
 * stand-in (ADR 0068), and by 1.86× in the run of 2026-12-07, whose 3-partition run ended at 52 s
 * with 1.6 (the margin until then).
 */
export function sustainedHires(burstRates: number[], seconds: number, margin = SUSTAIN_MARGIN): number {
  return Math.ceil(Math.max(...burstRates) * seconds * margin);
}

/** The sustained runs that ended before `seconds`: their rate was not sustained that long. */
export function shortSustainedRuns<R extends { sustained?: boolean; seconds: number }>(runs: R[], seconds: number): R[] {
  return runs.filter((run) => run.sustained && run.seconds < seconds);
}

/** Hires/s in each fifth of [0, seconds], from progress samples (the count at a time, ascending). */
export function ratePerFifth(progress: { s: number; done: number }[], seconds: number): number[] {
  const doneAt = (s: number) => {
    // the last sample at or before s: the count is known to have reached at least that
    let done = 0;
    for (const p of progress) if (p.s <= s) done = p.done;
    return done;
  };
  return [1, 2, 3, 4, 5].map((i) => {
    const from = (seconds * (i - 1)) / 5;
    const to = (seconds * i) / 5;
    return (doneAt(to) - doneAt(from)) / (to - from);
  });
}

export interface Distribution {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export function distribution(values: number[]): Distribution {
  return {
    n: values.length,
    p50: percentile(values, 50),
    p90: percentile(values, 90),
    p99: percentile(values, 99),
    max: values.length ? Math.max(...values) : NaN,
    mean: values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN,
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `total` jobs with at most `concurrency` in flight (closed loop). */
export async function runPool(total: number, concurrency: number, job: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, total) }, async () => {
    while (next < total) {
      const index = next++;
      await job(index);
    }
  });
  await Promise.all(workers);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------- /proc sampling (Linux)

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execSync('getconf CLK_TCK', { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may contain spaces: fields start after the closing parenthesis (field 3 = state)
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) of every live process in the process group `pgid` (or just the pid). */
export function cpuSecondsOfGroup(pgid: number): number {
  let ticks = 0;
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return NaN;
  }
  for (const name of pids) {
    const fields = statFields(Number(name));
    if (!fields) continue;
    // after ')' : [0]=state [1]=ppid [2]=pgrp ... [11]=utime [12]=stime
    if (Number(name) === pgid || Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / ticksPerSecond();
}

/** VmRSS and VmHWM (peak RSS) of a pid, in MiB. */
export function memoryOf(pid: number): { rssMiB: number; peakMiB: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
  } catch {
    return { rssMiB: NaN, peakMiB: NaN };
  }
}

/** CPU usage of a set of named processes over a phase, in cores (1.0 = one core busy). */
export class CpuMeter {
  private readonly start = new Map<string, number>();
  private t0 = 0;

  constructor(private readonly groups: Record<string, number | undefined>) {}

  begin(): void {
    this.t0 = performance.now();
    for (const [name, pid] of Object.entries(this.groups)) {
      this.start.set(name, name === 'bench' ? selfCpuSeconds() : pid ? cpuSecondsOfGroup(pid) : NaN);
    }
    this.start.set('machine', machineBusySeconds());
  }

  end(): Record<string, number> {
    const seconds = (performance.now() - this.t0) / 1000;
    const out: Record<string, number> = {};
    for (const [name, pid] of Object.entries(this.groups)) {
      const now = name === 'bench' ? selfCpuSeconds() : pid ? cpuSecondsOfGroup(pid) : NaN;
      out[name] = (now - (this.start.get(name) ?? NaN)) / seconds;
    }
    out.machine = (machineBusySeconds() - (this.start.get('machine') ?? NaN)) / seconds;
    return out;
  }
}

function selfCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** Busy CPU seconds of the whole machine, all cores (from /proc/stat: everything but idle and iowait). */
export function machineBusySeconds(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    void idle;
    void iowait;
    return (user + nice + system + irq + softirq + (steal || 0)) / ticksPerSecond();
  } catch {
    return NaN;
  }
}

const TALENT_PIPELINE_MANIFEST = join(REPO_ROOT, 'deploy/k8s/base/talent-pipeline/deployment.yaml');

/** An environment variable the talent pipeline's Kubernetes Deployment sets ('' when it sets none). */
export function deployedEnv(name: string, manifest = TALENT_PIPELINE_MANIFEST): string {
  const yaml = readFileSync(manifest, 'utf8');
  const match = new RegExp(`- name: ${name}\\s*\\n\\s*value:\\s*(.+)`).exec(yaml);
  return match ? match[1].trim().replace(/^(["'])(.*)\1$/, '$2') : '';
}

/** NODE_OPTIONS of the talent pipeline's Kubernetes Deployment ('' when it sets none). */
export function deployedNodeOptions(manifest = TALENT_PIPELINE_MANIFEST): string {
  return deployedEnv('NODE_OPTIONS', manifest);
}

/**
 * A variable a benched service starts with: BENCH_SERVICE_<name> when an experiment gives it ('' for
 * none), else what the service's Deployment sets.
 */
export function serviceEnvSetting(
  name: 'NODE_OPTIONS' | 'MALLOC_ARENA_MAX',
  manifest = TALENT_PIPELINE_MANIFEST,
  env = process.env,
): string {
  return env[`BENCH_SERVICE_${name}`] ?? deployedEnv(name, manifest);
}

/**
 * The node flags the image's CMD starts every service with (the Dockerfile's
 * `exec node <flags> dist/...`): V8 flags that NODE_OPTIONS does not accept (`--optimize-for-size`)
 * can only be given there, so the bench reads them from it ([] when it sets none).
 */
export function deployedNodeArgs(dockerfile = join(REPO_ROOT, 'Dockerfile')): string[] {
  const match = /^CMD \[.*exec node ((?:--\S+ )*)dist\//m.exec(readFileSync(dockerfile, 'utf8'));
  return match ? match[1].trim().split(/\s+/).filter(Boolean) : [];
}

/**
 * A service as its own process, started the way its Deployment runs it: the image's node flags,
 * and the manifest's NODE_OPTIONS and MALLOC_ARENA_MAX, so its memory can be compared with the
 * budget (ADR 0056).
 */
export function deployedServiceProcess(service: ServiceProcess['service'], port: number, env: Record<string, string>): ServiceProcess {
  const manifest = join(REPO_ROOT, `deploy/k8s/base/${service}/deployment.yaml`);
  const deployed = Object.fromEntries(
    (['NODE_OPTIONS', 'MALLOC_ARENA_MAX'] as const)
      .map((name) => [name, serviceEnvSetting(name, manifest)] as const)
      .filter(([, value]) => value !== ''),
  );
  return new ServiceProcess(service, port, { ...deployed, ...env }, undefined, serviceNodeArgs(process.env.BENCH_SERVICE_NODE_ARGS));
}

/** The node flags to start a service with: `override` word-split when given (BENCH_SERVICE_NODE_ARGS, '' for none), else the image's. */
export function serviceNodeArgs(override: string | undefined): string[] {
  return override !== undefined ? override.split(/\s+/).filter(Boolean) : deployedNodeArgs();
}

/** One database command of a service, by name and collection, as its /metrics counts it. */
export interface DbCommandFigure {
  command: string;
  collection: string;
  count: number;
  seconds: number;
}

/** The service's database commands so far (`mongo_commands_total`, `mongo_command_seconds_total`), by command and collection. */
export async function dbCommandsOf(baseUrl: string): Promise<DbCommandFigure[]> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const byKey = new Map<string, DbCommandFigure>();
  for (const line of text.split('\n')) {
    const match = /^(mongo_commands_total|mongo_command_seconds_total)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match) continue;
    const [, metric, labels, value] = match;
    const label = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(labels)?.[1] ?? '-';
    const [command, collection] = [label('command'), label('collection')];
    const key = `${command} ${collection}`;
    const figure = byKey.get(key) ?? { command, collection, count: 0, seconds: 0 };
    if (metric === 'mongo_commands_total') figure.count = Number(value);
    else figure.seconds = Number(value);
    byKey.set(key, figure);
  }
  return [...byKey.values()];
}

/** What happened between two readings of `dbCommandsOf`, busiest first. */
export function dbCommandsBetween(before: DbCommandFigure[], after: DbCommandFigure[]): DbCommandFigure[] {
  const earlier = new Map(before.map((f) => [`${f.command} ${f.collection}`, f]));
  return after
    .map((f) => {
      const was = earlier.get(`${f.command} ${f.collection}`);
      return { ...f, count: f.count - (was?.count ?? 0), seconds: f.seconds - (was?.seconds ?? 0) };
    })
    .filter((f) => f.count > 0)
    .sort((a, b) => b.seconds - a.seconds);
}
