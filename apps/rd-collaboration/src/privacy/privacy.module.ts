import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { ConsentCopiesRepository } from './consent-copies.repository';
import { AccessLogModule, DisclosureLedgerRepository } from '@app/platform';
import { ErasuresRepository } from './erasures.repository';
import { PrivacyEventsHandler } from './handlers/privacy-events.handler';
import { PrivacyController } from './privacy.controller';
import { PrivacyService } from './privacy.service';

/** Consent copies, the disclosure ledger and erasure (ADR 0041). Features register their student data with the service. */
@Module({
  imports: [AccessModule, AccessLogModule],
  controllers: [PrivacyController, PrivacyEventsHandler],
  providers: [PrivacyService, ConsentCopiesRepository, DisclosureLedgerRepository, ErasuresRepository],
  exports: [PrivacyService],
})
export class PrivacyModule {}
