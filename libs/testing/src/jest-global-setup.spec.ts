import { KafkaContainer } from '@testcontainers/kafka';
import { MongoDBContainer } from '@testcontainers/mongodb';
import { TESTCONTAINERS_KAFKA_IMAGE, TESTCONTAINERS_MONGO_IMAGE } from './jest-global-setup';
import { testMongoUri } from './test-infrastructure';

// No Docker engine here, so TEST_INFRA=testcontainers cannot start containers in CI; what can be
// checked without one is that the module accepts our images and options as configured (the
// KRaft version check runs when the container is built, before anything talks to Docker).
describe('TEST_INFRA=testcontainers configuration (testcontainers 12)', () => {
  it('builds the Kafka container in KRaft mode from the Confluent image', () => {
    expect(() => new KafkaContainer(TESTCONTAINERS_KAFKA_IMAGE).withKraft()).not.toThrow();
  });

  it('rejects the apache/kafka 3.x image the setup used before (the module drives cp-kafka scripts)', () => {
    expect(() => new KafkaContainer('apache/kafka:3.9.1').withKraft()).toThrow(/not supported in Kraft mode/);
  });

  it('builds the MongoDB container', () => {
    expect(() => new MongoDBContainer(TESTCONTAINERS_MONGO_IMAGE)).not.toThrow();
  });

  it('keeps URL options after the database name', () => {
    const previous = process.env.TEST_MONGO_URL;
    try {
      process.env.TEST_MONGO_URL = 'mongodb://localhost:32768?directConnection=true';
      expect(testMongoUri('db1')).toBe('mongodb://localhost:32768/db1?directConnection=true');
      process.env.TEST_MONGO_URL = 'mongodb://127.0.0.1:27018/';
      expect(testMongoUri('db2')).toBe('mongodb://127.0.0.1:27018/db2');
    } finally {
      if (previous === undefined) delete process.env.TEST_MONGO_URL;
      else process.env.TEST_MONGO_URL = previous;
    }
  });
});
