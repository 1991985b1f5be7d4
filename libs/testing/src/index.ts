// The library's public surface: other libraries and the apps import only from here.
export * from './e2e-env';
export * from './erp-client';
export * from './http-client';
export * from './in-process-service';
export * from './placement-preconditions';
export * from './private-kafka-broker';
export * from './private-mongo-server';
export * from './service-process';
export * from './test-infrastructure';
export * from './topic-recorder';
export * from './compacted-topic';
export * from './wait-for';
export * from './webhook-receiver';
export { TESTCONTAINERS_KAFKA_IMAGE, TESTCONTAINERS_MONGO_IMAGE } from './jest-global-setup';
export * from './fuzz/body-mutations';
export * from './fuzz/openapi-bodies';
export * from './fuzz/http-body-fuzzer';
export * from './fuzz/schema-valid-bodies';
