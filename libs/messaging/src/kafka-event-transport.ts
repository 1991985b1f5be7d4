import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { Span, SpanKind, SpanStatusCode, context as otelContext, trace } from '@opentelemetry/api';
import { Consumer, EachBatchPayload, EachMessagePayload, IHeaders, Kafka, KafkaMessage, RetryOptions } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { CloudEvent, EventRegistry, deadLetterTopicOf } from '@app/contracts';
import { faultPoint } from '@app/base';
import { BatchSettlement, BatchedEvent, batchPatternOf } from './batched-event';
import { EventPublisher } from './event-publisher';
import { KafkaEventContext } from './kafka-event-context';
import { MalformedRecordError, decodeKafkaRecord, headerText, withoutValuelessHeaders } from './kafka-record-codec';
import { isTransientFailure } from './failure-classification';
import { HandlerOutcome, MessagingMetrics } from './messaging-metrics';
import { PermanentFailureError } from './permanent-failure.error';
import { backoffDelayMs } from './retry-backoff';
import { SpanAttributes, backboneTracer, contextFromRecordHeaders } from './trace-context';

export interface KafkaEventTransportOptions {
  kafka: Kafka;
  groupId: string;
  /** Physical topic names to consume. */
  topics: string[];
  registry: EventRegistry;
  /** Used for dead letters. */
  publisher: EventPublisher;
  retryAttempts: number;
  retryBaseMs: number;
  sessionTimeoutMs?: number;
  partitionsConsumedConcurrently?: number;
  /** Runs a handler inside a logging context bound to the message's correlation id. */
  runInContext?: <T>(correlationId: string, fn: () => Promise<T>) => Promise<T>;
  /** Ceiling of the wait between retries of a transient failure (default 10 s). */
  transientBackoffMaxMs?: number;
  /** A partition retrying a transient failure for longer than this makes readiness fail (default 5 s). */
  unreadyAfterRetryingMs?: number;
  metrics?: MessagingMetrics;
  /** kafkajs' consumer retry settings (e.g. `restartOnFailure`); the client's apply when absent. */
  consumerRetry?: RetryOptions;
  /**
   * A consumer that has not fetched for this long while no record is in hand is rebuilt
   * (default 60 s; a fetch returns at least every 5 s when there is nothing to read).
   */
  stalledAfterMs?: number;
  /** Most records handed to one batch handler call (default 500). */
  maxBatchSize?: number;
}

type DeadLetterReason = 'malformed' | 'invalid' | 'no-handler' | 'handler-failed';

/** A partition whose current record keeps failing on a transient error, for readiness. */
export interface RetryingPartition {
  topic: string;
  partition: number;
  offset: string;
  eventType: string;
  eventId: string;
  since: string;
  attempts: number;
  reason: string;
}

export interface ConsumerHealth {
  state: 'consuming' | 'retrying' | 'not consuming';
  /** False when not consuming, or when a partition has been retrying longer than `unreadyAfterRetryingMs`. */
  ready: boolean;
  retrying: RetryingPartition[];
}

/** Between two heartbeats while a record waits for its retry; well below the session timeout. */
const HEARTBEAT_SLICE_MS = 2_000;

/**
 * Nest transport strategy on kafkajs: `@HandlesEvent(contract)` handlers receive validated
 * CloudEvents. A failing handler is retried in place, so the partition keeps its order and
 * its offset is not committed meanwhile:
 * - transient failures (database or broker unreachable, timeouts, write conflicts, anything
 *   marked `retriable`) are retried with capped, jittered backoff for as long as it takes,
 *   heartbeating, and reported on readiness; they never reach the dead-letter topic;
 * - permanent failures (malformed or schema-invalid records, unknown types, no handler,
 *   PermanentFailureError) are dead-lettered at once;
 * - other handler errors get `retryAttempts` tries, then the dead-letter topic, so a poison
 *   message cannot block its partition for ever. Nothing vanishes silently.
 */
export class KafkaEventTransport extends Server implements CustomTransportStrategy {
  override readonly transportId = Symbol('kafka-cloudevents');
  /**
   * Nest 12 asks each transport whether it observes event handler failures itself; when not, Nest
   * logs them too. This one awaits every handler and retries or dead-letters what fails, so a
   * failure is reported once, here.
   */
  override readonly propagatesEventHandlerErrors = true;
  readonly metrics: MessagingMetrics;
  private consumer?: Consumer;
  private running = false;
  private closing = false;
  private deadLettered = 0;
  private recreated = 0;
  /** Crashes kafkajs will not recover from by itself, counted so a rebuild can tell one happened meanwhile. */
  private fatalCrashes = 0;
  private recreating = false;
  /** Last time the consumer fetched or joined; a record in hand (`inHand`) pauses the stall check. */
  private lastActivity = Date.now();
  private inHand = 0;
  private watchdog?: NodeJS.Timeout;
  private stalls = 0;
  private readonly retrying = new Map<string, RetryingPartition>();
  private readonly sleepers = new Set<() => void>();

  constructor(private readonly options: KafkaEventTransportOptions) {
    super();
    this.metrics = options.metrics ?? new MessagingMetrics();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      await this.start();
      this.startWatchdog();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  setRunInContext(runInContext: KafkaEventTransportOptions['runInContext']): void {
    this.options.runInContext = runInContext;
  }

  /** True while the consumer is a live member of its group; feeds readiness. */
  isRunning(): boolean {
    return this.running;
  }

  deadLetterCount(): number {
    return this.deadLettered;
  }

  /** How often the consumer was rebuilt after kafkajs gave up on it or it stalled. */
  recreations(): number {
    return this.recreated;
  }

  /** How often the consumer was found stalled (no fetch for `stalledAfterMs` with no record in hand). */
  stallsDetected(): number {
    return this.stalls;
  }

  /** What readiness reports: consuming, or retrying which records for what reason. */
  health(now = Date.now()): ConsumerHealth {
    const retrying = [...this.retrying.values()];
    if (!this.running) return { state: 'not consuming', ready: false, retrying };
    if (retrying.length === 0) return { state: 'consuming', ready: true, retrying };
    const unreadyAfter = this.options.unreadyAfterRetryingMs ?? 5_000;
    const stuck = retrying.some((r) => now - Date.parse(r.since) >= unreadyAfter);
    return { state: 'retrying', ready: !stuck, retrying };
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    clearInterval(this.watchdog);
    // Wake records waiting for a retry: they give up their offset to the next owner.
    for (const wake of this.sleepers) wake();
    // kafkajs waits for the in-flight eachBatch to finish before it leaves the group.
    await this.consumer?.disconnect();
    this.running = false;
  }

  on(): never {
    throw new Error('KafkaEventTransport does not support event listeners');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private async start(): Promise<void> {
    if (this.options.topics.length === 0 || this.messageHandlers.size === 0) return;
    const consumer = this.options.kafka.consumer({
      groupId: this.options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: this.options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: 3_000,
      ...(this.options.consumerRetry ? { retry: this.options.consumerRetry } : {}),
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.running = true;
      this.lastActivity = Date.now();
    });
    consumer.on(consumer.events.FETCH_START, () => (this.lastActivity = Date.now()));
    consumer.on(consumer.events.FETCH, () => (this.lastActivity = Date.now()));
    consumer.on(consumer.events.STOP, () => (this.running = false));
    consumer.on(consumer.events.CRASH, (event) => {
      this.running = false;
      this.logger.error(`consumer crashed (restart: ${event.payload.restart}): ${event.payload.error.message}`);
      // kafkajs restarts the consumer only after retriable errors; after any other it stays
      // stopped for good while the process lives on. Rebuild it instead.
      if (!event.payload.restart && consumer === this.consumer) {
        this.fatalCrashes++;
        void this.recreateConsumer();
      }
    });
    await consumer.connect();
    await consumer.subscribe({ topics: this.options.topics, fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.handleFetchedBatch(payload),
    });
  }

  /**
   * kafkajs has been seen to stop fetching for good after a broker restart without reporting a
   * crash (its issue #659 and others). A consumer that has not fetched for `stalledAfterMs` while
   * no record is in hand (a handler retrying a transient failure legitimately holds the loop) is
   * rebuilt like one kafkajs gave up on.
   */
  private startWatchdog(): void {
    if (!this.consumer) return;
    const stalledAfterMs = this.options.stalledAfterMs ?? 60_000;
    this.watchdog = setInterval(
      () => {
        if (this.closing || this.recreating || this.inHand > 0) return;
        const quietMs = Date.now() - this.lastActivity;
        if (quietMs < stalledAfterMs) return;
        this.stalls++;
        this.lastActivity = Date.now();
        this.logger.error(`consumer made no fetch for ${quietMs} ms with no record in hand: rebuilding it`);
        void this.recreateConsumer();
      },
      Math.min(5_000, Math.max(250, stalledAfterMs / 4)),
    );
    this.watchdog.unref();
  }

  /** Replaces a consumer kafkajs gave up on, with capped backoff, until one runs or the transport closes. */
  private async recreateConsumer(): Promise<void> {
    if (this.recreating || this.closing) return;
    this.recreating = true;
    try {
      for (let attempt = 1; !this.closing; attempt++) {
        await this.sleep(backoffDelayMs(attempt, 1_000, 30_000));
        if (this.closing) return;
        try {
          const crashesBefore = this.fatalCrashes;
          await this.consumer?.disconnect().catch(() => undefined);
          await this.start();
          // The new consumer may itself have crashed while starting (its crash found this loop
          // still running and left it to us): then keep going instead of stopping for good.
          if (this.fatalCrashes !== crashesBefore) continue;
          this.recreated++;
          this.logger.warn(`consumer recreated after a fatal crash (attempt ${attempt})`);
          return;
        } catch (error) {
          this.logger.error(`recreating the consumer failed (attempt ${attempt}): ${messageOf(error)}`);
        }
      }
    } finally {
      this.recreating = false;
    }
  }

  /**
   * The records one fetch returned for a partition, in order. Consecutive records of a type
   * with a batch handler (`batchPatternOf(type)`) go to it together; every other record, and
   * every record the batch handler leaves unsettled, takes the one-record path with its
   * retries and dead letters. Each record's offset is resolved once it is handled, so a
   * rebalance or shutdown mid-batch commits exactly what was done.
   */
  private async handleFetchedBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, pause, isRunning, isStale } = payload;
    const messages = batch.messages;
    const live = () => isRunning() && !isStale() && !this.closing;
    for (let i = 0; i < messages.length && live();) {
      const run = this.batchableRun(batch.topic, messages, i);
      if (run.length > 1) {
        await this.handleBatchRun(payload, run);
        i += run.length;
      } else {
        await this.handleRecord({ topic: batch.topic, partition: batch.partition, message: messages[i], heartbeat, pause });
        faultPoint('consumer.after-handled');
        resolveOffset(messages[i].offset);
        i++;
      }
      await heartbeat();
    }
  }

  /** The records from `start` on that share one event type with a batch handler (at most `maxBatchSize`). */
  private batchableRun(topic: string, messages: KafkaMessage[], start: number): KafkaMessage[] {
    const type = headerOf(messages[start].headers, 'ce_type');
    if (!type || !this.getHandlerByPattern(batchPatternOf(type))) return [messages[start]];
    const max = this.options.maxBatchSize ?? 500;
    let end = start + 1;
    while (end < messages.length && end - start < max && headerOf(messages[end].headers, 'ce_type') === type) end++;
    return messages.slice(start, end);
  }

  /**
   * Hands a run of same-type records to the batch handler. Records that do not parse stay out
   * of it (the one-record path dead-letters them). Whatever the handler did not settle, or all
   * of it when the handler failed, is then handled record by record, in order.
   */
  private async handleBatchRun(payload: EachBatchPayload, run: KafkaMessage[]): Promise<void> {
    const { batch, resolveOffset, heartbeat, pause } = payload;
    const started = performance.now();
    this.inHand++;
    const items: { message: KafkaMessage; span?: Span; batched?: BatchedEvent }[] = run.map((message) => ({ message }));
    try {
      for (const item of items) {
        let event: CloudEvent;
        try {
          event = this.options.registry.parse(decodeKafkaRecord(item.message));
        } catch {
          continue;
        }
        const parent = contextFromRecordHeaders(item.message.headers);
        const span = backboneTracer().startSpan(
          `process ${batch.topic}`,
          { kind: SpanKind.CONSUMER, attributes: this.recordSpanAttributes(batch.topic, batch.partition, item.message, event) },
          parent,
        );
        const spanContext = trace.setSpan(parent, span);
        item.span = span;
        item.batched = {
          event,
          context: this.contextOf(batch.topic, batch.partition, item.message, 1),
          inTrace: (fn) => otelContext.with(spanContext, fn),
        };
      }
      const batched = items.filter((item) => item.batched);
      let settled: BatchSettlement = [];
      if (batched.length > 0) {
        const type = batched[0].batched!.event.type;
        try {
          const handler = this.getHandlerByPattern(batchPatternOf(type))!;
          const events = batched.map((item) => item.batched!);
          settled = (await lastValueFrom(this.transformToObservable(await handler(events, events[0].context)), { defaultValue: [] })) ?? [];
        } catch (error) {
          this.logger.warn(`batch handler for ${type} failed on ${batched.length} records, handling them one by one: ${messageOf(error)}`);
          settled = [];
        }
      }
      const batchSeconds = (performance.now() - started) / 1000;
      let index = 0;
      for (const item of items) {
        const wasSettled = item.batched ? settled[index++] === true : false;
        if (wasSettled) {
          item.span!.setAttributes({ [SpanAttributes.outcome]: 'ok', [SpanAttributes.attempts]: 1 });
          item.span!.end();
          this.metrics.observeHandled(item.batched!.event.type, 'ok', batchSeconds);
        } else {
          item.span?.end();
          if (this.closing) return;
          await this.handleRecordInHand({ topic: batch.topic, partition: batch.partition, message: item.message, heartbeat, pause });
        }
        faultPoint('consumer.after-handled');
        resolveOffset(item.message.offset);
      }
    } finally {
      for (const item of items) if (item.span?.isRecording()) item.span.end();
      this.inHand--;
      this.lastActivity = Date.now();
    }
  }

  private contextOf(topic: string, partition: number, message: KafkaMessage, attempt: number): KafkaEventContext {
    return new KafkaEventContext([
      topic,
      partition,
      message.offset,
      attempt,
      message.key?.toString(),
      message.headers ?? {},
      message.value,
    ]);
  }

  private recordSpanAttributes(topic: string, partition: number, message: KafkaMessage, event?: CloudEvent) {
    return {
      [SpanAttributes.messagingSystem]: 'kafka',
      [SpanAttributes.messagingOperationType]: 'process',
      [SpanAttributes.messagingOperationName]: 'process',
      [SpanAttributes.destination]: topic,
      [SpanAttributes.partition]: String(partition),
      [SpanAttributes.offset]: Number(message.offset),
      [SpanAttributes.consumerGroup]: this.options.groupId,
      ...(event
        ? {
            [SpanAttributes.eventType]: event.type,
            [SpanAttributes.eventId]: event.id,
            [SpanAttributes.eventSource]: event.source,
            [SpanAttributes.messageId]: event.id,
          }
        : {}),
    };
  }

  /** Counts the record as in hand while it is handled (the stall check waits for it). */
  private async handleRecord(payload: EachMessagePayload): Promise<void> {
    this.inHand++;
    try {
      return await this.traceRecord(payload);
    } finally {
      this.inHand--;
      this.lastActivity = Date.now();
    }
  }

  /** A record of a batch run, already counted in hand. */
  private handleRecordInHand(payload: EachMessagePayload): Promise<void> {
    return this.traceRecord(payload);
  }

  /**
   * One CONSUMER span per record, child of the producer's span (W3C context from the record
   * headers), active while the handler runs, so what the handler queues continues the trace.
   * The record's outcome (ok, retried, dead-lettered) and the time to it are measured per
   * event type.
   */
  private async traceRecord(payload: EachMessagePayload): Promise<void> {
    const started = performance.now();
    const { topic, partition, message } = payload;
    return backboneTracer().startActiveSpan(
      `process ${topic}`,
      { kind: SpanKind.CONSUMER, attributes: this.recordSpanAttributes(topic, partition, message) },
      contextFromRecordHeaders(message.headers),
      async (span) => {
        let eventType = 'unknown';
        try {
          const result = await this.handleRecordInSpan(payload, span);
          eventType = result.eventType;
          span.setAttribute(SpanAttributes.outcome, result.outcome);
          if (result.outcome === 'dead-lettered') span.setStatus({ code: SpanStatusCode.ERROR, message: 'dead-lettered' });
          this.metrics.observeHandled(eventType, result.outcome, (performance.now() - started) / 1000);
        } catch (error) {
          // Left uncommitted (shutting down, or a dead letter that could not be sent): redelivered later.
          span.setStatus({ code: SpanStatusCode.ERROR, message: messageOf(error).slice(0, 500) });
          throw error;
        } finally {
          span.end();
        }
      },
    );
  }

  private async handleRecordInSpan(payload: EachMessagePayload, span: Span): Promise<{ eventType: string; outcome: HandlerOutcome }> {
    const typeHeader = headerOf(payload.message.headers, 'ce_type');
    // Only types the registry knows become a label: a record's header must not grow the label set.
    const knownType = typeHeader && this.options.registry.has(typeHeader) ? typeHeader : 'unknown';
    const deadLettered = async (eventType: string, ...args: Parameters<KafkaEventTransport['deadLetter']>) => {
      await this.deadLetter(...args);
      return { eventType, outcome: 'dead-lettered' as const };
    };
    let event: CloudEvent;
    try {
      event = this.options.registry.parse(decodeKafkaRecord(payload.message));
    } catch (error) {
      // Decoding is deterministic, so any error here (an upcaster's bug too) recurs on every try:
      // dead-lettered at once. Thrown, it would crash the consumer on this record after every rebuild.
      return deadLettered(knownType, payload, error instanceof MalformedRecordError ? 'malformed' : 'invalid', error, 0);
    }
    span.setAttributes({
      [SpanAttributes.eventType]: event.type,
      [SpanAttributes.eventId]: event.id,
      [SpanAttributes.eventSource]: event.source,
      [SpanAttributes.messageId]: event.id,
    });
    const handler = this.getHandlerByPattern(event.type);
    if (!handler) return deadLettered(event.type, payload, 'no-handler', new Error(`no handler for ${event.type}`), 0);

    const correlationId = event.correlationid ?? event.id;
    const run = (attempt: number) => {
      const context = this.contextOf(payload.topic, payload.partition, payload.message, attempt);
      const invoke = async () => lastValueFrom(this.transformToObservable(await handler(event, context)), { defaultValue: undefined });
      return this.options.runInContext ? this.options.runInContext(correlationId, invoke) : invoke();
    };

    const slot = `${payload.topic}:${payload.partition}`;
    let unclassifiedFailures = 0;
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          span.setAttribute(SpanAttributes.attempts, attempt);
          await run(attempt);
          if (this.retrying.has(slot)) this.logger.log(`${event.type} ${event.id} applied after ${attempt} attempts`);
          return { eventType: event.type, outcome: attempt > 1 ? 'retried' : 'ok' };
        } catch (error) {
          if (error instanceof PermanentFailureError) return await deadLettered(event.type, payload, 'handler-failed', error, attempt);
          // While shutting down, leave the offset uncommitted: the next owner retries from here.
          if (this.closing) throw error;
          let delayMs: number;
          const transient = isTransientFailure(error);
          span.addEvent('handler failed', { attempt, transient, 'exception.message': messageOf(error).slice(0, 500) });
          if (transient) {
            const since = this.retrying.get(slot)?.since ?? new Date().toISOString();
            this.retrying.set(slot, {
              topic: payload.topic,
              partition: payload.partition,
              offset: payload.message.offset,
              eventType: event.type,
              eventId: event.id,
              since,
              attempts: attempt,
              reason: messageOf(error).slice(0, 500),
            });
            this.metrics.consumerTransientRetries++;
            delayMs = backoffDelayMs(attempt, Math.max(this.options.retryBaseMs, 50), this.options.transientBackoffMaxMs ?? 10_000);
            this.logger.warn(
              `${event.type} ${event.id} hit a transient failure (attempt ${attempt}), retrying in ${delayMs} ms: ${messageOf(error)}`,
            );
          } else {
            unclassifiedFailures++;
            this.logger.warn(`handler for ${event.type} ${event.id} failed (attempt ${attempt}): ${messageOf(error)}`);
            if (unclassifiedFailures >= this.options.retryAttempts) {
              return await deadLettered(event.type, payload, 'handler-failed', error, attempt);
            }
            delayMs = backoffDelayMs(unclassifiedFailures, this.options.retryBaseMs);
          }
          await this.waitHeartbeating(payload, delayMs);
          if (this.closing) throw error;
        }
      }
    } finally {
      this.retrying.delete(slot);
    }
  }

  /**
   * Sleeps in slices, heartbeating between them, so a long wait does not cost the partition.
   * A heartbeat failure (rebalance) propagates: kafkajs then leaves the offset uncommitted.
   */
  private async waitHeartbeating(payload: EachMessagePayload, delayMs: number): Promise<void> {
    const until = Date.now() + delayMs;
    for (;;) {
      const left = until - Date.now();
      if (left > 0 && !this.closing) await this.sleep(Math.min(left, HEARTBEAT_SLICE_MS));
      await payload.heartbeat();
      if (Date.now() >= until || this.closing) return;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  private async deadLetter(payload: EachMessagePayload, reason: DeadLetterReason, error: unknown, attempts: number): Promise<void> {
    const { topic, partition, message } = payload;
    const headers: IHeaders = {
      ...withoutValuelessHeaders(message.headers),
      'dlt-original-topic': topic,
      'dlt-original-partition': String(partition),
      'dlt-original-offset': message.offset,
      'dlt-consumer-group': this.options.groupId,
      'dlt-reason': reason,
      'dlt-error': messageOf(error).slice(0, 2000),
      'dlt-attempts': String(attempts),
      'dlt-failed-at': new Date().toISOString(),
    };
    // If this send fails, the error propagates and kafkajs redelivers: never dropped silently.
    await this.options.publisher.sendRaw(deadLetterTopicOf(topic), [{ key: message.key, value: message.value, headers }]);
    this.deadLettered++;
    this.metrics.countDeadLetter(reason);
    // Error level: a dead letter is an event the service will not apply until an operator replays it.
    this.logger.error(
      `dead-lettered ${topic}/${partition}@${message.offset} to ${deadLetterTopicOf(topic)} (${reason}, ce_id ${headerOf(message.headers, 'ce_id') ?? '-'}): ${messageOf(error)}`,
    );
  }
}

function headerOf(headers: IHeaders | undefined, name: string): string | undefined {
  return headerText(headers?.[name]);
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}
