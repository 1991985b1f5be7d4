import { Module } from '@nestjs/common';
import { AgreementsModule } from '../agreements/agreements.module';
import { PartnersModule } from '../partners/partners.module';
import { SupervisorEventsHandler } from './handlers/supervisor-events.handler';
import { SupervisorReaderGuard } from './supervisor-reader.guard';
import { SupervisorsController } from './supervisors.controller';
import { SupervisorsRepository } from './supervisors.repository';
import { SupervisorsService } from './supervisors.service';

/**
 * Placement supervisors: the talent pipeline's copy of the double-qualified teachers the
 * teacher secondment service offers (secondment.supervisor.v1), listed per school.
 */
@Module({
  imports: [PartnersModule, AgreementsModule],
  controllers: [SupervisorsController, SupervisorEventsHandler],
  providers: [SupervisorsRepository, SupervisorsService, SupervisorReaderGuard],
  exports: [SupervisorsService],
})
export class SupervisorsModule {}
