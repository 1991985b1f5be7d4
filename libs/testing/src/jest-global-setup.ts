import { createConnection } from 'node:net';

/**
 * Integration and e2e tests need Kafka and a Mongo wire-protocol server. By default they are
 * the local stack that `npm test` starts (tools/stack); TEST_INFRA=testcontainers starts real
 * Kafka (KRaft) and `mongo` containers instead, for machines with a Docker engine.
 *
 * testcontainers 12: the Kafka module drives the Confluent image's start scripts
 * (/etc/confluent/docker/run), so it takes `confluentinc/cp-kafka`, not `apache/kafka` (whose
 * 3.x tag `withKraft()` rejects as "below 7.0.0"); 8.x tags start in KRaft mode by themselves.
 * The plaintext listener for the host is 9093. The MongoDB module starts a one-member replica
 * set that advertises the container's host name, so clients outside it need directConnection.
 */
export const TESTCONTAINERS_KAFKA_IMAGE = 'confluentinc/cp-kafka:8.0.0';
export const TESTCONTAINERS_MONGO_IMAGE = 'mongo:8';

export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_INFRA === 'testcontainers') {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const { MongoDBContainer } = await import('@testcontainers/mongodb');
    const kafka = await new KafkaContainer(TESTCONTAINERS_KAFKA_IMAGE).withKraft().start();
    const mongo = await new MongoDBContainer(TESTCONTAINERS_MONGO_IMAGE).start();
    process.env.TEST_KAFKA_BROKERS = `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
    process.env.TEST_MONGO_URL = `${mongo.getConnectionString()}?directConnection=true`;
    (globalThis as Record<string, unknown>).__containers = [kafka, mongo];
    return;
  }
  const kafka = process.env.TEST_KAFKA_BROKERS ?? '127.0.0.1:19092';
  const mongo = (process.env.TEST_MONGO_URL ?? 'mongodb://127.0.0.1:27018').replace(/^mongodb:\/\//, '').split(/[/?]/)[0];
  for (const [name, address] of [
    ['Kafka', kafka.split(',')[0]],
    ['Mongo-compatible server', mongo],
  ] as const) {
    if (!(await reachable(address))) {
      throw new Error(
        `${name} is not reachable at ${address}. Run the tests with \`npm test\` (it starts the local stack), ` +
          'or start it yourself: STACK_DIR=.stack-test KAFKA_PORT=19092 KAFKA_CONTROLLER_PORT=19093 MONGO_PORT=27018 npm run stack:start',
      );
    }
  }
}

function reachable(address: string): Promise<boolean> {
  const [host, port] = address.split(':');
  return new Promise((resolve) => {
    const socket = createConnection({ host, port: Number(port), timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}
