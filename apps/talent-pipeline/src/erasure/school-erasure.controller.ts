import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { openApiSchemaOf, ParseUuidParam } from '@app/base';
import { SchoolAuthGuard } from '../partners/school-auth.guard';
import { ApiInvalidRequest, ApiProblem, SchoolAuth } from '../shared/api-docs';
import { SchoolErasureDto } from './dto/file-erasure.dto';
import { SchoolListErasureRequestsQuery } from './dto/list-erasure-requests.query';
import { ErasureRequestPageSchema, ErasureRequestViewSchema } from './erasure-request.response';
import { erasureRequestPageView, erasureRequestView } from './erasure.view';
import { ErasureService } from './erasure.service';

const PROOF =
  'The request: status `pending | completed | completed-with-failures`, `services[]` (one per service: `confirmed` with ' +
  'actions, fields, records, tombstones and confirmedAt, or `pending`), `recipients[]` (each webhook subscription that was ' +
  "sent the student's data: notice `pending | delivered | failed`, attempts, deliveredAt/failedAt; null until known).";

/** A school's erasure requests for its own students (school API key). */
@ApiTags('erasure')
@SchoolAuth()
@UseGuards(SchoolAuthGuard)
@Controller('v1/schools/:schoolId')
export class SchoolErasureController {
  constructor(private readonly erasure: ErasureService) {}

  @Post('students/:studentId/erasure-requests')
  @HttpCode(202)
  @ApiOperation({
    summary: "File an erasure request for one of the school's students (school API key).",
    description:
      'Every service erases or pseudonymises the student (privacy.erasure.v1) and every webhook recipient of the ' +
      "student's data gets a signed `privacy.erasure.notice.v1`. While a request for the student is open, filing again " +
      'returns that request.',
  })
  @ApiAcceptedResponse({ description: PROOF, schema: openApiSchemaOf(ErasureRequestViewSchema) })
  @ApiInvalidRequest('A path id is not a UUID, or `reason` is too long.')
  @ApiProblem(404, 'No student with this id at this school (or already erased).')
  async file(
    @Param('schoolId', ParseUuidParam) schoolId: string,
    @Param('studentId', ParseUuidParam) studentId: string,
    @Body() dto: SchoolErasureDto,
  ) {
    const { request } = await this.erasure.file(studentId, dto.reason ?? 'requested by the school', { kind: 'school', schoolId });
    return erasureRequestView(request);
  }

  @Get('erasure-requests/:requestId')
  @ApiOperation({ summary: "One of the school's erasure requests with its completion proof (school API key)." })
  @ApiOkResponse({ description: PROOF, schema: openApiSchemaOf(ErasureRequestViewSchema) })
  @ApiInvalidRequest('A path id is not a UUID.')
  @ApiProblem(404, 'No erasure request with this id for this school.')
  async get(@Param('schoolId', ParseUuidParam) schoolId: string, @Param('requestId', ParseUuidParam) requestId: string) {
    return erasureRequestView(await this.erasure.get(requestId, schoolId));
  }

  @Get('erasure-requests')
  @ApiOperation({ summary: "The school's erasure requests, newest first (school API key)." })
  @ApiOkResponse({ description: '{items: [request], nextCursor}', schema: openApiSchemaOf(ErasureRequestPageSchema) })
  @ApiInvalidRequest('A query parameter is invalid.')
  async list(@Param('schoolId', ParseUuidParam) schoolId: string, @Query() query: SchoolListErasureRequestsQuery) {
    const { limit, before, ...filter } = query;
    return erasureRequestPageView(await this.erasure.list({ ...filter, schoolId }, { limit, before }));
  }
}
