import { Module } from '@nestjs/common';
import { ConsentModule } from '../consent/consent.module';
import { PartnersModule } from '../partners/partners.module';
import { StudentsModule } from '../students/students.module';
import { DisclosureLedgerRepository } from './disclosure-ledger.repository';
import { DisclosureService } from './disclosure.service';
import { DisclosuresController } from './disclosures.controller';
import { EnterpriseStudentsController } from './enterprise-students.controller';

@Module({
  imports: [PartnersModule, StudentsModule, ConsentModule],
  controllers: [DisclosuresController, EnterpriseStudentsController],
  providers: [DisclosureLedgerRepository, DisclosureService],
  exports: [DisclosureService],
})
export class DisclosuresModule {}
