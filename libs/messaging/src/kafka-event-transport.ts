import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { Consumer, EachMessagePayload, IHeaders, Kafka } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { CloudEvent, EventRegistry, EventValidationError, UnknownEventTypeError, deadLetterTopicOf } from '@app/contracts';
import { EventPublisher } from './event-publisher';
import { KafkaEventContext } from './kafka-event-context';
import { MalformedRecordError, decodeKafkaRecord } from './kafka-record-codec';
import { PermanentFailureError } from './permanent-failure.error';
import { backoffDelayMs, sleep } from './retry-backoff';

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
}

type DeadLetterReason = 'malformed' | 'invalid' | 'no-handler' | 'handler-failed';

/**
 * Nest transport strategy on kafkajs: `@EventPattern('<ce type>')` handlers receive validated
 * CloudEvents. Unlike the stock ServerKafka it retries a failing handler a few times in
 * process (keeping partition order), then dead-letters the record with its coordinates and
 * the error, so a poison message never blocks its partition and nothing vanishes silently.
 */
export class KafkaEventTransport extends Server implements CustomTransportStrategy {
  override readonly transportId = Symbol('kafka-cloudevents');
  private consumer?: Consumer;
  private running = false;
  private closing = false;
  private deadLettered = 0;

  constructor(private readonly options: KafkaEventTransportOptions) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      await this.start();
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

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    // kafkajs waits for the in-flight eachMessage to finish before it leaves the group.
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
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => (this.running = true));
    consumer.on(consumer.events.STOP, () => (this.running = false));
    consumer.on(consumer.events.CRASH, (event) => {
      this.running = false;
      this.logger.error(`consumer crashed (restart: ${event.payload.restart}): ${event.payload.error.message}`);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: this.options.topics, fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachMessage: (payload) => this.handleRecord(payload),
    });
  }

  private async handleRecord(payload: EachMessagePayload): Promise<void> {
    let event: CloudEvent;
    try {
      event = this.options.registry.parse(decodeKafkaRecord(payload.message));
    } catch (error) {
      const reason = error instanceof MalformedRecordError ? 'malformed' : 'invalid';
      if (error instanceof MalformedRecordError || error instanceof EventValidationError || error instanceof UnknownEventTypeError) {
        return this.deadLetter(payload, reason, error, 0);
      }
      throw error;
    }
    const handler = this.getHandlerByPattern(event.type);
    if (!handler) return this.deadLetter(payload, 'no-handler', new Error(`no handler for ${event.type}`), 0);

    const correlationId = event.correlationid ?? event.id;
    const run = (attempt: number) => {
      const context = new KafkaEventContext([
        payload.topic,
        payload.partition,
        payload.message.offset,
        attempt,
        payload.message.key?.toString(),
      ]);
      const invoke = async () => lastValueFrom(this.transformToObservable(await handler(event, context)), { defaultValue: undefined });
      return this.options.runInContext ? this.options.runInContext(correlationId, invoke) : invoke();
    };

    let lastError: unknown;
    let attempts = 0;
    for (let attempt = 1; attempt <= this.options.retryAttempts; attempt++) {
      attempts = attempt;
      try {
        await run(attempt);
        return;
      } catch (error) {
        lastError = error;
        if (lastError instanceof PermanentFailureError) break;
        this.logger.warn(`handler for ${event.type} ${event.id} failed (attempt ${attempt}): ${messageOf(lastError)}`);
        // While shutting down, leave the offset uncommitted: the next owner retries from here.
        if (this.closing) throw lastError;
        if (attempt < this.options.retryAttempts) {
          await sleep(backoffDelayMs(attempt, this.options.retryBaseMs));
          await payload.heartbeat();
        }
      }
    }
    await this.deadLetter(payload, 'handler-failed', lastError, attempts);
  }

  private async deadLetter(payload: EachMessagePayload, reason: DeadLetterReason, error: unknown, attempts: number): Promise<void> {
    const { topic, partition, message } = payload;
    const headers: IHeaders = {
      ...message.headers,
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
    this.logger.warn(`dead-lettered ${topic}/${partition}@${message.offset} (${reason}): ${messageOf(error)}`);
  }
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}
