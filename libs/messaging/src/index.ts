// The library's public surface: other libraries and the apps import only from here.
export * from './dead-letters/dead-letter-store';
export * from './event-publisher';
export * from './failure-classification';
export * from './kafka-event-context';
export * from './kafka-event-transport';
export * from './kafka-logger';
export * from './kafka-record-codec';
export * from './messaging-metrics';
export * from './messaging.module';
export * from './new-cloud-event';
export * from './outgoing-event';
export * from './permanent-failure.error';
export * from './record-signature';
export * from './refused-record';
export * from './retry-backoff';
export * from './topic-namer';
export * from './topic-provisioner';
