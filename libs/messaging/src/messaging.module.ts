import { DynamicModule, Global, Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import { COMPACTED_TOPICS, PERSONAL_DATA_TOPICS, EventRegistry } from '@app/contracts';
import { APP_CONFIG, BaseConfig } from '@app/base';
import { EventPublisher } from './event-publisher';
import { kafkaLogCreator } from './kafka-logger';
import { KafkaEventTransport } from './kafka-event-transport';
import { MessagingMetrics } from './messaging-metrics';
import { TopicNamer } from './topic-namer';
import { provisionTopics } from './topic-provisioner';
import { kafkaSecurityOptions } from './kafka-security';

export const KAFKA = Symbol('KAFKA');
export const MESSAGING_TOPICS = Symbol('MESSAGING_TOPICS');

export interface MessagingTopics {
  /** Logical topics this service consumes. */
  consumes: string[];
  /** Logical topics this service produces to. */
  produces: string[];
}

/** Kafka client, idempotent publisher, topic provisioning and the consuming transport. */
@Global()
@Module({})
export class MessagingModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(APP_CONFIG) private readonly config: BaseConfig,
    @Inject(MESSAGING_TOPICS) private readonly topics: MessagingTopics,
    private readonly namer: TopicNamer,
    private readonly publisher: EventPublisher,
  ) {}

  static forRoot(topics: MessagingTopics): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_TOPICS, useValue: topics },
        {
          provide: KAFKA,
          inject: [APP_CONFIG],
          useFactory: (config: BaseConfig) =>
            new Kafka({
              clientId: config.KAFKA_CLIENT_ID ?? config.SERVICE_NAME,
              brokers: config.KAFKA_BROKERS,
              logLevel: logLevel.WARN,
              logCreator: kafkaLogCreator(),
              retry: { retries: 10, initialRetryTime: 200 },
              ...kafkaSecurityOptions(config),
            }),
        },
        { provide: TopicNamer, inject: [APP_CONFIG], useFactory: (c: BaseConfig) => new TopicNamer(c.KAFKA_TOPIC_PREFIX) },
        { provide: EventRegistry, useValue: new EventRegistry() },
        { provide: MessagingMetrics, useValue: new MessagingMetrics() },
        { provide: EventPublisher, inject: [KAFKA, TopicNamer], useFactory: (k: Kafka, n: TopicNamer) => new EventPublisher(k, n) },
        {
          provide: KafkaEventTransport,
          inject: [KAFKA, APP_CONFIG, TopicNamer, EventRegistry, EventPublisher, MessagingMetrics],
          useFactory: (
            kafka: Kafka,
            config: BaseConfig,
            namer: TopicNamer,
            registry: EventRegistry,
            publisher: EventPublisher,
            metrics: MessagingMetrics,
          ) =>
            new KafkaEventTransport({
              metrics,
              kafka,
              registry,
              publisher,
              groupId: config.KAFKA_GROUP_ID ?? config.SERVICE_NAME,
              topics: topics.consumes.map((t) => namer.physical(t)),
              retryAttempts: config.CONSUMER_RETRY_ATTEMPTS,
              retryBaseMs: config.CONSUMER_RETRY_BASE_MS,
              sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
              partitionsConsumedConcurrently: config.KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY,
              stalledAfterMs: config.KAFKA_CONSUMER_STALLED_AFTER_MS,
            }),
        },
      ],
      exports: [KAFKA, MESSAGING_TOPICS, TopicNamer, EventRegistry, EventPublisher, KafkaEventTransport, MessagingMetrics],
    };
  }

  async onModuleInit(): Promise<void> {
    const { consumes, produces } = this.topics;
    const physical = (topics: readonly string[]) => topics.map((t) => this.namer.physical(t));
    const used = [...consumes, ...produces];
    await provisionTopics(this.kafka, physical(used), this.config.KAFKA_TOPIC_PARTITIONS, {
      compacted: physical(used.filter((t) => COMPACTED_TOPICS.includes(t))),
      personalData: physical(used.filter((t) => PERSONAL_DATA_TOPICS.includes(t))),
      personalDataMaxAgeMs: this.config.KAFKA_PERSONAL_DATA_MAX_AGE_DAYS * 86_400_000,
      owned: physical(produces),
    });
    await this.publisher.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect();
  }
}
