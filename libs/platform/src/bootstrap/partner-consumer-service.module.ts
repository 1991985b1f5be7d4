import { Topics } from '@app/contracts';
import { MessagingModule } from '@app/messaging';
import { PartnerDirectoryModule } from '@app/partner-directory';
import { PersistenceModule } from '@app/persistence';
import { BaseConfig } from '@app/base';
import { PlatformModule } from '../config/platform.module';
import { HealthModule } from '../health/health.module';
import { loggingModule } from '../logging/logging.module';

/**
 * The modules every service that consumes the partner registry starts from: config, logs,
 * Kafka, its own Mongo database, health and its local partner directory (partners and
 * cooperation agreements). Feature modules are
 * added by the service.
 */
export function partnerConsumerImports(
  config: BaseConfig,
  extra: { consumes?: string[]; produces?: string[]; outboxCollections?: string[] } = {},
) {
  return [
    PlatformModule.forRoot(config),
    loggingModule(config.SERVICE_NAME, config.LOG_LEVEL),
    MessagingModule.forRoot({
      consumes: [...new Set([Topics.partners, Topics.agreements, ...(extra.consumes ?? [])])],
      produces: extra.produces ?? [],
    }),
    PersistenceModule.forRoot({ outboxCollections: extra.outboxCollections ?? [] }),
    HealthModule,
    PartnerDirectoryModule,
  ];
}
