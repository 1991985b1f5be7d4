import { z } from 'zod';
import { BaseConfigSchema } from './base-config.schema';
import { ConfigError, loadConfig } from './load-config';

const SECRET_URI = 'mongodb://admin:s3cr3t-pa55@db.internal:27017/talent';

const validEnv = (): NodeJS.ProcessEnv => ({
  SERVICE_NAME: 'talent-pipeline',
  MONGO_URI: SECRET_URI,
  KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092 ,,kafka-3:9092',
});

function configErrorOf(env: NodeJS.ProcessEnv, schema: z.ZodType = BaseConfigSchema): ConfigError {
  try {
    loadConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig with BaseConfigSchema', () => {
  it('splits KAFKA_BROKERS on commas, trimming blanks and empty entries', () => {
    expect(loadConfig(BaseConfigSchema, validEnv()).KAFKA_BROKERS).toEqual(['kafka-1:9092', 'kafka-2:9092', 'kafka-3:9092']);
  });

  it('applies defaults for optional variables', () => {
    const config = loadConfig(BaseConfigSchema, validEnv());
    expect(config).toMatchObject({
      PORT: 3000,
      KAFKA_TOPIC_PREFIX: '',
      KAFKA_TOPIC_PARTITIONS: 3,
      CONSUMER_RETRY_ATTEMPTS: 3,
      CONSUMER_RETRY_BASE_MS: 200,
      OUTBOX_POLL_MS: 1000,
      LOG_LEVEL: 'info',
      SHUTDOWN_GRACE_MS: 0,
    });
    expect(config.KAFKA_CLIENT_ID).toBeUndefined();
  });

  it('coerces numeric variables from strings', () => {
    const config = loadConfig(BaseConfigSchema, { ...validEnv(), PORT: '8080', OUTBOX_POLL_MS: '250' });
    expect(config.PORT).toBe(8080);
    expect(config.OUTBOX_POLL_MS).toBe(250);
  });

  it('accepts mongodb+srv URIs', () => {
    expect(loadConfig(BaseConfigSchema, { ...validEnv(), MONGO_URI: 'mongodb+srv://cluster.example' }).MONGO_URI).toBe(
      'mongodb+srv://cluster.example',
    );
  });

  it('names a missing MONGO_URI', () => {
    const { MONGO_URI: _omit, ...env } = validEnv();
    expect(configErrorOf(env).message).toMatch(/^\s+MONGO_URI: /m);
  });

  it('names a malformed MONGO_URI without echoing its secret value', () => {
    const bad = 'postgres://admin:s3cr3t-pa55@db.internal/talent';
    const error = configErrorOf({ ...validEnv(), MONGO_URI: bad });
    expect(error.message).toContain('MONGO_URI: must be a mongodb:// or mongodb+srv:// URI');
    expect(error.message).not.toContain('s3cr3t-pa55');
    expect(error.message).not.toContain(bad);
  });

  it.each(['', ' , ,'])('names a KAFKA_BROKERS of %j that lists no broker', (brokers) => {
    const error = configErrorOf({ ...validEnv(), KAFKA_BROKERS: brokers });
    expect(error.message).toContain('KAFKA_BROKERS');
    expect(error.message).not.toContain('s3cr3t-pa55');
  });

  it('names a missing KAFKA_BROKERS', () => {
    const { KAFKA_BROKERS: _omit, ...env } = validEnv();
    expect(configErrorOf(env).message).toContain('KAFKA_BROKERS');
  });

  it('reports every bad variable at once, one per line', () => {
    const error = configErrorOf({ SERVICE_NAME: 'x', PORT: 'abc', LOG_LEVEL: 'loud' });
    const lines = error.message.split('\n');
    expect(lines[0]).toBe('Invalid configuration:');
    const named = lines.slice(1).map((line) => line.trim().split(':')[0]);
    expect(named.sort()).toEqual(['KAFKA_BROKERS', 'LOG_LEVEL', 'MONGO_URI', 'PORT']);
  });

  it('does not echo values of variables with type errors', () => {
    const error = configErrorOf({ ...validEnv(), PORT: 'port-secret-xyz', LOG_LEVEL: 'level-secret-xyz' });
    expect(error.message).toContain('PORT');
    expect(error.message).toContain('LOG_LEVEL');
    expect(error.message).not.toContain('secret-xyz');
  });

  it('rejects a PORT below 1', () => {
    expect(configErrorOf({ ...validEnv(), PORT: '0' }).message).toContain('PORT');
  });

  it('bounds HTTP bodies to 512 KiB and Kafka records to 1,000,000 bytes by default', () => {
    expect(loadConfig(BaseConfigSchema, validEnv())).toMatchObject({
      HTTP_BODY_LIMIT_BYTES: 512 * 1024,
      KAFKA_MAX_RECORD_BYTES: 1_000_000,
    });
  });

  it('accepts a configured body limit up to 900 KiB and refuses a larger one by name', () => {
    expect(loadConfig(BaseConfigSchema, { ...validEnv(), HTTP_BODY_LIMIT_BYTES: String(900 * 1024) }).HTTP_BODY_LIMIT_BYTES).toBe(921600);
    expect(configErrorOf({ ...validEnv(), HTTP_BODY_LIMIT_BYTES: String(5 * 1024 * 1024) }).message).toContain(
      'HTTP_BODY_LIMIT_BYTES: must be at most 921600',
    );
    expect(configErrorOf({ ...validEnv(), HTTP_BODY_LIMIT_BYTES: '10' }).message).toContain('HTTP_BODY_LIMIT_BYTES');
  });

  it('keeps records naming a person on the brokers for 28 days by default, and refuses more than 30 by name', () => {
    expect(loadConfig(BaseConfigSchema, validEnv()).KAFKA_PERSONAL_DATA_MAX_AGE_DAYS).toBe(28);
    expect(loadConfig(BaseConfigSchema, { ...validEnv(), KAFKA_PERSONAL_DATA_MAX_AGE_DAYS: '7' }).KAFKA_PERSONAL_DATA_MAX_AGE_DAYS).toBe(7);
    expect(configErrorOf({ ...validEnv(), KAFKA_PERSONAL_DATA_MAX_AGE_DAYS: '31' }).message).toContain(
      'KAFKA_PERSONAL_DATA_MAX_AGE_DAYS: must be at most 30 days',
    );
    expect(configErrorOf({ ...validEnv(), KAFKA_PERSONAL_DATA_MAX_AGE_DAYS: '0' }).message).toContain('KAFKA_PERSONAL_DATA_MAX_AGE_DAYS');
  });

  it('reads process.env when no env is given', () => {
    const saved = process.env;
    process.env = { ...validEnv(), SERVICE_NAME: 'from-process-env' };
    try {
      expect(loadConfig(BaseConfigSchema).SERVICE_NAME).toBe('from-process-env');
    } finally {
      process.env = saved;
    }
  });
});
