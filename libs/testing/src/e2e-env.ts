import { randomBytes } from 'node:crypto';
import { testKafkaBrokers, testMongoUri } from './test-infrastructure';

/**
 * Environment of one service process in an e2e run: its own database and consumer group, and
 * topics under the run's prefix, so runs share the test stack without seeing each other.
 */
export function e2eServiceEnv(prefix: string, service: string): Record<string, string> {
  return {
    MONGO_URI: testMongoUri(`${prefix.replace(/[.-]/g, '_')}${service.replace(/-/g, '_')}`),
    KAFKA_BROKERS: testKafkaBrokers(),
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_GROUP_ID: `${prefix}${service}`,
    OUTBOX_POLL_MS: '250',
    KAFKA_SESSION_TIMEOUT_MS: '8000',
  };
}

/** The talent pipeline's e2e settings: quick webhook retries, a local receiver, secrets encrypted at rest. */
export function e2eTalentPipelineEnv(prefix: string, adminToken: string): Record<string, string> {
  return {
    ...e2eServiceEnv(prefix, 'talent-pipeline'),
    ADMIN_API_TOKEN: adminToken,
    WEBHOOK_RETRY_SCHEDULE: '300ms,600ms,1s,2s',
    WEBHOOK_POLL_MS: '100',
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };
}
