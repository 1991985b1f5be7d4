import { Consumer, IHeaders, Kafka, KafkaMessage, Producer, Partitioners, logLevel } from 'kafkajs';
import { testKafkaBrokers, uniqueName } from './test-infrastructure';

export function testKafka(clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: testKafkaBrokers().split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 10, initialRetryTime: 200 },
  });
}

export interface RecordedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | undefined;
  value: string | null;
  headers: Record<string, string>;
  /** The record's own timestamp (set by its producer when it sent it), ms since the epoch. */
  timestamp: number;
  receivedAt: number;
}

export function headersAsStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    // A header without a value (null from a Java producer, say) is absent, as the services read it.
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value !== undefined && value !== null) out[name] = value.toString();
  }
  return out;
}

/**
 * A plain kafkajs consumer (own group, from the beginning) that records everything on the given
 * topics, so tests can look at what really reached the broker.
 */
export class TopicRecorder {
  readonly messages: RecordedMessage[] = [];
  private readonly consumer: Consumer;
  private joined = false;

  constructor(
    kafka: Kafka,
    private readonly topics: string[],
  ) {
    this.consumer = kafka.consumer({
      groupId: uniqueName('recorder'),
      allowAutoTopicCreation: false,
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => (this.joined = true));
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }: { topic: string; partition: number; message: KafkaMessage }) => {
        this.messages.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString(),
          value: message.value === null ? null : message.value.toString(),
          headers: headersAsStrings(message.headers),
          timestamp: Number(message.timestamp),
          receivedAt: Date.now(),
        });
      },
    });
  }

  hasJoined(): boolean {
    return this.joined;
  }

  withHeader(name: string, value: string): RecordedMessage[] {
    return this.messages.filter((m) => m.headers[name] === value);
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

export async function connectedProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  return producer;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
