import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A Mongo-compatible server of a test's own (the same mongo-java-server main that
 * tools/stack/stack.sh runs, from the stack's jar cache), on a free port with its own data
 * directory, so outage tests can stop and restart a database without touching the shared stack.
 * Data survives `stop()` + `start()` (H2 file store), as it would after a real database restart.
 */
export class PrivateMongoServer {
  private process?: ChildProcess;
  private exited?: Promise<void>;

  private constructor(
    readonly port: number,
    readonly dataDir: string,
    private readonly classpath: string,
    private readonly env: Record<string, string>,
  ) {}

  /**
   * Starts a server on a free port; throws if the stack cache has not been filled yet (`tools/stack/stack.sh fetch`).
   * `env` adds to the server's settings (e.g. MONGO_COMMIT_ON_WRITE), for this start and every restart.
   */
  static async start(env: Record<string, string> = {}): Promise<PrivateMongoServer> {
    const cache = process.env.STACK_CACHE_DIR ?? join(homedir(), '.cache', 'school-enterprise-stack');
    const classes = join(cache, 'mongo-classes');
    if (!existsSync(join(classes, 'MongoServerMain.class'))) {
      throw new Error(`${classes} has no MongoServerMain.class: run tools/stack/stack.sh fetch first`);
    }
    const server = new PrivateMongoServer(
      await freePort(),
      mkdtempSync(join(tmpdir(), 'private-mongo-')),
      `${join(cache, 'mongo-lib')}/*:${classes}`,
      env,
    );
    await server.start();
    return server;
  }

  get url(): string {
    return `mongodb://127.0.0.1:${this.port}`;
  }

  uri(database: string): string {
    return `${this.url}/${database}`;
  }

  isRunning(): boolean {
    return this.process !== undefined;
  }

  async start(): Promise<void> {
    if (this.process) return;
    // The server's own log, next to its data: what to read when a test waits for it in vain.
    mkdirSync(this.dataDir, { recursive: true });
    const log = openSync(join(this.dataDir, 'server.log'), 'a');
    const child = spawn(
      'java',
      [
        '-Xmx256m',
        '-Xms32m',
        '-XX:+UseSerialGC',
        '-Djava.awt.headless=true',
        '-cp',
        this.classpath,
        'MongoServerMain',
        String(this.port),
        this.dataDir,
        '127.0.0.1',
      ],
      // A short commit delay: a hard kill in a test should lose as little as a real crash would.
      { stdio: ['ignore', log, log], env: { ...process.env, MONGO_COMMIT_DELAY_MS: '20', ...this.env } },
    );
    closeSync(log);
    this.process = child;
    // A test that dies before its afterAll must not leave a JVM behind.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        process.off('exit', killOnExit);
        resolve();
      }),
    );
    const deadline = Date.now() + 60_000;
    while (!(await answers(this.port))) {
      if (child.exitCode !== null) throw new Error(`private mongo server exited with ${child.exitCode} before listening`);
      if (Date.now() > deadline) {
        await this.stop();
        throw new Error(`private mongo server did not listen on ${this.port} within 60 s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** SIGKILL by default: a crash, as in production outages; the port is free when this resolves. */
  async stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.process;
    if (!child) return;
    child.kill(signal);
    await this.exited;
    this.process = undefined;
    while (await answers(this.port)) await new Promise((resolve) => setTimeout(resolve, 100));
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** The last lines of the server's own log (its exceptions, when a client saw a connection close), for a failure message. */
  logTail(lines = 40): string {
    const path = join(this.dataDir, 'server.log');
    if (!existsSync(path)) return '(no server log)';
    return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
  }

  /**
   * The server's warnings, errors and exceptions, each with the first lines of its stack (the
   * tail alone can end in a stack's last frames and the connections it closed, without its cause).
   */
  logProblems(framesPerProblem = 6): string {
    const path = join(this.dataDir, 'server.log');
    if (!existsSync(path)) return '(no server log)';
    const lines = readFileSync(path, 'utf8').split('\n');
    const out: string[] = [];
    lines.forEach((line, i) => {
      if (/ (WARN|ERROR) |Exception|Error:/.test(line) && !/^\s+at /.test(line)) {
        out.push(line, ...lines.slice(i + 1, i + 1 + framesPerProblem).filter((next) => /^\s+(at |\.\.\.)|^Caused by/.test(next)));
      }
    });
    return out.slice(0, 80).join('\n');
  }

  /** Stops the server and deletes its data. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1', () => done(true));
  });
}
