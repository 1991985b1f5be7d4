/**
 * The service's memory per bench phase: which phase drives the peak, and what kind of memory it is.
 *
 * RSS comes from /proc (sampled every `everyMs`, plus VmHWM, the kernel's exact peak: when VmHWM rose
 * during a phase, that phase set it). The split into V8 heap (used, committed), external / array
 * buffers and native comes from tools/bench/memory-probe.cjs, which the bench preloads into the
 * service; it writes one JSON line per sample to `probeFile`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { memoryOf } from './lib';

const MiB = 1024 * 1024;

export interface ProbeSample {
  t: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  heapCommitted: number;
  external: number;
  arrayBuffers: number;
  malloced: number;
}

export interface MemoryPhase {
  label: string;
  startedAt: number;
  endedAt: number;
  /** RSS at the end of the phase, MiB. */
  rssEndMiB: number;
  /** Highest RSS during the phase (samples, or VmHWM when the kernel's peak rose during it), MiB. */
  rssPeakMiB: number;
  /** VmHWM at the end of the phase (the process's peak so far), MiB. */
  hwmMiB: number;
  /** From the probe, when it ran: the highest value of each during the phase, MiB. */
  heapUsedPeakMiB?: number;
  heapCommittedPeakMiB?: number;
  externalPeakMiB?: number;
  arrayBuffersPeakMiB?: number;
  /** The probe's sample with the highest RSS during the phase, split (MiB): native = rss - heap committed - array buffers. */
  atRssPeak?: { rssMiB: number; heapUsedMiB: number; heapCommittedMiB: number; arrayBuffersMiB: number; nativeMiB: number };
}

export class MemoryPhases {
  readonly phases: MemoryPhase[] = [];
  private current?: { label: string; startedAt: number; hwmAtStart: number; maxRss: number };
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    private readonly probeFile?: string,
    everyMs = 100,
  ) {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  /** Ends the phase in progress (if any) and starts `label`. */
  begin(label: string): void {
    this.end();
    const now = memoryOf(this.pid);
    this.current = { label, startedAt: Date.now(), hwmAtStart: now.peakMiB, maxRss: now.rssMiB };
  }

  /** Ends the phase in progress; returns it. */
  end(): MemoryPhase | undefined {
    const phase = this.current;
    if (!phase) return undefined;
    this.current = undefined;
    const now = memoryOf(this.pid);
    const maxRss = Math.max(phase.maxRss, now.rssMiB);
    const done: MemoryPhase = {
      label: phase.label,
      startedAt: phase.startedAt,
      endedAt: Date.now(),
      rssEndMiB: now.rssMiB,
      rssPeakMiB: now.peakMiB > phase.hwmAtStart ? Math.max(now.peakMiB, maxRss) : maxRss,
      hwmMiB: now.peakMiB,
    };
    this.phases.push(done);
    return done;
  }

  stop(): MemoryPhase[] {
    this.end();
    clearInterval(this.timer);
    if (this.probeFile && existsSync(this.probeFile)) addProbeFigures(this.phases, readProbe(this.probeFile));
    return this.phases;
  }

  private sample(): void {
    if (!this.current) return;
    const { rssMiB } = memoryOf(this.pid);
    if (rssMiB > this.current.maxRss) this.current.maxRss = rssMiB;
  }
}

export function readProbe(file: string): ProbeSample[] {
  const samples: ProbeSample[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      samples.push(JSON.parse(line) as ProbeSample);
    } catch {
      // a line cut short by the service's exit
    }
  }
  return samples;
}

/** Adds the probe's per-phase maxima and the split at the phase's RSS peak to each phase. */
export function addProbeFigures(phases: MemoryPhase[], samples: readonly ProbeSample[]): void {
  for (const phase of phases) {
    const inPhase = samples.filter((s) => s.t >= phase.startedAt && s.t <= phase.endedAt);
    if (inPhase.length === 0) continue;
    const max = (key: keyof ProbeSample) => Math.max(...inPhase.map((s) => s[key])) / MiB;
    phase.heapUsedPeakMiB = max('heapUsed');
    phase.heapCommittedPeakMiB = max('heapCommitted');
    phase.externalPeakMiB = max('external');
    phase.arrayBuffersPeakMiB = max('arrayBuffers');
    const top = inPhase.reduce((a, b) => (b.rss > a.rss ? b : a));
    phase.atRssPeak = {
      rssMiB: top.rss / MiB,
      heapUsedMiB: top.heapUsed / MiB,
      heapCommittedMiB: top.heapCommitted / MiB,
      arrayBuffersMiB: top.arrayBuffers / MiB,
      nativeMiB: (top.rss - top.heapCommitted - top.arrayBuffers) / MiB,
    };
  }
}
