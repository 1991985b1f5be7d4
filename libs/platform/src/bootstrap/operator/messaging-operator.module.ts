import { DynamicModule, Module } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { Db } from 'mongodb';
import { DeadLetterStore, EventPublisher, KAFKA } from '@app/messaging';
import { MongoDeadLetterReplayLedger, MONGO_DB } from '@app/persistence';
import { AccessLogModule } from '../../access-log/access-log.module';
import { MetricsModule } from '../../metrics/metrics.module';
import { MessagingOperatorController } from './messaging-operator.controller';
import { OperatorTokenGuard } from '../../operator-token/operator-token.guard';

/** Dead-letter inspection and replay plus messaging counters; relies on the global Messaging and Persistence modules. */
@Module({
  // Reading dead letters is logged in the operator access log (their events carry personal data).
  imports: [AccessLogModule],
  controllers: [MessagingOperatorController],
  providers: [
    OperatorTokenGuard,
    {
      provide: DeadLetterStore,
      inject: [KAFKA, EventPublisher, MONGO_DB],
      useFactory: (kafka: Kafka, publisher: EventPublisher, db: Db) =>
        new DeadLetterStore(kafka, publisher, new MongoDeadLetterReplayLedger(db)),
    },
  ],
})
export class MessagingOperatorModule {}

/**
 * Adds the operator endpoints every service carries (dead letters, /metrics) to its root
 * module; runService and the in-process test harness both call it, so no service can forget them.
 */
export function withOperatorEndpoints(root: DynamicModule): DynamicModule {
  return { ...root, imports: [...(root.imports ?? []), MessagingOperatorModule, MetricsModule] };
}
