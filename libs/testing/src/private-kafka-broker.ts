import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const STACK_SCRIPT = resolve(__dirname, '../../../tools/stack/stack.sh');

/**
 * A Kafka broker of a test's own, run by tools/stack/stack.sh on free ports with its own
 * directory, so outage tests can stop and restart a broker without touching the shared stack.
 * Topics and offsets survive stop() + start().
 */
export class PrivateKafkaBroker {
  private constructor(
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    private readonly dir: string,
  ) {}

  /**
   * With `saslUsers` (name → password; the first is a super user) the broker also listens with
   * SASL/PLAIN on `saslPort` and authorizes clients there by ACLs.
   */
  static async start(options: { saslUsers?: Record<string, string> } = {}): Promise<PrivateKafkaBroker> {
    const dir = mkdtempSync(join(tmpdir(), 'private-kafka-'));
    const [port, controllerPort] = [await freePort(), await freePort()];
    const sasl = options.saslUsers
      ? {
          KAFKA_SASL_PORT: String(await freePort()),
          KAFKA_SASL_USERS: Object.entries(options.saslUsers)
            .map(([user, password]) => `${user}=${password}`)
            .join(','),
        }
      : {};
    const env = {
      ...sasl,
      ...process.env,
      STACK_DIR: dir,
      KAFKA_PORT: String(port),
      KAFKA_CONTROLLER_PORT: String(controllerPort),
      // Never the shared stack's mongo port, even though only kafka is started.
      MONGO_PORT: String(await freePort()),
      KAFKA_HEAP: '384m',
    };
    const broker = new PrivateKafkaBroker(port, env, dir);
    await broker.start();
    return broker;
  }

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** The SASL listener (only when started with `saslUsers`). */
  get saslBrokers(): string {
    if (!this.env.KAFKA_SASL_PORT) throw new Error('this broker was started without saslUsers');
    return `127.0.0.1:${this.env.KAFKA_SASL_PORT}`;
  }

  async start(): Promise<void> {
    await run('bash', [STACK_SCRIPT, 'start', 'kafka'], { env: this.env, timeout: 120_000 });
  }

  async stop(): Promise<void> {
    await run('bash', [STACK_SCRIPT, 'stop', 'kafka'], { env: this.env, timeout: 120_000 });
  }

  async dispose(): Promise<void> {
    await this.stop().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}
