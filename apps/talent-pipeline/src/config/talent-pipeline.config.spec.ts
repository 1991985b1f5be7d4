import { ConfigError, loadConfig } from '@app/base';
import { TalentPipelineConfigSchema } from './talent-pipeline.config';

const TOKEN = 'admin-token-0123456789';

const validEnv = (): NodeJS.ProcessEnv => ({
  MONGO_URI: 'mongodb://localhost:27017/talent',
  KAFKA_BROKERS: 'localhost:9092',
  ADMIN_API_TOKEN: TOKEN,
});

function errorMessageOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(TalentPipelineConfigSchema, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected loadConfig to throw');
}

describe('TalentPipelineConfigSchema', () => {
  it('applies the service defaults', () => {
    expect(loadConfig(TalentPipelineConfigSchema, validEnv())).toMatchObject({
      SERVICE_NAME: 'talent-pipeline',
      PORT: 3001,
      ERP_SIGNATURE_TOLERANCE_SECONDS: 300,
      WEBHOOK_TIMEOUT_MS: 10_000,
      WEBHOOK_POLL_MS: 1000,
      ADMIN_API_TOKEN: TOKEN,
    });
  });

  it('takes the keys a rotation replaced, comma-separated; refuses a malformed one, and previous keys without a current one', () => {
    const [current, previous, older] = [1, 2, 3].map((fill) => Buffer.alloc(32, fill));
    const config = loadConfig(TalentPipelineConfigSchema, {
      ...validEnv(),
      SECRETS_ENCRYPTION_KEY: current.toString('base64'),
      SECRETS_ENCRYPTION_PREVIOUS_KEYS: ` ${previous.toString('base64')}, ${older.toString('base64')} `,
    });
    expect(config.SECRETS_ENCRYPTION_PREVIOUS_KEYS).toEqual([previous, older]);
    expect(loadConfig(TalentPipelineConfigSchema, validEnv()).SECRETS_ENCRYPTION_PREVIOUS_KEYS).toEqual([]);
    expect(
      errorMessageOf({ ...validEnv(), SECRETS_ENCRYPTION_KEY: current.toString('base64'), SECRETS_ENCRYPTION_PREVIOUS_KEYS: 'c2hvcnQ=' }),
    ).toMatch(/SECRETS_ENCRYPTION_PREVIOUS_KEYS.*32 bytes/);
    expect(errorMessageOf({ ...validEnv(), SECRETS_ENCRYPTION_PREVIOUS_KEYS: previous.toString('base64') })).toMatch(
      /SECRETS_ENCRYPTION_PREVIOUS_KEYS.*needs SECRETS_ENCRYPTION_KEY/,
    );
  });

  it("defaults WEBHOOK_RETRY_SCHEDULE to Svix's schedule, in milliseconds", () => {
    const s = 1000;
    const m = 60 * s;
    const h = 60 * m;
    expect(loadConfig(TalentPipelineConfigSchema, validEnv()).WEBHOOK_RETRY_SCHEDULE).toEqual([
      5 * s,
      5 * m,
      30 * m,
      2 * h,
      5 * h,
      10 * h,
      10 * h,
    ]);
  });

  it('parses a custom WEBHOOK_RETRY_SCHEDULE', () => {
    const config = loadConfig(TalentPipelineConfigSchema, { ...validEnv(), WEBHOOK_RETRY_SCHEDULE: '100ms, 2s,1m' });
    expect(config.WEBHOOK_RETRY_SCHEDULE).toEqual([100, 2000, 60_000]);
  });

  it('names WEBHOOK_RETRY_SCHEDULE when the schedule is malformed', () => {
    const message = errorMessageOf({ ...validEnv(), WEBHOOK_RETRY_SCHEDULE: '5s,soon' });
    expect(message).toMatch(/WEBHOOK_RETRY_SCHEDULE: .*"soon" is not a duration/);
  });

  it('names WEBHOOK_RETRY_SCHEDULE when the schedule is empty', () => {
    expect(errorMessageOf({ ...validEnv(), WEBHOOK_RETRY_SCHEDULE: ' , ' })).toContain(
      'WEBHOOK_RETRY_SCHEDULE: must list at least one duration',
    );
  });

  it('requires ADMIN_API_TOKEN', () => {
    const { ADMIN_API_TOKEN: _omit, ...env } = validEnv();
    expect(errorMessageOf(env)).toContain('ADMIN_API_TOKEN');
  });

  it('rejects an ADMIN_API_TOKEN shorter than 16 characters without echoing it', () => {
    const message = errorMessageOf({ ...validEnv(), ADMIN_API_TOKEN: 'short-secret' });
    expect(message).toContain('ADMIN_API_TOKEN: must be at least 16 characters');
    expect(message).not.toContain('short-secret');
  });

  it('accepts an ADMIN_API_TOKEN of exactly 16 characters', () => {
    expect(loadConfig(TalentPipelineConfigSchema, { ...validEnv(), ADMIN_API_TOKEN: 'x'.repeat(16) }).ADMIN_API_TOKEN).toHaveLength(16);
  });

  it('still enforces the base variables', () => {
    const { MONGO_URI: _omit, ...env } = validEnv();
    expect(errorMessageOf(env)).toContain('MONGO_URI');
  });

  it('rejects an ERP_SIGNATURE_TOLERANCE_SECONDS below 1', () => {
    expect(errorMessageOf({ ...validEnv(), ERP_SIGNATURE_TOLERANCE_SECONDS: '0' })).toContain('ERP_SIGNATURE_TOLERANCE_SECONDS');
  });

  it('reads SECRETS_ENCRYPTION_KEY as 32 bytes, treats it empty as unset, and names it when it is not 32 bytes', () => {
    const key = Buffer.alloc(32, 1);
    expect(
      loadConfig(TalentPipelineConfigSchema, { ...validEnv(), SECRETS_ENCRYPTION_KEY: key.toString('base64') }).SECRETS_ENCRYPTION_KEY,
    ).toEqual(key);
    expect(loadConfig(TalentPipelineConfigSchema, { ...validEnv(), SECRETS_ENCRYPTION_KEY: '' }).SECRETS_ENCRYPTION_KEY).toBeUndefined();
    expect(errorMessageOf({ ...validEnv(), SECRETS_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') })).toContain(
      'SECRETS_ENCRYPTION_KEY',
    );
  });

  it('reads WEBHOOK_ALLOW_PRIVATE_TARGETS as a boolean, off by default, and names it when it is neither true nor false', () => {
    expect(loadConfig(TalentPipelineConfigSchema, validEnv()).WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(false);
    expect(
      loadConfig(TalentPipelineConfigSchema, { ...validEnv(), WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }).WEBHOOK_ALLOW_PRIVATE_TARGETS,
    ).toBe(true);
    expect(errorMessageOf({ ...validEnv(), WEBHOOK_ALLOW_PRIVATE_TARGETS: 'yes' })).toContain('WEBHOOK_ALLOW_PRIVATE_TARGETS');
  });
});
