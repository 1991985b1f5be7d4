import { Module } from '@nestjs/common';
import { CredentialAuditRepository } from './credential-audit.repository';
import { EnterpriseTimeZoneController } from './enterprise-time-zone.controller';
import { PartnerCredentialsController } from './partner-credentials.controller';
import { PartnersController } from './partners.controller';
import { PartnersRepository } from './partners.repository';
import { PartnersService } from './partners.service';

/**
 * The partner registry: schools and enterprises, their API keys and ERP signing secrets.
 * Other features reach partners only through PartnersService; its auth guards
 * (SchoolAuthGuard, EnterpriseAuthGuard) depend on nothing else, so any feature importing
 * this module can use them.
 */
@Module({
  controllers: [PartnersController, PartnerCredentialsController, EnterpriseTimeZoneController],
  providers: [PartnersRepository, CredentialAuditRepository, PartnersService],
  exports: [PartnersService],
})
export class PartnersModule {}
