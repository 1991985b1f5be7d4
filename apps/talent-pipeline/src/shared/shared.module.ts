import { Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '@app/base';
import { TalentPipelineConfig } from '../config/talent-pipeline.config';
import { SECRET_BOX, SecretBox } from './secret-box';

/**
 * The secret box (signing secrets at rest) is process-wide: partners, ERP ingest and webhooks
 * all seal or open secrets with the one key.
 */
@Global()
@Module({
  providers: [
    {
      provide: SECRET_BOX,
      inject: [APP_CONFIG],
      useFactory: (config: TalentPipelineConfig) => new SecretBox(config.SECRETS_ENCRYPTION_KEY),
    },
  ],
  exports: [SECRET_BOX],
})
export class SharedModule {}
