import { Module } from '@nestjs/common';
import { PartnersModule } from '../partners/partners.module';
import { RequisitionsOperatorController } from './requisitions-operator.controller';
import { RequisitionsController } from './requisitions.controller';
import { RequisitionsRepository } from './requisitions.repository';
import { RequisitionsService } from './requisitions.service';

/** Enterprise talent demand (requisitions), opened over HTTP or by ERP ingest. */
@Module({
  imports: [PartnersModule],
  controllers: [RequisitionsController, RequisitionsOperatorController],
  providers: [RequisitionsRepository, RequisitionsService],
  exports: [RequisitionsService],
})
export class DemandModule {}
