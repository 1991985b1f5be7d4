import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AccessLogModule, DisclosureLedgerRepository } from '@app/platform';
import { ErasuresRepository } from './erasures.repository';
import { PrivacyEventsHandler } from './handlers/privacy-events.handler';
import { PrivacyController } from './privacy.controller';
import { PrivacyService } from './privacy.service';

/** The disclosure ledger of teachers' records shared with host enterprises, and answers to erasure requests (ADR 0041). */
@Module({
  imports: [AccessModule, AccessLogModule],
  controllers: [PrivacyController, PrivacyEventsHandler],
  providers: [PrivacyService, DisclosureLedgerRepository, ErasuresRepository],
  exports: [PrivacyService],
})
export class PrivacyModule {}
