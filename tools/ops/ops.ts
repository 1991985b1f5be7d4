/**
 * Operator CLI: one entry point for what operators do at 3 a.m. It calls the services' own HTTP
 * APIs with the operator token (ADMIN_API_TOKEN), or Kafka directly where the dead-letter CLI
 * does (tools/dlt/dlt.ts, delegated to, so `dlt` works while a service is down).
 *
 *   npm run ops -- --help
 *   node dist/tools/ops/ops.js --help        (in a service's image: docker exec / kubectl exec)
 *   npm run ops -- dlt topics|list|show|replay ...            (see `npm run ops -- dlt --help`)
 *   npm run ops -- lag [--service S | --group G] [--topic T]  consumer lag per topic/partition
 *   npm run ops -- outbox [--service S | --url U]              outbox backlog and oldest age
 *   npm run ops -- subscription disable|enable <schoolId> <subscriptionId> --school-key K
 *   npm run ops -- replay-outcomes <schoolId> <subscriptionId> --since T --school-key K [--replay-id R]
 *   npm run ops -- rotate-key school|enterprise <id> [--overlap S] [--reason R]
 *   npm run ops -- rotate-erp-secret <enterpriseId> [--overlap S] [--reason R]
 *   npm run ops -- reseal-secrets                            after a SECRETS_ENCRYPTION_KEY rotation: every signing secret onto the new key
 *   npm run ops -- erasure list [--status pending] | erasure file <studentId> --reason R | erasure show <requestId>
 *   npm run ops -- rd-hours-backfill                          credit R&D hours stranded before teachers were registered
 *   npm run ops -- operator-key <operatorId> [--last-day D] [--no-personal-data]   a new operator key and its OPERATOR_KEYS entry (offline)
 *
 * Every function behind a command is exported, so tests (tools/ops/ops.int-spec.ts) call them directly.
 */
import { parseArgs } from 'node:util';
import { Kafka, KafkaConfig, logLevel } from 'kafkajs';
import { newOperatorKey } from '@app/base';
import { kafkaSecurityOptions } from '@app/messaging';
import { main as dltMain } from '../dlt/dlt';

export const USAGE = `usage: npm run ops -- <command> [options]

commands:
  dlt topics|list|show|replay ...                  dead-letter topics (Kafka directly; 'ops dlt --help')
  lag [--service S | --group G] [--topic T]        consumer lag per topic and partition (Kafka admin API:
                                                   committed offset vs high watermark)
  outbox [--service S | --url U]                   outbox backlog and age of the oldest waiting event
                                                   (the service's /metrics)
  subscription disable|enable <schoolId> <subscriptionId> --school-key K
                                                   pause or re-enable a school's outcome webhook
  replay-outcomes <schoolId> <subscriptionId> --since T --school-key K [--replay-id R]
                                                   deliver again every outcome recorded since T
  rotate-key school|enterprise <id> [--overlap S] [--expires-in-days D]
                                                   new API key (printed once); the old one stays valid S
                                                   seconds (default 86400)
  rotate-erp-secret <enterpriseId> [--overlap S]   new ERP signing secret (printed once)
  reseal-secrets [--service teacher-secondment]    after a rotation of SECRETS_ENCRYPTION_KEY (talent pipeline): every
                                                   stored ERP and webhook signing secret moved onto the current key;
                                                   with --service teacher-secondment, after one of
                                                   CREDENTIAL_KEY_ENCRYPTION_KEY: every private signing key (each
                                                   replica does it at start; repeat once the rollout is over)
  erasure list [--status pending|completed|completed-with-failures] [--school-id ID] [--student-id ID]
  erasure show <requestId>
  erasure file <studentId> --reason R              file an erasure on the person's own request
  rd-hours-backfill                                teacher secondment: credit R&D hours stored for a teacher id before
                                                   the teacher was registered and never credited (idempotent: a second
                                                   run credits nothing); ids still unregistered are credited at registration
  operator-key <operatorId> [--last-day YYYY-MM-DD] [--no-personal-data]
                                                   a new operator key (give it to the operator, shown once) and the
                                                   OPERATOR_KEYS entry naming it (put it in the operator keys Secret),
                                                   refused after its last day (UTC) when one is given; with
                                                   --no-personal-data the key does every operator thing except read
                                                   students' or teachers' personal data or issue keys that read it
                                                   (support, on-call: ADR 0078);
                                                   offline: nothing is sent anywhere (ADR 0073)

options:
  --service talent-pipeline|teacher-secondment|rd-collaboration   (default talent-pipeline; in a
                     service's image: that service, at 127.0.0.1:$PORT)
  --url U            base URL of the service (default TALENT_PIPELINE_URL / TEACHER_SECONDMENT_URL /
                     RD_COLLABORATION_URL, else http://127.0.0.1:3001 / 3002 / 3003)
  --token T          your operator key (default OPERATOR_KEY), else the shared token (ADMIN_API_TOKEN)
  --operator ID      with the shared token, who acts: sent as X-Operator-Id (credential audit, erasure
                     filer, access log); an operator key says who you are by itself
  --reason R         why: X-Access-Reason on reads, the audit reason on rotations and erasures
  --brokers B        Kafka (default KAFKA_BROKERS or 127.0.0.1:9092); --prefix P (KAFKA_TOPIC_PREFIX);
                     lag uses KAFKA_SSL and KAFKA_SASL_* like the services
  --group G          consumer group (default KAFKA_GROUP_ID, else the service name)
  --json             machine-readable output
exit status: 0 ok, 1 the call failed (one line on stderr), 64 usage error`;

export class UsageError extends Error {}
export class OpsError extends Error {}

export const SERVICES = {
  'talent-pipeline': { env: 'TALENT_PIPELINE_URL', port: 3001 },
  'teacher-secondment': { env: 'TEACHER_SECONDMENT_URL', port: 3002 },
  'rd-collaboration': { env: 'RD_COLLABORATION_URL', port: 3003 },
} as const;
export type ServiceName = keyof typeof SERVICES;

/** How to reach a service's HTTP API as the operator. */
export interface ApiTarget {
  url: string;
  token?: string;
  operator?: string;
  reason?: string;
}

// ---------------------------------------------------------------- HTTP

async function call(target: ApiTarget, method: string, path: string, body?: unknown, bearer = target.token): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (target.operator) headers['x-operator-id'] = target.operator;
  if (target.reason && method === 'GET') headers['x-access-reason'] = target.reason;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const url = `${target.url.replace(/\/+$/, '')}${path}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    const cause = (error as Error).cause as { message?: string; code?: string } | undefined;
    throw new OpsError(`${method} ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (e.g. /metrics): the caller gets the text.
  }
  if (!response.ok) {
    const problem = (parsed ?? {}) as { title?: string; detail?: string; errors?: { field?: string; message?: string }[] };
    const fields = problem.errors?.map((e) => `${e.field ?? '?'}: ${e.message ?? ''}`).join('; ');
    const said = [problem.title, problem.detail, fields].filter(Boolean).join(' - ') || text.slice(0, 200);
    throw new OpsError(`${method} ${path} -> ${response.status} ${said}`);
  }
  return parsed;
}

// ---------------------------------------------------------------- commands

export interface LagRow {
  topic: string;
  partition: number;
  /** The group's committed offset; -1 when it has committed nothing on this partition. */
  committed: number;
  low: number;
  high: number;
  lag: number;
}

/**
 * Consumer lag of a group, per topic and partition, from the Kafka admin API (the same arithmetic
 * as the `consumer_lag` gauge). Without `topics`: every topic the group has committed offsets on.
 */
export async function consumerLag(options: {
  brokers: string[];
  groupId: string;
  topics?: string[];
  security?: Pick<KafkaConfig, 'ssl' | 'sasl'>;
}): Promise<LagRow[]> {
  const admin = new Kafka({
    clientId: 'ops-cli',
    brokers: options.brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 2 },
    ...options.security,
  }).admin();
  await admin.connect();
  try {
    const committed = await admin.fetchOffsets(
      options.topics?.length ? { groupId: options.groupId, topics: options.topics } : { groupId: options.groupId },
    );
    const rows: LagRow[] = [];
    for (const { topic, partitions } of committed.sort((a, b) => a.topic.localeCompare(b.topic))) {
      const ends = await admin.fetchTopicOffsets(topic);
      for (const end of ends.sort((a, b) => a.partition - b.partition)) {
        const offset = Number(partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
        const high = Number(end.high);
        const low = Number(end.low);
        rows.push({ topic, partition: end.partition, committed: offset, low, high, lag: Math.max(high - (offset < 0 ? low : offset), 0) });
      }
    }
    return rows;
  } finally {
    await admin.disconnect();
  }
}

export interface OutboxRow {
  collection: string;
  backlog: number;
  oldestAgeSeconds: number;
}

/** Parses the `outbox_backlog` and `outbox_oldest_age_seconds` gauges out of a Prometheus text scrape. */
export function outboxGaugesOf(metricsText: string): OutboxRow[] {
  const rows = new Map<string, OutboxRow>();
  for (const line of metricsText.split('\n')) {
    const match = /^(outbox_backlog|outbox_oldest_age_seconds)\{([^}]*)\}\s+(\S+)/.exec(line);
    const collection = match && /(?:^|,)collection="([^"]*)"/.exec(match[2])?.[1];
    if (!match || collection === undefined || collection === null) continue;
    const row = rows.get(collection) ?? { collection, backlog: 0, oldestAgeSeconds: 0 };
    if (match[1] === 'outbox_backlog') row.backlog = Number(match[3]);
    else row.oldestAgeSeconds = Number(match[3]);
    rows.set(collection, row);
  }
  return [...rows.values()].sort((a, b) => a.collection.localeCompare(b.collection));
}

/** Outbox backlog and oldest age per collection, read from the service's /metrics. */
export async function outboxStatus(target: ApiTarget): Promise<OutboxRow[]> {
  const text = await call(target, 'GET', '/metrics');
  if (typeof text !== 'string') throw new OpsError('GET /metrics did not answer Prometheus text');
  return outboxGaugesOf(text);
}

/** Pauses or re-enables a school's outcome webhook subscription (the route takes the school's API key). */
export async function setSubscriptionStatus(
  target: ApiTarget,
  schoolKey: string,
  schoolId: string,
  subscriptionId: string,
  status: 'active' | 'disabled',
): Promise<{ id: string; status: string }> {
  return (await call(target, 'PATCH', `/v1/schools/${schoolId}/webhook-subscriptions/${subscriptionId}`, { status }, schoolKey)) as {
    id: string;
    status: string;
  };
}

/** Delivers again every outcome recorded since `since` that matches the subscription (school API key). */
export async function replayOutcomes(
  target: ApiTarget,
  schoolKey: string,
  schoolId: string,
  subscriptionId: string,
  since: string,
  replayId?: string,
): Promise<{ replayId: string; since: string; matched: number; enqueued: number }> {
  const body = { since, ...(replayId ? { replayId } : {}) };
  return (await call(target, 'POST', `/v1/schools/${schoolId}/webhook-subscriptions/${subscriptionId}/replay`, body, schoolKey)) as {
    replayId: string;
    since: string;
    matched: number;
    enqueued: number;
  };
}

export interface RotationOptions {
  overlapSeconds?: number;
  expiresInDays?: number;
  reason?: string;
}

function rotationBody(options: RotationOptions) {
  return {
    ...(options.overlapSeconds !== undefined ? { overlapSeconds: options.overlapSeconds } : {}),
    ...(options.expiresInDays !== undefined ? { expiresInDays: options.expiresInDays } : {}),
    ...(options.reason ? { reason: options.reason } : {}),
  };
}

/** Rotates a school's or an enterprise's API key; the answer carries the new key (shown once). */
export async function rotateKey(
  target: ApiTarget,
  kind: 'school' | 'enterprise',
  id: string,
  options: RotationOptions = {},
): Promise<{ apiKey: string; issuedAt: string; expiresAt?: string; previousKeyValidUntil?: string }> {
  const path = `/v1/${kind === 'school' ? 'schools' : 'enterprises'}/${id}/api-key/rotations`;
  return (await call(target, 'POST', path, rotationBody(options))) as { apiKey: string; issuedAt: string };
}

/** Rotates an enterprise's ERP signing secret; the answer carries the new secret (shown once). */
export async function rotateErpSecret(
  target: ApiTarget,
  enterpriseId: string,
  options: RotationOptions = {},
): Promise<{ erpSigningSecret: string; rotatedAt: string; previousSecretValidUntil?: string }> {
  const body = rotationBody({ ...options, expiresInDays: undefined });
  return (await call(target, 'POST', `/v1/enterprises/${enterpriseId}/erp-signing-secret/rotations`, body)) as {
    erpSigningSecret: string;
    rotatedAt: string;
  };
}

/** What a reseal pass moved onto the current key, per store, and what no configured key opens (ADR 0018, addendum). */
export interface SecretsReseal {
  erpSigningSecrets: { resealed: number; unreadable: number };
  webhookSigningSecrets: { resealed: number; unreadable: number };
  previousKeys: number;
}

export async function resealSecrets(target: ApiTarget): Promise<SecretsReseal> {
  return (await call(target, 'POST', '/v1/operator/secret-keys/reseal')) as SecretsReseal;
}

/** The teacher secondment's pass over its private signing keys after a CREDENTIAL_KEY_ENCRYPTION_KEY rotation (ADR 0026, addendum). */
export interface SigningKeysReseal {
  resealed: number;
  unreadable: number;
  previousKeys: number;
}

export async function resealSigningKeys(target: ApiTarget): Promise<SigningKeysReseal> {
  return (await call(target, 'POST', '/v1/credentials/keys/reseal')) as SigningKeysReseal;
}

/** The operator's list of erasure requests (talent pipeline), newest first. */
export async function listErasures(
  target: ApiTarget,
  filter: { status?: string; schoolId?: string; studentId?: string; limit?: number },
): Promise<{ items: { id: string; status: string; requestedAt?: string }[]; nextCursor?: string }> {
  const query = new URLSearchParams(
    Object.entries(filter)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();
  return (await call(target, 'GET', `/v1/operator/erasure-requests${query ? `?${query}` : ''}`)) as {
    items: { id: string; status: string }[];
  };
}

export interface RdHoursBackfill {
  teachersScanned: number;
  teachersCredited: number;
  entriesCredited: number;
  entriesOfOtherSchools: number;
  teachersAwaitingRegistration: number;
}

/** Teacher secondment: credits the R&D hours stranded before registration crediting existed (POST /v1/rd-hours/backfill). */
export async function backfillRdHours(target: ApiTarget): Promise<RdHoursBackfill> {
  return (await call(target, 'POST', '/v1/rd-hours/backfill')) as RdHoursBackfill;
}

// ---------------------------------------------------------------- entry point

type Out = (line: string) => void;

/** Inside a service's image SERVICE and PORT name the service next door: its API is the default target there. */
const IMAGE_SERVICE = process.env.SERVICE && process.env.SERVICE in SERVICES ? (process.env.SERVICE as ServiceName) : undefined;

function serviceOf(raw: string | undefined): ServiceName {
  const name = raw ?? IMAGE_SERVICE ?? 'talent-pipeline';
  if (!(name in SERVICES)) throw new UsageError(`--service must be one of ${Object.keys(SERVICES).join(', ')}`);
  return name as ServiceName;
}

function urlOf(service: ServiceName, explicit?: string): string {
  const { env, port } = SERVICES[service];
  const local = service === IMAGE_SERVICE && process.env.PORT ? Number(process.env.PORT) : port;
  return explicit ?? process.env[env] ?? `http://127.0.0.1:${local}`;
}

function need(value: string | undefined, what: string): string {
  if (!value) throw new UsageError(`missing ${what}`);
  return value;
}

function intOption(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} must be a whole number`);
  return n;
}

function table(out: Out, rows: Record<string, unknown>[], columns: string[]) {
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '-').length)));
  out(columns.map((c, i) => c.padEnd(widths[i])).join('  '));
  for (const r of rows) out(columns.map((c, i) => String(r[c] ?? '-').padEnd(widths[i])).join('  '));
}

export async function main(argv: string[], out: Out = (l) => process.stdout.write(`${l}\n`)): Promise<void> {
  // The dead-letter CLI keeps its own options: hand it everything after `dlt`.
  if (argv[0] === 'dlt') return dltMain(argv.slice(1), out);

  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        service: { type: 'string' },
        url: { type: 'string' },
        token: { type: 'string', default: process.env.OPERATOR_KEY ?? process.env.ADMIN_API_TOKEN },
        operator: { type: 'string', default: process.env.OPERATOR_ID },
        reason: { type: 'string' },
        'school-key': { type: 'string', default: process.env.SCHOOL_API_KEY },
        since: { type: 'string' },
        'replay-id': { type: 'string' },
        overlap: { type: 'string' },
        'expires-in-days': { type: 'string' },
        'last-day': { type: 'string' },
        'no-personal-data': { type: 'boolean' },
        status: { type: 'string' },
        'school-id': { type: 'string' },
        'student-id': { type: 'string' },
        limit: { type: 'string' },
        brokers: { type: 'string', default: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092' },
        prefix: { type: 'string', default: process.env.KAFKA_TOPIC_PREFIX ?? '' },
        group: { type: 'string' },
        topic: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...args] = positionals;
  if (values.help || !command) return out(USAGE);

  const service = serviceOf(values.service);
  const target: ApiTarget = { url: urlOf(service, values.url), token: values.token, operator: values.operator, reason: values.reason };
  const needToken = () => {
    if (!target.token) throw new UsageError('no operator token: set OPERATOR_KEY or ADMIN_API_TOKEN, or pass --token');
  };
  const print = (result: unknown, line: string) => out(values.json ? JSON.stringify(result, null, 2) : line);

  switch (command) {
    case 'lag': {
      // As the service does: KAFKA_GROUP_ID, else SERVICE_NAME (the topic prefix does not apply to the group).
      const groupId = values.group ?? process.env.KAFKA_GROUP_ID ?? service;
      const topics = values.topic?.map((t) => (values.prefix && !t.startsWith(values.prefix) ? `${values.prefix}${t}` : t));
      // TLS and SASL as the services: KAFKA_SSL, KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD.
      const security = kafkaSecurityOptions({
        KAFKA_SSL: process.env.KAFKA_SSL === 'true',
        KAFKA_SASL_MECHANISM: process.env.KAFKA_SASL_MECHANISM as 'plain' | 'scram-sha-256' | 'scram-sha-512' | undefined,
        KAFKA_SASL_USERNAME: process.env.KAFKA_SASL_USERNAME,
        KAFKA_SASL_PASSWORD: process.env.KAFKA_SASL_PASSWORD,
      });
      const rows = await consumerLag({ brokers: values.brokers!.split(','), groupId, topics, security });
      if (values.json) return out(JSON.stringify({ groupId, partitions: rows }, null, 2));
      if (rows.length === 0) return out(`group ${groupId} has committed no offsets (unknown group, or it has consumed nothing yet)`);
      table(out, rows as unknown as Record<string, unknown>[], ['topic', 'partition', 'committed', 'high', 'lag']);
      return out(`group ${groupId}: total lag ${rows.reduce((sum, r) => sum + r.lag, 0)}`);
    }
    case 'outbox': {
      const rows = await outboxStatus(target);
      if (values.json) return out(JSON.stringify(rows, null, 2));
      if (rows.length === 0) return out(`${target.url}/metrics shows no outbox gauges`);
      table(out, rows as unknown as Record<string, unknown>[], ['collection', 'backlog', 'oldestAgeSeconds']);
      return;
    }
    case 'subscription': {
      const [action, schoolId, subscriptionId] = args;
      if (action !== 'disable' && action !== 'enable') throw new UsageError('subscription disable|enable <schoolId> <subscriptionId>');
      const key = need(values['school-key'], "--school-key (the school's API key; the route takes no operator token)");
      const result = await setSubscriptionStatus(
        target,
        key,
        need(schoolId, '<schoolId>'),
        need(subscriptionId, '<subscriptionId>'),
        action === 'disable' ? 'disabled' : 'active',
      );
      return print(result, `subscription ${result.id} is now ${result.status}`);
    }
    case 'replay-outcomes': {
      const [schoolId, subscriptionId] = args;
      const key = need(values['school-key'], "--school-key (the school's API key; the route takes no operator token)");
      const result = await replayOutcomes(
        target,
        key,
        need(schoolId, '<schoolId>'),
        need(subscriptionId, '<subscriptionId>'),
        need(values.since, '--since (a date YYYY-MM-DD or an RFC 3339 date-time)'),
        values['replay-id'],
      );
      return print(
        result,
        `replay ${result.replayId}: ${result.matched} outcome(s) since ${result.since} matched, ${result.enqueued} enqueued`,
      );
    }
    case 'rotate-key': {
      const [kind, id] = args;
      if (kind !== 'school' && kind !== 'enterprise') throw new UsageError('rotate-key school|enterprise <id>');
      needToken();
      const result = await rotateKey(target, kind, need(id, '<id>'), {
        overlapSeconds: intOption(values.overlap, '--overlap'),
        expiresInDays: intOption(values['expires-in-days'], '--expires-in-days'),
        reason: values.reason,
      });
      return print(
        result,
        `new API key (shown once): ${result.apiKey}\nold key valid until: ${result.previousKeyValidUntil ?? 'no previous key'}`,
      );
    }
    case 'rotate-erp-secret': {
      needToken();
      const result = await rotateErpSecret(target, need(args[0], '<enterpriseId>'), {
        overlapSeconds: intOption(values.overlap, '--overlap'),
        reason: values.reason,
      });
      return print(
        result,
        `new ERP signing secret (shown once): ${result.erpSigningSecret}\nold secret valid until: ${result.previousSecretValidUntil ?? 'no previous secret'}`,
      );
    }
    case 'reseal-secrets': {
      if (values.service === 'teacher-secondment') {
        needToken();
        const result = await resealSigningKeys(target);
        return print(
          result,
          `credential signing keys: ${result.resealed} resealed, ${result.unreadable} no configured key opens` +
            `${result.unreadable ? ' (if the active one: rotate the signing key)' : ''}\nprevious keys configured: ${result.previousKeys}`,
        );
      }
      if (values.service && values.service !== 'talent-pipeline')
        throw new UsageError('reseal-secrets is a talent-pipeline or teacher-secondment command');
      needToken();
      const result = await resealSecrets({ ...target, url: urlOf('talent-pipeline', values.url) });
      const line = (what: string, count: { resealed: number; unreadable: number }) =>
        `${what}: ${count.resealed} resealed, ${count.unreadable} no configured key opens` +
        (count.unreadable ? " (their partners need new secrets: rotate-erp-secret, or the subscription's rotate-secret)" : '');
      return print(
        result,
        [
          line('ERP signing secrets', result.erpSigningSecrets),
          line('webhook signing secrets', result.webhookSigningSecrets),
          `previous keys configured: ${result.previousKeys}`,
        ].join('\n'),
      );
    }
    case 'erasure': {
      needToken();
      const [action, id] = args;
      if (action === 'list') {
        const page = await listErasures(target, {
          status: values.status,
          schoolId: values['school-id'],
          studentId: values['student-id'],
          limit: intOption(values.limit, '--limit'),
        });
        if (values.json) return out(JSON.stringify(page, null, 2));
        table(out, page.items as unknown as Record<string, unknown>[], ['id', 'status', 'origin', 'requestedAt', 'studentId']);
        return out(`${page.items.length} request(s)${page.nextCursor ? ` (more: --before ${page.nextCursor})` : ''}`);
      }
      if (action === 'show') {
        const result = await call(target, 'GET', `/v1/operator/erasure-requests/${need(id, '<requestId>')}`);
        return out(JSON.stringify(result, null, 2));
      }
      if (action === 'file') {
        const body = { studentId: need(id, '<studentId>'), reason: need(values.reason, '--reason') };
        const result = (await call(target, 'POST', '/v1/operator/erasure-requests', body)) as { id: string; status: string };
        return print(result, `erasure request ${result.id}: ${result.status}`);
      }
      throw new UsageError('erasure list|show <requestId>|file <studentId> --reason R');
    }
    case 'rd-hours-backfill': {
      if (values.service && values.service !== 'teacher-secondment')
        throw new UsageError('rd-hours-backfill is a teacher-secondment command');
      needToken();
      const result = await backfillRdHours({ ...target, url: urlOf('teacher-secondment', values.url) });
      return print(
        result,
        `${result.entriesCredited} R&D hour entr${result.entriesCredited === 1 ? 'y' : 'ies'} credited to ${result.teachersCredited} teacher(s) ` +
          `(${result.teachersScanned} teacher id(s) with stored hours; ${result.entriesOfOtherSchools} entr(ies) of another school left out; ` +
          `${result.teachersAwaitingRegistration} id(s) not registered yet, credited at registration)`,
      );
    }
    case 'operator-key': {
      let made: { key: string; entry: string };
      try {
        made = newOperatorKey(need(args[0], '<operatorId>'), values['last-day'], { noPersonalData: values['no-personal-data'] });
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      return print(made, `operator key (give it to the operator; shown once): ${made.key}\nOPERATOR_KEYS entry: ${made.entry}`);
    }
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

if (require.main === module) {
  // kafkajs 2.2 on Node 24 sets a negative timer once per connection (TimeoutNegativeWarning, harmless);
  // keep stderr to the one line that matters.
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name !== 'TimeoutNegativeWarning') process.stderr.write(`ops: warning: ${warning.message}\n`);
  });
  // stdout to a pipe is written asynchronously: exit once everything printed has been flushed.
  main(process.argv.slice(2)).then(
    () => process.stdout.write('', () => process.exit(0)),
    (error: Error) => {
      const usage = error instanceof UsageError || error.constructor.name === 'UsageError';
      process.stderr.write(usage ? `ops: ${error.message} (see: npm run ops -- --help)\n` : `ops: ${error.message}\n`);
      process.exit(usage ? 64 : 1);
    },
  );
}
