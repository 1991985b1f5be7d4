import { Global, Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { Db } from 'mongodb';
import { Registry } from 'prom-client';
import { KafkaEventTransport, MessagingMetrics, KAFKA, MESSAGING_TOPICS, MessagingTopics, TopicNamer } from '@app/messaging';
import { MONGO_DB, OUTBOX_COLLECTIONS } from '@app/persistence';
import { APP_CONFIG, BaseConfig } from '@app/base';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { registerMessagingCollectors } from './messaging-collectors';
import { createMetricsRegistry, METRICS_REGISTRY } from './metrics-registry';
import { MetricsController } from './metrics.controller';
import { ReadModelMetrics } from './read-model-metrics';
import { WebhookDeliveryMetrics } from './webhook-delivery-metrics';

/**
 * GET /metrics on every service; relies on the global Platform, Messaging and Persistence
 * modules. Global itself, so a feature can record its own figures (webhook deliveries).
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    {
      provide: METRICS_REGISTRY,
      inject: [APP_CONFIG],
      useFactory: (config: BaseConfig) => createMetricsRegistry(config.SERVICE_NAME),
    },
    WebhookDeliveryMetrics,
    ReadModelMetrics,
    // Installed by configureApp ahead of every other middleware, not per route here: a request
    // refused before routing (415, 413, 429, malformed JSON) must be counted too.
    HttpMetricsMiddleware,
  ],
  exports: [METRICS_REGISTRY, WebhookDeliveryMetrics, ReadModelMetrics, HttpMetricsMiddleware],
})
export class MetricsModule implements OnModuleInit, OnApplicationShutdown {
  private collectors?: { close(): Promise<void> };

  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(APP_CONFIG) private readonly config: BaseConfig,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(MESSAGING_TOPICS) private readonly topics: MessagingTopics,
    @Inject(MONGO_DB) private readonly db: Db,
    @Inject(OUTBOX_COLLECTIONS) private readonly outboxCollections: string[],
    private readonly namer: TopicNamer,
    private readonly transport: KafkaEventTransport,
    private readonly metrics: MessagingMetrics,
  ) {}

  onModuleInit(): void {
    this.collectors = registerMessagingCollectors({
      registry: this.registry,
      metrics: this.metrics,
      transport: this.transport,
      kafka: this.kafka,
      groupId: this.config.KAFKA_GROUP_ID ?? this.config.SERVICE_NAME,
      consumedTopics: this.topics.consumes.map((topic) => this.namer.physical(topic)),
      db: this.db,
      outboxCollections: this.outboxCollections,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.collectors?.close();
  }
}
