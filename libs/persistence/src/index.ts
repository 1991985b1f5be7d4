export * from './aggregate-store';
export * from './concurrency-conflict.error';
export * from './outbox-relay';
export * from './outbox-signal';
export * from './persistence.module';
export * from './processed-event-ledger';
export * from './dead-letter-replay-ledger';
