import { ConfigError, loadConfig } from '@app/base';
import { TeacherSecondmentConfigSchema } from './teacher-secondment.config';

const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  MONGO_URI: 'mongodb://localhost:27017/secondment',
  KAFKA_BROKERS: 'localhost:9092',
  ...extra,
});

function errorMessageOf(values: NodeJS.ProcessEnv): string {
  try {
    loadConfig(TeacherSecondmentConfigSchema, values);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected loadConfig to throw');
}

describe('TeacherSecondmentConfigSchema: the credential key encryption key and the keys it replaced', () => {
  const [current, previous, older] = [1, 2, 3].map((fill) => Buffer.alloc(32, fill).toString('base64'));

  it('takes the previous keys comma-separated, none when unset', () => {
    const config = loadConfig(
      TeacherSecondmentConfigSchema,
      env({ CREDENTIAL_KEY_ENCRYPTION_KEY: current, CREDENTIAL_KEY_ENCRYPTION_PREVIOUS_KEYS: ` ${previous},${older} ` }),
    );
    expect(config.CREDENTIAL_KEY_ENCRYPTION_PREVIOUS_KEYS).toEqual([previous, older].map((key) => Buffer.from(key, 'base64')));
    expect(loadConfig(TeacherSecondmentConfigSchema, env()).CREDENTIAL_KEY_ENCRYPTION_PREVIOUS_KEYS).toEqual([]);
  });

  it('refuses a previous key that is not 32 bytes, and previous keys without a current one, naming the variable', () => {
    expect(errorMessageOf(env({ CREDENTIAL_KEY_ENCRYPTION_KEY: current, CREDENTIAL_KEY_ENCRYPTION_PREVIOUS_KEYS: 'c2hvcnQ=' }))).toMatch(
      /CREDENTIAL_KEY_ENCRYPTION_PREVIOUS_KEYS.*32 bytes/,
    );
    expect(errorMessageOf(env({ CREDENTIAL_KEY_ENCRYPTION_PREVIOUS_KEYS: previous }))).toMatch(
      /CREDENTIAL_KEY_ENCRYPTION_PREVIOUS_KEYS.*needs CREDENTIAL_KEY_ENCRYPTION_KEY/,
    );
  });
});
