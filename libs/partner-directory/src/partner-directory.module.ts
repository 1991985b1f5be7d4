import { Module } from '@nestjs/common';
import { AgreementDirectoryRepository } from './agreement-directory.repository';
import { AgreementEventsHandler } from './agreement-events.handler';
import { PartnerDirectoryRepository } from './partner-directory.repository';
import { PartnerDirectoryService } from './partner-directory.service';
import { PartnerEventsHandler } from './partner-events.handler';

/**
 * A consumer-side copy of the partner registry and its agreements, for services other than their
 * owner. Its HTTP routes are PartnerDirectoryApiModule's, registered with the service's credentials.
 */
@Module({
  controllers: [PartnerEventsHandler, AgreementEventsHandler],
  providers: [PartnerDirectoryRepository, AgreementDirectoryRepository, PartnerDirectoryService],
  // The repositories stay exported: the services that host this directory read the copies directly.
  exports: [PartnerDirectoryRepository, AgreementDirectoryRepository, PartnerDirectoryService],
})
export class PartnerDirectoryModule {}
