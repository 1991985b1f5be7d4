import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { openApiSchemaOf } from '@app/base';
import { OperatorTokenGuard } from '../operator-token/operator-token.guard';
import { AccessLogQuery } from './access-log.query';
import { AccessLogPageSchema } from './access-log.response';
import { AccessLogService } from './access-log.service';

const PROBLEM = { 'application/problem+json': { schema: { type: 'object' } } };

/** The operator access log of this service (docs/decisions/0040), the same route in all three services. */
@ApiTags('privacy')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'Operator endpoint: no `Authorization: Bearer <ADMIN_API_TOKEN>` header.', content: PROBLEM })
@ApiResponse({
  status: 403,
  description: 'The bearer token is not the operator token (an API key of a school, enterprise…).',
  content: PROBLEM,
})
@ApiExtension('x-roles', ['operator'])
@UseGuards(OperatorTokenGuard)
@Controller('v1/operator/access-log')
export class AccessLogController {
  constructor(private readonly accessLog: AccessLogService) {}

  @Get()
  @ApiOperation({
    summary: "Who read which students' or teachers' personal data, why and when (operator access log, newest first; operator).",
    description:
      "Every operator read of personal data on this service's routes that document the `X-Operator-Id` and `X-Access-Reason` " +
      'headers is logged with the identity and reason it carried, the route, the path and the people the answer was about. ' +
      'Filter by student, teacher, operator and time range; `limit` caps the page.',
  })
  @ApiOkResponse({ description: 'A page of the log, newest first.', schema: openApiSchemaOf(AccessLogPageSchema) })
  @ApiResponse({
    status: 400,
    description:
      '`studentId` is not a UUID, `teacherId` or `operatorId` is not a plain id, `from`/`to` are not RFC 3339 times, or `limit` is outside 1-1000.',
    content: PROBLEM,
  })
  async list(@Query() query: AccessLogQuery): Promise<z.output<typeof AccessLogPageSchema>> {
    const entries = await this.accessLog.query({
      studentId: query.studentId,
      teacherId: query.teacherId,
      operatorId: query.operatorId,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      limit: query.limit ?? 100,
    });
    // Entries written before operator keys existed were all stated.
    return {
      items: entries.map(({ _id, at, authenticated, ...rest }) => ({
        id: _id,
        ...rest,
        authenticated: authenticated ?? false,
        at: at.toISOString(),
      })),
    };
  }
}
