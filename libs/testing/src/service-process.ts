import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
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
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    mkdirSync(this.logDir, { recursive: true });
    const log = createWriteStream(join(this.logDir, `${this.service}-${this.port}.log`), { flags: 'a' });
    const child = spawn(process.execPath, [join(REPO_ROOT, 'dist/apps', this.service, 'src/main.js')], {
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
}
