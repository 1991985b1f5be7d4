import { Admin, Kafka } from 'kafkajs';
import { CommandFailedEvent, CommandStartedEvent, CommandSucceededEvent, Db } from 'mongodb';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { KafkaEventTransport, MessagingMetrics } from '@app/messaging';

export interface MessagingCollectorSources {
  registry: Registry;
  metrics: MessagingMetrics;
  transport: KafkaEventTransport;
  kafka: Kafka;
  groupId: string;
  /** Physical topic names the service consumes. */
  consumedTopics: string[];
  db: Db;
  outboxCollections: string[];
}

/**
 * Backbone figures, read when Prometheus scrapes (prom-client `collect`), so the hot paths
 * keep their plain counters and pay nothing per event.
 */
export function registerMessagingCollectors(sources: MessagingCollectorSources): { close(): Promise<void> } {
  const { registry, metrics } = sources;
  const registers = [registry];

  // The one figure observed on the hot path: a histogram cannot be rebuilt at scrape time.
  const handled = new Histogram({
    name: 'consumer_handler_duration_seconds',
    help: 'Consumed records by event type and outcome (ok, retried, dead-lettered), from the first attempt to the outcome.',
    labelNames: ['event_type', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const stopObserving = metrics.onHandled((eventType, outcome, seconds) => handled.observe({ event_type: eventType, outcome }, seconds));

  const stopCountingCommands = countDatabaseCommands(sources.db, registers);

  new Counter({
    name: 'consumer_dead_lettered_total',
    help: 'Records sent to a dead-letter topic, by reason.',
    labelNames: ['reason'],
    registers,
    collect() {
      this.reset();
      for (const [reason, count] of Object.entries(metrics.snapshot().deadLettered)) this.inc({ reason }, count);
    },
  });
  new Counter({
    name: 'consumer_transient_retries_total',
    help: 'Handler attempts that failed on a transient infrastructure error and were retried in place.',
    registers,
    collect() {
      this.reset();
      this.inc(metrics.consumerTransientRetries);
    },
  });
  new Counter({
    name: 'dead_letters_replayed_total',
    help: 'Dead-lettered records replayed to their original topic.',
    registers,
    collect() {
      this.reset();
      this.inc(metrics.deadLettersReplayed);
    },
  });
  new Counter({
    name: 'outbox_relay_parked_total',
    help: 'Outbox events the broker refused (e.g. too large), moved aside instead of retried for ever.',
    registers,
    collect() {
      this.reset();
      this.inc(metrics.relayParked);
    },
  });
  new Gauge({
    name: 'consumer_up',
    help: '1 while the Kafka consumer is a member of its group.',
    registers,
    collect() {
      this.set(sources.transport.isRunning() ? 1 : 0);
    },
  });
  new Gauge({
    name: 'consumer_retrying_partitions',
    help: 'Partitions whose current record is waiting for a transient failure to clear.',
    registers,
    collect() {
      this.set(sources.transport.health().retrying.length);
    },
  });

  let admin: Admin | undefined;
  new Gauge({
    name: 'consumer_lag',
    help: 'Records on a partition the consumer group has not committed yet.',
    labelNames: ['topic', 'partition'],
    registers,
    async collect() {
      this.reset();
      if (sources.consumedTopics.length === 0) return;
      try {
        if (!admin) {
          admin = sources.kafka.admin();
          await admin.connect();
        }
        const committed = await admin.fetchOffsets({ groupId: sources.groupId, topics: sources.consumedTopics });
        for (const topic of sources.consumedTopics) {
          const ends = await admin.fetchTopicOffsets(topic);
          const done = committed.find((t) => t.topic === topic)?.partitions ?? [];
          for (const end of ends) {
            const offset = Number(done.find((p) => p.partition === end.partition)?.offset ?? -1);
            // -1: the group has committed nothing on this partition yet, so all of it is lag.
            const lag = Number(end.high) - (offset < 0 ? Number(end.low) : offset);
            this.set({ topic, partition: String(end.partition) }, Math.max(lag, 0));
          }
        }
      } catch {
        // The broker is away: the scrape still answers; consumer_up and readiness tell the story.
      }
    },
  });

  // Both outbox gauges come from one query per collection per scrape. prom-client collects the
  // metrics of a scrape concurrently, so each gauge awaits the same scan (before, one gauge reset
  // the other while it was being read, and the backlog showed the previous scrape).
  let scan: Promise<Map<string, { backlog: number; oldestAgeSeconds: number }>> | undefined;
  const scanOutboxes = () => {
    scan ??= (async () => {
      const now = Date.now();
      const found = new Map<string, { backlog: number; oldestAgeSeconds: number }>();
      for (const name of sources.outboxCollections) {
        try {
          const pending = await sources.db
            .collection(name)
            .find({ outboxPending: true }, { projection: { outbox: { $slice: 1 } } })
            .limit(10_000)
            .toArray();
          const times = pending.map((doc) =>
            Date.parse((doc.outbox as { event?: { time?: string } }[] | undefined)?.[0]?.event?.time ?? ''),
          );
          const oldest = Math.min(...times.filter((t) => !Number.isNaN(t)));
          found.set(name, { backlog: pending.length, oldestAgeSeconds: Number.isFinite(oldest) ? Math.max(0, (now - oldest) / 1000) : 0 });
        } catch {
          // The database is away: readiness reports it.
        }
      }
      return found;
    })().finally(() => setTimeout(() => (scan = undefined), 0));
    return scan;
  };
  new Gauge({
    name: 'outbox_backlog',
    help: 'Aggregates with events waiting for the outbox relay, by collection.',
    labelNames: ['collection'],
    registers,
    async collect() {
      const found = await scanOutboxes();
      this.reset();
      for (const [collection, { backlog }] of found) this.set({ collection }, backlog);
    },
  });
  new Gauge({
    name: 'outbox_oldest_age_seconds',
    help: 'Age of the oldest event waiting in an outbox, by collection (0 when none waits).',
    labelNames: ['collection'],
    registers,
    async collect() {
      const found = await scanOutboxes();
      this.reset();
      for (const [collection, { oldestAgeSeconds }] of found) this.set({ collection }, oldestAgeSeconds);
    },
  });

  return {
    close: async () => {
      stopObserving();
      stopCountingCommands();
      await admin?.disconnect();
    },
  };
}

/**
 * Database round trips as the driver sees them (command monitoring is on in the persistence
 * module): how many commands per command name and collection, and their time from sending to
 * the reply. A benchmark reads these to say how much of a path is spent in the database.
 */
function countDatabaseCommands(db: Db, registers: Registry[]): () => void {
  const commands = new Counter({
    name: 'mongo_commands_total',
    help: 'Database commands sent by the service, by command and collection.',
    labelNames: ['command', 'collection'],
    registers,
  });
  const seconds = new Counter({
    name: 'mongo_command_seconds_total',
    help: 'Time from sending a database command to its reply (or failure), by command and collection.',
    labelNames: ['command', 'collection'],
    registers,
  });
  const inFlight = new Map<number, { command: string; collection: string }>();
  const client = db.client;
  const onStarted = (event: CommandStartedEvent) => {
    const target = event.command[event.commandName];
    inFlight.set(event.requestId, { command: event.commandName, collection: typeof target === 'string' ? target : '-' });
  };
  const onEnded = (event: CommandSucceededEvent | CommandFailedEvent) => {
    const labels = inFlight.get(event.requestId);
    if (!labels) return;
    inFlight.delete(event.requestId);
    commands.inc(labels);
    seconds.inc(labels, event.duration / 1000);
  };
  client.on('commandStarted', onStarted);
  client.on('commandSucceeded', onEnded);
  client.on('commandFailed', onEnded);
  return () => {
    client.off('commandStarted', onStarted);
    client.off('commandSucceeded', onEnded);
    client.off('commandFailed', onEnded);
  };
}
