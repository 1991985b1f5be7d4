import { Module } from '@nestjs/common';
import { PartnerDirectoryController } from './partner-directory.controller';
import { PartnerDirectoryRepository } from './partner-directory.repository';
import { PartnerEventsHandler } from './partner-events.handler';

/** A consumer-side copy of the partner registry, for services other than its owner. */
@Module({
  controllers: [PartnerDirectoryController, PartnerEventsHandler],
  providers: [PartnerDirectoryRepository],
  exports: [PartnerDirectoryRepository],
})
export class PartnerDirectoryModule {}
