// The library's public surface: other libraries and the apps import only from here.
export * from './aggregate-store';
export * from './change-fed-read-model';
export * from './change-log';
export * from './concurrency-conflict.error';
export * from './dead-letter-replay-ledger';
export * from './grouped-inserts';
export * from './insert-once';
export * from './key-rollout-log';
export * from './outbox-relay';
export * from './outbox-signal';
export * from './persistence.module';
export * from './retry-on-conflict';
export * from './run-once';
export * from './singleton-lease';
