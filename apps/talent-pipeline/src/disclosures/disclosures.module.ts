import { Module } from '@nestjs/common';
import { AccessLogModule } from '@app/platform';
import { ConsentModule } from '../consent/consent.module';
import { PartnersModule } from '../partners/partners.module';
import { StudentsModule } from '../students/students.module';
import { DisclosureLedgerRepository } from './disclosure-ledger.repository';
import { DisclosureService } from './disclosure.service';
import { DisclosuresController } from './disclosures.controller';
import { EnterpriseStudentsController } from './enterprise-students.controller';
import { DisclosureRecordedHandler } from './handlers/disclosure-recorded.handler';
import { SchoolDisclosuresController } from './school-disclosures.controller';

/**
 * The disclosure ledger: profile reads by enterprises, the entries other features record
 * (placements, matching, webhooks), the entries gathered from the other services, and the
 * data subject access export.
 */
@Module({
  imports: [PartnersModule, StudentsModule, ConsentModule, AccessLogModule],
  controllers: [DisclosuresController, SchoolDisclosuresController, EnterpriseStudentsController, DisclosureRecordedHandler],
  providers: [DisclosureLedgerRepository, DisclosureService],
  exports: [DisclosureService],
})
export class DisclosuresModule {}
