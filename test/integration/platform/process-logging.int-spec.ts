import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

jest.setTimeout(60_000);

const ROOT = resolve(__dirname, '../../..');
const FIXTURE = join(__dirname, 'fixtures/fatal-process.ts');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  lines: Record<string, any>[];
}

/** Runs the fixture in its own Node process, as a service runs, and parses every output line. */
function runFixture(mode: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', FIXTURE, mode], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', fail);
    // 'close', not 'exit': a process can exit before its last output was read from the pipes.
    child.once('close', (code) => {
      const text = `${stdout}\n${stderr}`.split('\n').filter((line) => line.trim() !== '');
      // Every line must be JSON: a plain-text line (a stack, Nest's coloured logger) fails here.
      const lines = text.map((line) => {
        try {
          return JSON.parse(line) as Record<string, any>;
        } catch {
          throw new Error(`${mode}: not a JSON line: ${line}`);
        }
      });
      done({ code, stdout, stderr, lines });
    });
  });
}

const fatalLine = (run: Run) => run.lines.find((line) => line.level === 60);

describe('startup and fatal errors are JSON log lines, then a non-zero exit', () => {
  let runs: Record<string, Run>;

  beforeAll(async () => {
    // In parallel: each process compiles the platform library with ts-node.
    const [config, start, rejection, exception, warning] = await Promise.all([
      runFixture('config', { SERVICE_NAME: 'fatal-fixture' }),
      runFixture('start', { SERVICE_NAME: 'fatal-fixture', MONGO_URI: 'mongodb://127.0.0.1:1/none', KAFKA_BROKERS: '127.0.0.1:1' }),
      runFixture('rejection'),
      runFixture('exception'),
      runFixture('warning'),
    ]);
    runs = { config, start, rejection, exception, warning };
  });

  it('a bad configuration: one fatal line naming each variable (never its value), exit 78', () => {
    const { code, lines } = runs.config;
    expect(code).toBe(78);
    const fatal = fatalLine(runs.config)!;
    expect(fatal).toMatchObject({ service: 'fatal-fixture', msg: expect.stringContaining('Invalid configuration') });
    expect(fatal.issues.map((issue: { variable: string }) => issue.variable)).toEqual(
      expect.arrayContaining(['MONGO_URI', 'KAFKA_BROKERS']),
    );
    expect(typeof fatal.time).toBe('number');
    expect(lines).toHaveLength(1);
  });

  it('a start that fails (Nest cannot build the module tree): JSON lines only, the error as a fatal line, exit 1 (no abort)', () => {
    const { code, stderr } = runs.start;
    expect(code).toBe(1);
    const fatal = fatalLine(runs.start)!;
    expect(fatal).toMatchObject({ service: 'fatal-fixture', msg: 'service failed to start' });
    expect(fatal.err.message).toBe('fixture provider failed to build');
    // What Nest logs while building (before nestjs-pino exists) is JSON too.
    expect(runs.start.lines.some((line) => line.context === 'NestFactory' && line.level === 30)).toBe(true);
    expect(fatal.err.stack).toContain('\n    at ');
    expect(stderr).toBe('');
  });

  it('an unhandled rejection: a fatal JSON line with the error, exit 1', () => {
    expect(runs.rejection.code).toBe(1);
    expect(fatalLine(runs.rejection)).toMatchObject({
      service: 'fatal-fixture',
      msg: 'unhandled rejection',
      err: { type: 'Error', message: 'nobody awaited this' },
    });
    expect(runs.rejection.stderr).toBe('');
  });

  it('an uncaught exception: a fatal JSON line with the error, exit 1', () => {
    expect(runs.exception.code).toBe(1);
    expect(fatalLine(runs.exception)).toMatchObject({
      service: 'fatal-fixture',
      msg: 'uncaught exception',
      err: { type: 'TypeError', message: 'thrown from a timer' },
    });
    expect(runs.exception.stderr).toBe('');
  });

  it("a process warning: a warn JSON line with its code, not Node's plain-text stderr", () => {
    expect(runs.warning.code).toBe(0);
    expect(runs.warning.lines.find((line) => line.level === 40)).toMatchObject({ msg: 'fixture warning', code: 'FIXTURE_WARNING' });
    expect(runs.warning.stderr).toBe('');
  });
});
