import { Provider } from '@nestjs/common';
import { APP_CONFIG } from '@app/base';
import { TalentPipelineConfig } from '../config/talent-pipeline.config';

/** A provider of `type` built from SECRETS_ENCRYPTION_KEY and its previous keys: the keyed hashes derived from them (ADR 0037, 0092, 0094). */
export function secretsKeyedProvider<T>(type: new (secretsKey?: Buffer, previousSecretsKeys?: readonly Buffer[]) => T): Provider {
  return {
    provide: type,
    inject: [APP_CONFIG],
    useFactory: (config: TalentPipelineConfig) => new type(config.SECRETS_ENCRYPTION_KEY, config.SECRETS_ENCRYPTION_PREVIOUS_KEYS),
  };
}
