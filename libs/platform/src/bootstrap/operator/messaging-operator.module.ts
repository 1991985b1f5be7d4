import { DynamicModule, Module } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { Db } from 'mongodb';
import { DeadLetterStore } from '@app/messaging/dead-letters/dead-letter-store';
import { EventPublisher } from '@app/messaging/event-publisher';
import { KAFKA } from '@app/messaging/messaging.module';
import { MongoDeadLetterReplayLedger } from '@app/persistence/dead-letter-replay-ledger';
import { MONGO_DB } from '@app/persistence/persistence.module';
import { MetricsModule } from '../../metrics/metrics.module';
import { MessagingOperatorController } from './messaging-operator.controller';
import { OperatorTokenGuard } from './operator-token.guard';

/** Dead-letter inspection and replay plus messaging counters; relies on the global Messaging and Persistence modules. */
@Module({
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
