import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminGuard } from '../partners/admin.guard';
import { ApiInvalidRequest, OperatorAuth } from '../shared/api-docs';
import { AccessLogService } from './access-log.service';
import { AccessLogQuery } from './dto/access-log.query';

@ApiTags('privacy')
@OperatorAuth()
@UseGuards(AdminGuard)
@Controller('v1/operator/access-log')
export class AccessLogController {
  constructor(private readonly accessLog: AccessLogService) {}

  @Get()
  @ApiOperation({
    summary: "Who read which students' personal data, why and when (operator access log, newest first; operator).",
    description:
      'Every operator read of personal data (students, consents, disclosure ledgers and exports, placements, attendance) ' +
      'is logged with the `X-Operator-Id` and `X-Access-Reason` it carried. Filter by student, operator and time range.',
  })
  @ApiOkResponse({ description: '{items: [{id, operatorId, reason, route, path, studentIds, at, requestId}]}' })
  @ApiInvalidRequest('`studentId` is not a UUID, `from`/`to` are not RFC 3339 times, or `limit` is outside 1-1000.')
  async list(@Query() query: AccessLogQuery) {
    const entries = await this.accessLog.query({
      studentId: query.studentId,
      operatorId: query.operatorId,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      limit: query.limit ?? 100,
    });
    return { items: entries.map(({ _id, ...rest }) => ({ id: _id, ...rest })) };
  }
}
