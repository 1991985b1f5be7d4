import { Controller, Get, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { negotiateCsv, openApiSchemaOf, ParseUuidParam } from '@app/base';
import { EnterpriseAuthGuard } from '../partners/enterprise-auth.guard';
import { ApiInvalidRequest, EnterpriseAuth } from '../shared/api-docs';
import { conversionReportCsv } from './domain/report-csv';
import { ConversionReportQueryDto } from './dto/conversion-report-query.dto';
import { sendCsv } from './report-format';
import { ConversionReportViewSchema } from './report.response';
import { ReportsService } from './reports.service';

@ApiTags('reports')
@EnterpriseAuth()
@UseGuards(EnterpriseAuthGuard)
@Controller('v1/enterprises/:enterpriseId/reports')
export class EnterpriseReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('conversion')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary: "The enterprise's conversion of interns to hires, overall and per role.",
    description:
      'conversionRate = internships ended in a hire / internships that reached completed or hired. CSV with `Accept: text/csv` or `?format=csv`.',
  })
  @ApiOkResponse({
    description: 'The report as JSON, or as a CSV table with `text/csv` or `?format=csv`.',
    content: {
      'application/json': { schema: openApiSchemaOf(ConversionReportViewSchema) },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  @ApiInvalidRequest('A query parameter is invalid.')
  async conversion(
    @Param('enterpriseId', ParseUuidParam) enterpriseId: string,
    @Query() query: ConversionReportQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const report = await this.reports.conversion(enterpriseId);
    return negotiateCsv(req, res, query.format) ? sendCsv(res, 'intern-conversion.csv', conversionReportCsv(report)) : report;
  }
}
