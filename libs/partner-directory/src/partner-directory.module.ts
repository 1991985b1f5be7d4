import { Module } from '@nestjs/common';
import { AgreementDirectoryController } from './agreement-directory.controller';
import { AgreementDirectoryRepository } from './agreement-directory.repository';
import { AgreementEventsHandler } from './agreement-events.handler';
import { PartnerDirectoryController } from './partner-directory.controller';
import { PartnerDirectoryRepository } from './partner-directory.repository';
import { PartnerEventsHandler } from './partner-events.handler';

/** A consumer-side copy of the partner registry and its agreements, for services other than their owner. */
@Module({
  controllers: [PartnerDirectoryController, PartnerEventsHandler, AgreementDirectoryController, AgreementEventsHandler],
  providers: [PartnerDirectoryRepository, AgreementDirectoryRepository],
  exports: [PartnerDirectoryRepository, AgreementDirectoryRepository],
})
export class PartnerDirectoryModule {}
