import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, Clock } from '@app/base';
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
      inject: [APP_CONFIG],
      useFactory: (config: TalentPipelineConfig) => new SecretBox(config.SECRETS_ENCRYPTION_KEY, config.SECRETS_ENCRYPTION_PREVIOUS_KEYS),
    },
  ],
  exports: [SECRET_BOX, Clock],
})
export class SharedModule {}
