/** What a measurement module gets from bench.ts: the running service, its database and the run's settings. */
import { Db } from 'mongodb';
import { httpJson } from '@app/testing';
import { CpuMeter, distribution, Distribution } from './lib';

export interface BenchContext {
  /** The talent pipeline under test, e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  adminToken: string;
  /** The service's own database (for direct seeding and cheap progress reads). */
  db: Db;
  /** The run's Kafka topic prefix. */
  topicPrefix: string;
  concurrency: number;
  log(message: string): void;
  /** A CPU meter over the service, Kafka, Mongo and bench processes. */
  meter(): CpuMeter;
  /** Starts a new memory phase (the service's RSS and heap are tracked per phase: memory-phases.ts). */
  phase?(label: string): void;
}

/** JSON request to the service; throws on any status >= 300. Admin token unless another is given. */
export async function api(ctx: Pick<BenchContext, 'baseUrl' | 'adminToken'>, method: string, path: string, body?: unknown, token?: string) {
  const response = await httpJson(method, `${ctx.baseUrl}${path}`, { token: token ?? ctx.adminToken, body });
  if (response.status >= 300) throw new Error(`${method} ${path} -> ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

export interface TimedGet {
  status: number;
  bytes: number;
  contentType: string | null;
  ms: number;
  body: string;
}

/** One GET, timed from just before the request to the last byte of the body. */
export async function timedGet(url: string, token: string, headers: Record<string, string> = {}): Promise<TimedGet> {
  const started = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, ...headers } });
  const body = await response.text();
  const ms = performance.now() - started;
  return { status: response.status, bytes: Buffer.byteLength(body), contentType: response.headers.get('content-type'), ms, body };
}

export interface GetSeries {
  runs: number;
  /** The first request, before the timed runs (not in `ms`): cold caches and JIT. */
  firstMs: number;
  ms: Distribution;
  status: number;
  bytes: number;
  contentType: string | null;
}

export interface SeriesRequest {
  url: string;
  token: string;
  headers?: Record<string, string>;
  /** Called with the first answer (throw to fail the run when it is not what was seeded). */
  check?: (first: TimedGet) => void;
}

/**
 * For each request `warmup` untimed GETs (the first one's time kept as `firstMs`), then `runs`
 * timed rounds in which each request is sent once, in turn: interleaved, so a burst of other load
 * on the machine spreads over all of them instead of spoiling one. One request at a time (no
 * concurrency: this is the latency of one request on an otherwise idle service). Throws unless
 * every answer is 200.
 */
export async function interleavedSeries(
  requests: readonly SeriesRequest[],
  runs: number,
  warmup = 2,
): Promise<{ series: GetSeries; last: TimedGet }[]> {
  const get = async (request: SeriesRequest) => {
    const answer = await timedGet(request.url, request.token, request.headers);
    if (answer.status !== 200) throw new Error(`GET ${request.url} -> ${answer.status}: ${answer.body.slice(0, 500)}`);
    return answer;
  };
  const firstMs: number[] = [];
  const last: TimedGet[] = [];
  for (const request of requests) {
    for (let i = 0; i < Math.max(1, warmup); i++) {
      const answer = await get(request);
      if (i === 0) {
        firstMs.push(answer.ms);
        request.check?.(answer);
      }
    }
  }
  const times: number[][] = requests.map(() => []);
  for (let run = 0; run < runs; run++) {
    for (const [i, request] of requests.entries()) {
      last[i] = await get(request);
      times[i].push(last[i].ms);
    }
  }
  return requests.map((_, i) => ({
    series: {
      runs,
      firstMs: firstMs[i],
      ms: distribution(times[i]),
      status: last[i].status,
      bytes: last[i].bytes,
      contentType: last[i].contentType,
    },
    last: last[i],
  }));
}

/** Median time of `times` calls of `fn`, in ms. */
export async function medianMs(times: number, fn: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return distribution(samples).p50;
}

/** insertMany in chunks; returns the seconds it took. */
export async function insertChunked(db: Db, collection: string, docs: readonly object[], chunk = 1000): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < docs.length; i += chunk) {
    await db.collection(collection).insertMany(docs.slice(i, i + chunk) as never[], { ordered: false });
  }
  return (performance.now() - started) / 1000;
}
