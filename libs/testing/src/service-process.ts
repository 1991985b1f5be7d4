import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { waitFor } from './wait-for';

const REPO_ROOT = resolve(__dirname, '../../..');

/**
 * One service running as its own OS process from the built `dist/`, the way it runs in
 * production. Its stdout/stderr go to a log file so a failing test can be diagnosed.
 */
export class ServiceProcess {
  private child?: ChildProcess;
  private exited?: Promise<number | null>;

  constructor(
    readonly service: 'talent-pipeline' | 'teacher-secondment' | 'rd-collaboration',
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly logDir = join(REPO_ROOT, '.test-logs'),
    /** Flags before the entry script (the image's CMD has `--enable-source-maps`). */
    private readonly nodeArgs: readonly string[] = [],
  ) {}

  get logFile(): string {
    return join(this.logDir, `${this.service}-${this.port}.log`);
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    mkdirSync(this.logDir, { recursive: true });
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(process.execPath, [...this.nodeArgs, join(REPO_ROOT, 'dist/apps', this.service, 'src/main.js')], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', SERVICE_NAME: this.service, PORT: String(this.port), LOG_LEVEL: 'info', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const exitedEarly = this.exited.then((code) => {
      throw new Error(`${this.service} exited with ${code} before it was ready; see ${this.logDir}`);
    });
    await Promise.race([
      exitedEarly,
      waitFor(`${this.service} to be ready on ${this.port}`, async () => (await fetch(`${this.baseUrl}/health/ready`)).status === 200, {
        timeoutMs: 60_000,
        intervalMs: 250,
      }),
    ]);
    exitedEarly.catch(() => undefined);
  }

  /**
   * The most memory the process has held so far (the kernel's VmHWM, MiB), for a benchmark to
   * report; undefined once it has exited, or where /proc is not there.
   */
  peakRssMiB(): number | undefined {
    if (!this.child?.pid || this.child.exitCode !== null) return undefined;
    try {
      return peakRssMiBOf(readFileSync(`/proc/${this.child.pid}/status`, 'utf8'));
    } catch {
      return undefined;
    }
  }

  /** SIGTERM: graceful drain. Resolves with the exit code. */
  async stop(): Promise<number | null> {
    this.terminate();
    return this.child?.exitCode ?? this.exited ?? null;
  }

  /** Sends SIGTERM without waiting, so a test can watch the drain. */
  terminate(): void {
    if (this.child && this.child.exitCode === null) this.child.kill('SIGTERM');
  }

  /** Resolves with the exit code once the process has ended. */
  exitCode(): Promise<number | null> {
    return this.exited ?? Promise.resolve(null);
  }

  /** SIGKILL: a crash, no cleanup at all. */
  async crash(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /**
   * What a failing test prints about this process, since CI keeps no log files: its readiness
   * answer (consumer state, records being retried) and its last warnings and errors.
   */
  async diagnosis(lines = 25): Promise<string> {
    const ready = await fetch(`${this.baseUrl}/health/ready`, { signal: AbortSignal.timeout(3_000) })
      .then(async (r) => `${r.status} ${(await r.text()).slice(0, 1_500)}`)
      .catch((error: unknown) => `no answer (${String(error)})`);
    let warnings: string[] = [];
    try {
      warnings = readFileSync(this.logFile, 'utf8')
        .split('\n')
        // Node 24 warns about a negative timeout inside kafkajs on every busy connection: noise.
        .filter((line) => /"level":(40|50|60)/.test(line) && !line.includes('TimeoutNegativeWarning'))
        .slice(-lines)
        .map((line) => line.slice(0, 400));
    } catch {
      warnings = ['(no log file)'];
    }
    return [`${this.service} on ${this.port}: ready -> ${ready}`, ...warnings].join('\n');
  }
}

/** VmHWM (peak resident set) of a /proc/PID/status text, in MiB. */
export function peakRssMiBOf(status: string): number | undefined {
  const kib = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
  return kib === undefined ? undefined : Number(kib) / 1024;
}
