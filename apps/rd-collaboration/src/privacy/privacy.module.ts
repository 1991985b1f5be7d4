import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { ConsentCopiesRepository } from './consent-copies.repository';
import { AccessLogModule, DisclosureLedgerRepository } from '@app/platform';
import { ErasuresRepository } from './erasures.repository';
import { PrivacyEventsHandler } from './handlers/privacy-events.handler';
import { TeacherPrivacyEventsHandler } from './handlers/teacher-privacy-events.handler';
import { PrivacyController } from './privacy.controller';
import { PrivacyService } from './privacy.service';
import { TeacherObjectionCopiesRepository } from './teacher-objection-copies.repository';

/**
 * Consent copies, teachers' objection copies (ADR 0077), the disclosure ledger and erasure (ADR
 * 0041). Features register their student data with the service.
 */
@Module({
  imports: [AccessModule, AccessLogModule],
  controllers: [PrivacyController, PrivacyEventsHandler, TeacherPrivacyEventsHandler],
  providers: [PrivacyService, ConsentCopiesRepository, TeacherObjectionCopiesRepository, DisclosureLedgerRepository, ErasuresRepository],
  exports: [PrivacyService],
})
export class PrivacyModule {}
