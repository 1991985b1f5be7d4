/**
 * The main bench's settings (tools/bench/bench.ts), read from the environment once. A module of
 * its own so that the report code can name the results' types without importing the bench.
 */
import { join, resolve } from 'node:path';
import { serviceEnvSetting, serviceNodeArgs } from './lib';

export const REPO_ROOT = resolve(__dirname, '../..');
const env = process.env;
const int = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);

export const settings = {
  kafkaBrokers: env.BENCH_KAFKA_BROKERS ?? '127.0.0.1:39092',
  mongoUrl: env.BENCH_MONGO_URL ?? 'mongodb://127.0.0.1:37017',
  /** The database server was given to the bench (run-bench.sh: BENCH_MONGO_URL or a container), not its own stand-in. */
  mongoGiven: env.BENCH_MONGO_GIVEN === '1',
  out: env.BENCH_OUT ?? join(REPO_ROOT, 'docs/benchmarks.md'),
  json: env.BENCH_JSON,
  logDir: env.BENCH_LOG_DIR ?? join(REPO_ROOT, '.stack-bench/logs'),
  concurrency: int('BENCH_CONCURRENCY', 8),
  singleRequests: int('BENCH_SINGLE_REQUESTS', 1500),
  batchRequests: int('BENCH_BATCH_REQUESTS', 60),
  batchSize: int('BENCH_BATCH_SIZE', 50),
  // Issue 11: hire to webhook at 200 hires/s sustained (5 s).
  hires: int('BENCH_HIRES', 1000),
  hireRatePerSecond: int('BENCH_HIRE_RATE', 200),
  /** Hires sent at the same rate before the measured ones, so those meet a path already running (reported apart). */
  hireWarmup: int('BENCH_HIRE_WARMUP', 1000),
  // BENCH_LATENCY_ONLY=1 stops after the hire latency run and logs its figures instead of writing the report.
  baselineMessages: int('BENCH_BASELINE_MESSAGES', 20000),
  baselineBatch: int('BENCH_BASELINE_BATCH', 100),
  baselinePaced: int('BENCH_BASELINE_PACED', 200),
  baselinePacedRate: int('BENCH_BASELINE_PACED_RATE', 50),
  drainTimeoutMs: int('BENCH_DRAIN_TIMEOUT_MS', 120_000),
  outboxPollMs: int('BENCH_OUTBOX_POLL_MS', 1000),
  webhookPollMs: int('BENCH_WEBHOOK_POLL_MS', 1000),
  settleMs: int('BENCH_SETTLE_MS', 5000),
  adapterRequests: int('BENCH_ADAPTER_REQUESTS', 1000),
  matchStudents: int('BENCH_MATCH_STUDENTS', 10_000),
  matchSchools: int('BENCH_MATCH_SCHOOLS', 5),
  // 100 timed requests each: with 20 or 10 the p99 (nearest rank) was the slowest request, one pause away from any figure
  matchRuns: int('BENCH_MATCH_RUNS', 100),
  matchApiStudents: int('BENCH_MATCH_API_STUDENTS', 200),
  matchInMemoryRuns: int('BENCH_MATCH_IN_MEMORY_RUNS', 50),
  reportPlacements: int('BENCH_REPORT_PLACEMENTS', 10_000),
  reportEnterprises: int('BENCH_REPORT_ENTERPRISES', 50),
  reportRuns: int('BENCH_REPORT_RUNS', 100),
  /**
   * Node options of the service: by default those its deployment sets (NODE_OPTIONS in
   * deploy/k8s/base/talent-pipeline/deployment.yaml, the heap sizes of docs/decisions/0056), so the
   * bench measures the service as production runs it; BENCH_SERVICE_NODE_OPTIONS overrides ('' for none).
   */
  serviceNodeOptions: serviceEnvSetting('NODE_OPTIONS'),
  /** Node flags of the service's command line: those of the image's CMD (Dockerfile); BENCH_SERVICE_NODE_ARGS overrides ('' for none). */
  serviceNodeArgs: serviceNodeArgs(env.BENCH_SERVICE_NODE_ARGS),
  /** MALLOC_ARENA_MAX of the service: as its deployment sets it (ADR 0056); BENCH_SERVICE_MALLOC_ARENA_MAX overrides ('' for glibc's default). */
  serviceMallocArenaMax: serviceEnvSetting('MALLOC_ARENA_MAX'),
  /** Preload tools/bench/memory-probe.cjs (heap / external / native split per phase); 0 turns it off. */
  memoryProbe: env.BENCH_MEMORY_PROBE !== '0',
};
