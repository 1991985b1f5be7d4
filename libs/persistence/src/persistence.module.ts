import { DynamicModule, Global, Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { getConnectionToken, MongooseModule } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import { Db } from 'mongodb';
import { APP_CONFIG, BaseConfig } from '@app/base';
import { EventPublisher, MessagingMetrics } from '@app/messaging';
import { ChangeLog } from './change-log';
import { KeyRolloutLog } from './key-rollout-log';
import { OutboxRelay } from './outbox-relay';
import { OutboxSignal } from './outbox-signal';

export const MONGO_DB = Symbol('MONGO_DB');
export const OUTBOX_COLLECTIONS = Symbol('OUTBOX_COLLECTIONS');

/**
 * The service's own MongoDB database (through mongoose's connection management), the outbox
 * relay over the collections whose documents carry outboxes.
 */
@Global()
@Module({})
export class PersistenceModule implements OnApplicationBootstrap {
  constructor(@Inject(OutboxRelay) private readonly relay: OutboxRelay) {}

  static forRoot(options: { outboxCollections: string[] }): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        MongooseModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: BaseConfig) => ({
            uri: config.MONGO_URI,
            serverSelectionTimeoutMS: 10_000,
            // A server that accepted a request and never answers (hung, half-open connection)
            // must end in a network timeout, which consumers retry, not in a handler that
            // waits for ever while holding its partition.
            socketTimeoutMS: 60_000,
            // Optional fields left undefined must stay absent, not become null: events are
            // stored in outboxes and validated again by consumers.
            ignoreUndefined: true,
            // The app creates its indexes explicitly at start.
            autoIndex: false,
            // Every command is counted and timed at the driver (mongo_commands_total and
            // mongo_command_seconds_total on /metrics): time spent in the database is told
            // apart from time spent in the service.
            monitorCommands: true,
          }),
        }),
      ],
      providers: [
        { provide: OUTBOX_COLLECTIONS, useValue: options.outboxCollections },
        { provide: MONGO_DB, inject: [getConnectionToken()], useFactory: (c: Connection) => c.db as unknown as Db },
        OutboxSignal,
        { provide: ChangeLog, inject: [MONGO_DB], useFactory: (db: Db) => new ChangeLog(db) },
        { provide: KeyRolloutLog, inject: [MONGO_DB], useFactory: (db: Db) => new KeyRolloutLog(db) },
        {
          provide: OutboxRelay,
          inject: [MONGO_DB, EventPublisher, OutboxSignal, APP_CONFIG, MessagingMetrics],
          useFactory: (db: Db, publisher: EventPublisher, signal: OutboxSignal, config: BaseConfig, metrics: MessagingMetrics) =>
            new OutboxRelay(db, publisher, signal, {
              collections: options.outboxCollections,
              pollIntervalMs: config.OUTBOX_POLL_MS,
              metrics,
            }),
        },
      ],
      exports: [MONGO_DB, OUTBOX_COLLECTIONS, OutboxSignal, OutboxRelay, ChangeLog, KeyRolloutLog],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.relay.ensureIndexes();
    this.relay.start();
  }
}
