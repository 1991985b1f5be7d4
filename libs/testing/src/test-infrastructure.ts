import { randomBytes } from 'node:crypto';

/**
 * Where the tests find Kafka and the Mongo-compatible server. `npm test` starts a local stack
 * on these ports (apart from the demo's 9092/27017); TEST_INFRA=testcontainers replaces it
 * with containers on machines that have a Docker engine.
 */
export function testKafkaBrokers(): string {
  return process.env.TEST_KAFKA_BROKERS ?? '127.0.0.1:19092';
}

export function testMongoUri(database: string): string {
  const base = process.env.TEST_MONGO_URL ?? 'mongodb://127.0.0.1:27018';
  // TEST_MONGO_URL may carry options (testcontainers' replica set needs ?directConnection=true).
  const [hosts, query] = base.split('?');
  return `${hosts.replace(/\/$/, '')}/${database}${query ? `?${query}` : ''}`;
}

/** Unique per test file and run, so suites run in parallel and rerun without cleanup. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}
