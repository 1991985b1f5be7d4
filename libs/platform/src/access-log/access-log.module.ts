import { Module } from '@nestjs/common';
import { OperatorTokenGuard } from '../operator-token/operator-token.guard';
import { AccessLogController } from './access-log.controller';
import { AccessLogRepository } from './access-log.repository';
import { AccessLogService } from './access-log.service';

/**
 * The operator access log (docs/decisions/0040), the same in the three services: collection
 * `operator_access_log`, `GET /v1/operator/access-log` behind the operator token. Feature
 * modules whose routes return personal data to the operator import this module and mark
 * those routes with `@OperatorPersonalDataRead()`. Needs the global persistence module.
 */
@Module({
  controllers: [AccessLogController],
  providers: [AccessLogRepository, AccessLogService, OperatorTokenGuard],
  exports: [AccessLogService],
})
export class AccessLogModule {}
