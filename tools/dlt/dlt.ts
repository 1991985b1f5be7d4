/**
 * Operator CLI for dead-letter topics: list them with counts, inspect records, replay one, a
 * filter or all back to the original topic. Talks to Kafka directly (and, with --mongo, to the
 * service's database for the replay ledger), so it works while the service is down.
 *
 *   npm run dlt -- topics
 *   npm run dlt -- list  <dlt-topic> [--reason R] [--type T] [--since ISO] [--until ISO] [--group G] [--not-replayed] [--limit N] [--after CURSOR] [--json] READ
 *   npm run dlt -- show  <dlt-topic> <partition>@<offset> READ
 *     READ = --operator ID --access-reason WHY --mongo URI: dead letters carry events whole, so a
 *     read is written to the service's operator access log first, as over HTTP (nothing is shown
 *     when it cannot be)
 *   npm run dlt -- replay <dlt-topic> (<partition>@<offset>... | --reason R | --type T | --since ISO | --until ISO | --not-replayed | --all) [--limit N] [--after CURSOR] [--json]
 *
 * Paging (ADR 0020): `list` without --after reads on, 10,000 records at a time, until it has --limit
 * matches or reaches the end of the topic (a plain `list` misses nothing); with --after it is one
 * read of at most 10,000 records from that cursor, as a page over HTTP. `replay` by a filter (or
 * --all) is always one such read, from the start or from --after, and replays what it found. Both
 * print the cursor to go on with (`nextCursor` in --json) when they stopped before the end.
 *
 * Connection: --brokers (KAFKA_BROKERS, default 127.0.0.1:9092), --prefix (KAFKA_TOPIC_PREFIX),
 * --mongo (MONGO_URI of the service whose ledger records the replays; optional); TLS and SASL
 * from KAFKA_SSL and KAFKA_SASL_* as the services.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { Db, MongoClient } from 'mongodb';
import {
  DeadLetterFilter,
  DeadLetterRecord,
  DeadLetterStore,
  decodeDeadLetterCursor,
  EventPublisher,
  InvalidDeadLetterCursorError,
  kafkaSecurityOptions,
  TopicNamer,
} from '@app/messaging';
import { MongoDeadLetterReplayLedger } from '@app/persistence';
import { FieldError } from '@app/base';
import { operatorAccessOf, peopleInDeadLetters, recordOperatorReadOutsideHttp } from '@app/platform';

const USAGE = `usage: dlt topics | list <dlt-topic> [filters] | show <dlt-topic> <partition>@<offset> | replay <dlt-topic> (<partition>@<offset>... | filters | --all)
filters: --reason R --type T --since ISO --until ISO --group G --not-replayed --limit N
paging: --after CURSOR (list, replay by filter or --all): one read of at most 10,000 records from the nextCursor a list or replay printed
  (0:0: from the start), with the same filters; list without --after reads on to --limit matches or the end, replay by filter reads once
list and show: --operator ID (OPERATOR_ID) --access-reason WHY --mongo URI (the read goes to the service's operator access log)
connection: --brokers host:port (KAFKA_BROKERS) --prefix P (KAFKA_TOPIC_PREFIX) --mongo URI (MONGO_URI, replay ledger)`;

class UsageError extends Error {}

export async function main(argv: string[], out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      brokers: { type: 'string', default: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092' },
      prefix: { type: 'string', default: process.env.KAFKA_TOPIC_PREFIX ?? '' },
      mongo: { type: 'string', default: process.env.MONGO_URI },
      reason: { type: 'string' },
      operator: { type: 'string', default: process.env.OPERATOR_ID },
      'access-reason': { type: 'string' },
      type: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      group: { type: 'string' },
      'not-replayed': { type: 'boolean' },
      all: { type: 'boolean' },
      limit: { type: 'string' },
      after: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, topic, ...rest] = positionals;
  if (values.help || !command) return out(USAGE);

  // TLS and SASL as the services: KAFKA_SSL, KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD.
  const security = kafkaSecurityOptions({
    KAFKA_SSL: process.env.KAFKA_SSL === 'true',
    KAFKA_SASL_MECHANISM: process.env.KAFKA_SASL_MECHANISM as 'plain' | 'scram-sha-256' | 'scram-sha-512' | undefined,
    KAFKA_SASL_USERNAME: process.env.KAFKA_SASL_USERNAME,
    KAFKA_SASL_PASSWORD: process.env.KAFKA_SASL_PASSWORD,
  });
  const kafka = new Kafka({ clientId: 'dlt-cli', brokers: values.brokers!.split(','), logLevel: logLevel.ERROR, ...security });
  const publisher = new EventPublisher(kafka, new TopicNamer(''));
  const mongo = values.mongo ? await MongoClient.connect(values.mongo, { serverSelectionTimeoutMS: 10_000 }) : undefined;
  const store = new DeadLetterStore(kafka, publisher, mongo ? new MongoDeadLetterReplayLedger(mongo.db()) : undefined);
  try {
    const filter = filterOf(values, rest);
    const limit = values.limit ? positiveInt(values.limit, '--limit') : undefined;
    const after = values.after === undefined ? undefined : cursorOf(values.after);
    if (after !== undefined && (command === 'show' || filter.records))
      throw new UsageError(
        '--after pages a list or a replay by filter (or --all): records named by <partition>@<offset> are read as named',
      );
    switch (command) {
      case 'topics': {
        const topics = await store.listTopics(values.prefix);
        if (values.json) return out(JSON.stringify(topics, null, 2));
        for (const t of topics) out(`${String(t.records).padStart(8)}  ${t.topic}`);
        return out(`${topics.length} dead-letter topic(s)`);
      }
      case 'list': {
        const logDb = readLogOf(mongo, values, 'dlt list');
        // Without --after, read on to --limit matches or the end: a plain list misses nothing. With it, one read, as a page over HTTP.
        const page =
          after === undefined
            ? await store.listAcrossReads(required(topic), filter, limit ?? 100)
            : await store.listPage(required(topic), filter, { limit: limit ?? 100, after });
        await logRead(logDb, values, 'dlt list', ['dlt list', topic, ...rest, readFlagsOf(values)].filter(Boolean).join(' '), page.items);
        if (values.json) return out(JSON.stringify(page, null, 2));
        for (const r of page.items) out(summaryOf(r));
        out(`${page.items.length} record(s) (of ${page.scanned} read)`);
        if (page.nextCursor) out(goOn('list', page.nextCursor));
        return;
      }
      case 'show': {
        if (!filter.records || filter.records.length !== 1) throw new UsageError('show needs one <partition>@<offset>');
        const logDb = readLogOf(mongo, values, 'dlt show');
        const [record] = await store.list(required(topic), filter, 1);
        if (!record) throw new UsageError(`no record ${rest[0]} in ${topic}`);
        await logRead(logDb, values, 'dlt show', `dlt show ${topic} ${rest[0]}`, [record]);
        return out(JSON.stringify(record, null, 2));
      }
      case 'replay': {
        const selects = filter.records || filter.reason || filter.eventType || filter.since || filter.until || filter.notReplayed;
        if (!selects && !values.all) throw new UsageError('replay needs <partition>@<offset>, a filter, or --all');
        // Records named are read only from the first named offset to the last; a filter is one bounded read, its cursor to go on.
        const answer = filter.records
          ? { items: await store.replay(required(topic), filter, limit ?? 1_000) }
          : await store.replayPage(required(topic), filter, { limit: limit ?? 1_000, after });
        if (values.json) return out(JSON.stringify({ replayed: answer.items.length, ...answer }, null, 2));
        for (const r of answer.items)
          out(`replayed ${r.from.partition}@${r.from.offset} -> ${r.toTopic} (ce_id ${r.eventId ?? '-'}, replay ${r.replayId})`);
        out(`${answer.items.length} record(s) replayed${mongo ? '' : ' (no --mongo: not written to the replay ledger)'}`);
        if ('nextCursor' in answer && answer.nextCursor) out(goOn('replay', answer.nextCursor));
        return;
      }
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } finally {
    await publisher.disconnect();
    await mongo?.close();
  }
}

/** The database whose access log takes the read, checked before Kafka is read: a read that could not be logged reads nothing. */
function readLogOf(mongo: MongoClient | undefined, values: ReaderFlags, route: string): Db {
  if (!mongo) throw new UsageError(`${route} logs the read in the service's operator access log: pass --mongo (the service's MONGO_URI)`);
  const access = operatorAccessOf({ 'x-operator-id': values.operator, 'x-access-reason': values['access-reason'] });
  if (Array.isArray(access)) throw usageErrorOf(route, access);
  return mongo.db();
}

type ReaderFlags = { operator?: string; 'access-reason'?: string };

function usageErrorOf(route: string, problems: FieldError[]): UsageError {
  const flags: Record<string, string> = { 'X-Operator-Id': '--operator', 'X-Access-Reason': '--access-reason' };
  return new UsageError(`${route}: ${problems.map((p) => `${flags[p.field] ?? p.field} ${p.message}`).join('; ')}`);
}

/**
 * Dead letters carry events whole (personal data included): like `GET …/dead-letters/{topic}/records`,
 * a read is written to the service's operator access log, with the students and teachers its
 * records name, before anything is printed (ADR 0040, ADR 0073). `readLogOf` checked the flags first.
 */
async function logRead(db: Db, values: ReaderFlags, route: string, path: string, records: DeadLetterRecord[]): Promise<void> {
  const problems = await recordOperatorReadOutsideHttp(db, {
    operatorId: values.operator,
    reason: values['access-reason'],
    route,
    path,
    people: { studentIds: [], teacherIds: [], ...peopleInDeadLetters({ items: records }) },
    requestId: randomUUID(),
  });
  if (problems.length > 0) throw usageErrorOf(route, problems);
}

function filterOf(values: Record<string, string | boolean | undefined>, coordinates: string[]): DeadLetterFilter {
  const records = coordinates.map((c) => {
    const match = /^(\d+)@(\d+)$/.exec(c);
    if (!match) throw new UsageError(`${c} is not <partition>@<offset>`);
    return { partition: Number(match[1]), offset: match[2] };
  });
  return {
    records: records.length ? records : undefined,
    reason: values.reason as string | undefined,
    eventType: values.type as string | undefined,
    since: values.since ? date(values.since as string, '--since') : undefined,
    until: values.until ? date(values.until as string, '--until') : undefined,
    consumerGroup: values.group as string | undefined,
    notReplayed: values['not-replayed'] === true,
  };
}

/**
 * The filters and paging a listing was asked with, as given on the command line: the access log
 * records what part of the topic was read, as it records the query string of an HTTP read.
 */
function readFlagsOf(values: Record<string, string | boolean | undefined>): string {
  const flags = ['reason', 'type', 'since', 'until', 'group', 'not-replayed', 'limit', 'after'] as const;
  return flags
    .filter((flag) => values[flag] !== undefined && values[flag] !== false)
    .map((flag) => (values[flag] === true ? `--${flag}` : `--${flag} ${String(values[flag])}`))
    .join(' ');
}

/** The store's own cursor check (the one HTTP's `after` goes through): a usage error naming --after. */
function cursorOf(raw: string): string {
  try {
    decodeDeadLetterCursor(raw);
  } catch (error) {
    if (error instanceof InvalidDeadLetterCursorError)
      throw new UsageError(`--after ${JSON.stringify(raw)} is not a cursor dlt printed: ${error.message}`);
    throw error;
  }
  return raw;
}

/** The line that says where the read stopped and how to go on. */
function goOn(command: 'list' | 'replay', cursor: string): string {
  return `stopped before the end of the topic: more may match; go on with: ${command} --after ${cursor} (and the same filters)`;
}

function summaryOf(r: DeadLetterRecord): string {
  const replays = r.replays ? ` replayed ${r.replays}x (last ${r.lastReplayedAt})` : '';
  const deadline = r.replayBy ? `  replay-by=${r.replayBy}` : '';
  return `${r.partition}@${r.offset}  ${r.failedAt ?? '-'}  ${r.reason ?? '-'}  ${r.eventType ?? '-'}  ce_id=${r.eventId ?? '-'}  key=${r.key ?? '-'}  ${(r.error ?? '').slice(0, 120)}${replays}${deadline}`;
}

const required = (topic: string | undefined) => {
  if (!topic) throw new UsageError('name the dead-letter topic');
  return topic;
};

function positiveInt(raw: string, name: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive integer`);
  return n;
}

function date(raw: string, name: string): Date {
  const d = new Date(raw);
  if (Number.isNaN(d.getTime())) throw new UsageError(`${name} must be an ISO date-time`);
  return d;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (error: Error) => {
      process.stderr.write(`${error instanceof UsageError ? `${error.message}\n${USAGE}` : `dlt: ${error.message}`}\n`);
      process.exit(error instanceof UsageError ? 64 : 1);
    },
  );
}
