import { Module } from '@nestjs/common';
import { PartnersModule } from '../partners/partners.module';
import { AccessLogController } from './access-log.controller';
import { AccessLogRepository } from './access-log.repository';
import { AccessLogService } from './access-log.service';

/**
 * The operator access log (docs/decisions/0040). Features whose operator routes return
 * personal data import this module and mark those routes with `@OperatorPersonalDataRead()`.
 */
@Module({
  imports: [PartnersModule],
  controllers: [AccessLogController],
  providers: [AccessLogRepository, AccessLogService],
  exports: [AccessLogService],
})
export class AccessLogModule {}
