import { Span, SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { Kafka, Message, Partitioners, Producer } from 'kafkajs';
import { encodeKafkaRecord } from './kafka-record-codec';
import { OutgoingEvent } from './outgoing-event';
import { isRefusedRecord } from './refused-record';
import { TopicNamer } from './topic-namer';
import { SpanAttributes, backboneTracer, contextFromCarrier, traceHeaders } from './trace-context';

/** Records of one send, at most (a single larger record still goes, alone, for the broker to judge). */
const MAX_SEND_BYTES = 512 * 1024;

/** A record's size on the wire, near enough: key, value, headers and ~70 bytes of framing. */
function recordBytes(message: Message): number {
  let bytes = 70 + byteLengthOf(message.key) + byteLengthOf(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) bytes += Buffer.byteLength(name) + byteLengthOf(value);
  return bytes;
}

function byteLengthOf(value: string | Buffer | (string | Buffer)[] | null | undefined): number {
  if (value == null) return 0;
  if (Array.isArray(value)) return value.reduce((sum, part) => sum + byteLengthOf(part), 0);
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}

/**
 * A publish that failed after its first sends went through: the first `published` events (in the
 * order given) are on the broker; of the rest, only records of other partitions in the failed send
 * may be. A caller that retries one by one (to park a refused record) starts after the first
 * `published`, so those are not published twice. `cause` is the failed send's error.
 */
export class PartlyPublishedError extends Error {
  constructor(
    readonly published: number,
    override readonly cause: unknown,
  ) {
    super(`published ${published} events, then: ${(cause as Error)?.message ?? String(cause)}`);
  }
}

/**
 * Idempotent producer with acks=all. The partitioner is pinned to the Java client's murmur2
 * default, so keys land on the same partitions whichever client produced them.
 *
 * A failed connect or send (broker away longer than kafkajs' retries) discards the producer:
 * the next call builds a fresh one, so a publisher never stays broken after an outage. A
 * record the broker refuses (too large, invalid) says nothing about the producer and keeps it.
 */
export class EventPublisher {
  private producer: Producer;
  private connected?: Promise<void>;

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: TopicNamer,
  ) {
    this.producer = this.newProducer();
  }

  async connect(): Promise<void> {
    this.connected ??= this.producer.connect().catch((error: unknown) => {
      this.discardProducer();
      throw error;
    });
    await this.connected;
  }

  /**
   * One PRODUCER span per event, child of the context stored with the event (the request or
   * handler that queued it) or else of the active one; the record carries that span's
   * context in its `traceparent`/`tracestate` headers.
   */
  async publish(events: OutgoingEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.connect();
    const spans: Span[] = [];
    // kafkajs puts all of a partition's records of one send into one record batch, which the
    // broker refuses whole above its message.max.bytes (1 MiB by default): a relay chunk of
    // hundreds of events goes out in sends of at most MAX_SEND_BYTES, one after another, in order.
    const sends: Map<string, Message[]>[] = [];
    let current = new Map<string, Message[]>();
    let currentBytes = 0;
    for (const e of events) {
      const topic = this.topics.physical(e.topic);
      const span = this.publishSpan(topic, e);
      spans.push(span);
      const message = withHeaders(
        withHeaders(encodeKafkaRecord(e.event, e.key), e.headers),
        traceHeaders(trace.setSpan(context.active(), span)),
      );
      const bytes = recordBytes(message);
      if (currentBytes > 0 && currentBytes + bytes > MAX_SEND_BYTES) {
        sends.push(current);
        current = new Map();
        currentBytes = 0;
      }
      currentBytes += bytes;
      const messages = current.get(topic);
      if (messages) messages.push(message);
      else current.set(topic, [message]);
    }
    sends.push(current);
    let published = 0;
    try {
      for (const send of sends) {
        try {
          await this.guarded((producer) =>
            producer.sendBatch({ acks: -1, topicMessages: [...send].map(([topic, messages]) => ({ topic, messages })) }),
          );
        } catch (error) {
          throw published > 0 ? new PartlyPublishedError(published, error) : error;
        }
        for (const messages of send.values()) published += messages.length;
      }
    } catch (error) {
      for (const span of spans) span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      for (const span of spans) span.end();
    }
  }

  private publishSpan(topic: string, e: OutgoingEvent): Span {
    const parent = e.traceContext ? contextFromCarrier(e.traceContext) : context.active();
    return backboneTracer().startSpan(
      `publish ${topic}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          [SpanAttributes.messagingSystem]: 'kafka',
          [SpanAttributes.messagingOperationType]: 'send',
          [SpanAttributes.messagingOperationName]: 'publish',
          [SpanAttributes.destination]: topic,
          [SpanAttributes.messageKey]: e.key,
          [SpanAttributes.messageId]: e.event.id,
          [SpanAttributes.eventType]: e.event.type,
          [SpanAttributes.eventSource]: e.event.source,
        },
      },
      parent,
    );
  }

  /** Sends already-physical records as they are (dead letters keep their original bytes). */
  async sendRaw(topic: string, messages: Parameters<Producer['send']>[0]['messages']): Promise<void> {
    await this.connect();
    await this.guarded((producer) => producer.send({ topic, acks: -1, messages }));
  }

  async disconnect(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
    this.connected = undefined;
  }

  private async guarded(send: (producer: Producer) => Promise<unknown>): Promise<void> {
    try {
      await send(this.producer);
    } catch (error) {
      if (!isRefusedRecord(error)) this.discardProducer();
      throw error;
    }
  }

  private discardProducer(): void {
    const old = this.producer;
    void old.disconnect().catch(() => undefined);
    this.producer = this.newProducer();
    this.connected = undefined;
  }

  private newProducer(): Producer {
    return this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }
}

function withHeaders(message: Message, extra: Record<string, string> | undefined): Message {
  return extra && Object.keys(extra).length > 0 ? { ...message, headers: { ...message.headers, ...extra } } : message;
}
