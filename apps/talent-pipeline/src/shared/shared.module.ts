import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, Clock } from '@app/base';
import { KeyRolloutLog } from '@app/persistence';
import { TalentPipelineConfig } from '../config/talent-pipeline.config';
import { SECRET_BOX, SecretBox } from './secret-box';

/**
 * The secret box (signing secrets at rest) is process-wide: partners, ERP ingest and webhooks
 * all seal or open secrets with the one key. The clock too: one "today" per process.
 */
@Global()
@Module({
  providers: [
    Clock,
    {
      provide: SECRET_BOX,
      inject: [APP_CONFIG, KeyRolloutLog],
      // Checked before the box exists, so nothing seals under keys that would break a rotation (ADR 0087).
      useFactory: async (config: TalentPipelineConfig, rollouts: KeyRolloutLog) => {
        await rollouts.checkAndRecord({
          purpose: 'secrets',
          current: config.SECRETS_ENCRYPTION_KEY,
          previous: config.SECRETS_ENCRYPTION_PREVIOUS_KEYS,
          names: {
            current: 'SECRETS_ENCRYPTION_KEY',
            previous: 'SECRETS_ENCRYPTION_PREVIOUS_KEYS',
            allowOneRollout: 'SECRETS_ENCRYPTION_ALLOW_ONE_ROLLOUT',
          },
          allowOneRollout: config.SECRETS_ENCRYPTION_ALLOW_ONE_ROLLOUT,
        });
        return new SecretBox(config.SECRETS_ENCRYPTION_KEY, config.SECRETS_ENCRYPTION_PREVIOUS_KEYS);
      },
    },
  ],
  exports: [SECRET_BOX, Clock],
})
export class SharedModule {}
