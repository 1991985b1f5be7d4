import { Controller, Get, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { negotiateCsv, openApiSchemaOf } from '@app/base';
import { AdminGuard } from '../partners/admin.guard';
import { ApiInvalidRequest, OperatorAuth } from '../shared/api-docs';
import { destinationsCsv, placementReportCsv } from './domain/report-csv';
import { OperatorPlacementReportQueryDto } from './dto/operator-placement-report-query.dto';
import { sendCsv } from './report-format';
import { PlacementReportViewSchema } from './report.response';
import { ReportsService } from './reports.service';

@ApiTags('reports')
@OperatorAuth()
@UseGuards(AdminGuard)
@Controller('v1/reports')
export class OperatorReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('placements')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary: 'Placement report for one school (schoolId) or the whole platform (operator).',
    description: 'Same figures as the school report. JSON, or CSV with `Accept: text/csv` or `?format=csv`.',
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
  async placements(@Query() query: OperatorPlacementReportQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const report = await this.reports.placements({ schoolId: query.schoolId, programme: query.programme, cohort: query.cohort });
    if (!negotiateCsv(req, res, query.format)) return report;
    return query.table === 'destinations'
      ? sendCsv(res, 'placement-destinations.csv', destinationsCsv(report))
      : sendCsv(res, 'placement-report.csv', placementReportCsv(report));
  }
}
