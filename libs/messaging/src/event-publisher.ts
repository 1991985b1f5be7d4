import { Kafka, Partitioners, Producer } from 'kafkajs';
import { encodeKafkaRecord } from './kafka-record-codec';
import { OutgoingEvent } from './outgoing-event';
import { TopicNamer } from './topic-namer';

/**
 * Idempotent producer with acks=all. The partitioner is pinned to the Java client's murmur2
 * default, so keys land on the same partitions whichever client produced them.
 */
export class EventPublisher {
  private readonly producer: Producer;
  private connected?: Promise<void>;

  constructor(
    kafka: Kafka,
    private readonly topics: TopicNamer,
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async connect(): Promise<void> {
    this.connected ??= this.producer.connect();
    await this.connected;
  }

  async publish(events: OutgoingEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.connect();
    const byTopic = new Map<string, OutgoingEvent[]>();
    for (const e of events) byTopic.set(e.topic, [...(byTopic.get(e.topic) ?? []), e]);
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic: this.topics.physical(topic),
        messages: list.map((e) => encodeKafkaRecord(e.event, e.key)),
      })),
    });
  }

  /** Sends already-physical records as they are (dead letters keep their original bytes). */
  async sendRaw(topic: string, messages: Parameters<Producer['send']>[0]['messages']): Promise<void> {
    await this.connect();
    await this.producer.send({ topic, acks: -1, messages });
  }

  async disconnect(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
    this.connected = undefined;
  }
}
