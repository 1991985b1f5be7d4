/**
 * What the main bench (tools/bench/bench.ts) measures, as saved in BENCH_JSON and read by the
 * report, the run history and render.ts.
 */
import type { AdapterIngestResult } from './adapter-ingest';
import type { settings } from './bench-settings';
import type { IngestRun } from './ingest-loop';
import type { DbCommandFigure, Distribution } from './lib';
import type { MatchingResult } from './matching-http';
import type { MemoryPhase } from './memory-phases';
import type { MongoServerInfo } from './mongo-server';
import type { ReportQueryResult } from './report-query';

export interface BenchResults {
  settings: typeof settings;
  loadAverageAtStart: number[];
  loadAverageAtEnd?: number[];
  startedAt: string;
  durationSeconds: number;
  memory: { label: string; rssMiB: number; peakMiB: number }[];
  /** Per phase: RSS peak and, with the probe, the V8 heap / external / native split (absent in older results). */
  memoryPhases?: MemoryPhase[];
  /** NODE_OPTIONS the service ran with (absent in older results: none). */
  serviceNodeOptions?: string;
  /** MALLOC_ARENA_MAX the service ran with (absent: glibc's default). */
  serviceMallocArenaMax?: string;
  /** Node flags on the service's command line (absent in older results: none). */
  serviceNodeArgs?: string[];
  baseline: BaselineResult;
  latency: LatencyResult;
  ingest: IngestResult[];
  /** absent in results saved before these phases existed */
  adapters?: AdapterIngestResult[];
  matching?: MatchingResult;
  reports?: ReportQueryResult;
  idleCpu: Record<string, number>;
  mongoProbe: MongoProbe;
  /** The database server the run measured (absent in older results: the stand-in). */
  mongoServer?: MongoServerInfo;
}

export interface BaselineResult {
  saturated: {
    messages: number;
    batch: number;
    inFlight: number;
    produceSeconds: number;
    endToEndSeconds: number;
    produceRate: number;
    endToEndRate: number;
    latencyMs: Distribution;
  };
  paced: { messages: number; ratePerSecond: number; latencyMs: Distribution; sendAckMs: Distribution };
  cpu: Record<string, number>;
}

export interface LatencyResult {
  hires: number;
  ratePerSecond: number;
  delivered: number;
  verified: number;
  acceptedMs: Distribution;
  hireToWebhookMs: Distribution;
  /** post -> the hired event's `time` (placement transition written by the Kafka consumer) */
  postToHireAppliedMs: Distribution;
  /** hired event `time` -> webhook received */
  hireAppliedToWebhookMs: Distribution;
  /** hired event `time` -> its delivery created (outbox relay, Kafka, outcome fan-out) */
  hireAppliedToDeliveryCreatedMs?: Distribution;
  /** post -> the hire's record on the inbound topic (its producer timestamp: the inbox relay's send) */
  postToInboundRecordMs?: Distribution;
  /** inbound record -> hire applied (Kafka, the consumer's wait and work) */
  inboundRecordToHireAppliedMs?: Distribution;
  /** hire applied -> the hired outcome's record (the placements relay's send) */
  hireAppliedToOutcomeRecordMs?: Distribution;
  /** outcome record -> delivery created (Kafka, the outcome fan-out) */
  outcomeRecordToDeliveryCreatedMs?: Distribution;
  /** The hires sent before the measured ones at the same rate, from a path that had not yet run hires. */
  warmup?: { hires: number; hireToWebhookMs: Distribution };
  /** delivery created -> the worker starts the attempt */
  deliveryCreatedToAttemptMs?: Distribution;
  /** attempt started -> webhook received (signing, HTTP) */
  attemptToWebhookMs?: Distribution;
  /** first POST -> last webhook received */
  spanSeconds?: number;
  /** The service's database commands from the first POST to the last webhook, by command and collection (its /metrics). */
  dbCommands?: DbCommandFigure[];
  /** end-to-end p50 of the first and the last tenth of the hires (in sending order): growth = backlog */
  firstTenthP50Ms?: number;
  lastTenthP50Ms?: number;
  seedSeconds: number;
  cpu: Record<string, number>;
}

export interface IngestResult extends IngestRun {
  mode: 'single' | 'batch';
}

export interface MongoProbe {
  inboxDocuments: number;
  /** the outbox relay's candidate query on erp_inbox (`outboxPending: true` + lease), ms */
  relayScanMs: number;
  placementDocuments?: number;
  /** the same query on placements, ms */
  relayScanPlacementsMs?: number;
  findByIdMs: number;
  insertOneMs: number;
  insertMany50Ms: number;
}
