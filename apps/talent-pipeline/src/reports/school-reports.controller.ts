import { Controller, Get, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { negotiateCsv, openApiSchemaOf, ParseUuidParam } from '@app/base';
import { SchoolAuthGuard } from '../partners/school-auth.guard';
import { ApiInvalidRequest, SchoolAuth } from '../shared/api-docs';
import { destinationsCsv, placementReportCsv } from './domain/report-csv';
import { PlacementReportQueryDto } from './dto/placement-report-query.dto';
import { sendCsv } from './report-format';
import { PlacementReportViewSchema } from './report.response';
import { ReportsService } from './reports.service';

@ApiTags('reports')
@SchoolAuth()
@UseGuards(SchoolAuthGuard)
@Controller('v1/schools/:schoolId/reports')
export class SchoolReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('placements')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary: "The school's placement report: placement rate, hire rate after internship, time to placement, destinations.",
    description:
      'Per programme and cohort and in total, computed from the placements when asked (never stale). JSON, or CSV with ' +
      '`Accept: text/csv` or `?format=csv`; `table=destinations` gives the destinations table as CSV.',
  })
  @ApiOkResponse({
    description:
      'The report as JSON, or as CSV with `text/csv` or `?format=csv` (the rates per programme and cohort, or the destinations with `table=destinations`).',
    content: {
      'application/json': { schema: openApiSchemaOf(PlacementReportViewSchema) },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  @ApiInvalidRequest('A query parameter is invalid.')
  async placements(
    @Param('schoolId', ParseUuidParam) schoolId: string,
    @Query() query: PlacementReportQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const report = await this.reports.placements({ schoolId, programme: query.programme, cohort: query.cohort });
    if (!negotiateCsv(req, res, query.format)) return report;
    return query.table === 'destinations'
      ? sendCsv(res, 'placement-destinations.csv', destinationsCsv(report))
      : sendCsv(res, 'placement-report.csv', placementReportCsv(report));
  }
}
