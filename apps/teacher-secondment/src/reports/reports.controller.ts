import { Controller, Get, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { z } from 'zod';
import { openApiSchemaOf, ParseUuidParam } from '@app/base';
import { notePeopleRead, OperatorPersonalDataRead } from '@app/platform';
import { ApiProblems } from '../shared/api-docs';
import { AuthGuard, CurrentPrincipal, Roles } from '../access/auth.guard';
import { Principal } from '../access/principal';
import { complianceAsOf, parseInput } from '../shared/zod-input';
import { toCsv } from './csv';
import { EnterpriseReport, EnterpriseReportSchema, SchoolReport, SchoolReportSchema } from './reports.response';
import { ReportsService } from './reports.service';

const SchoolQuery = z.strictObject({
  asOf: complianceAsOf.optional(),
  withinDays: z.coerce.number().int().min(0).max(3660).default(90),
  format: z.enum(['json', 'csv']).default('json'),
  section: z.enum(['teachers', 'enterprises']).default('teachers'),
});
const EnterpriseQuery = z.strictObject({
  format: z.enum(['json', 'csv']).default('json'),
  section: z.enum(['mentors', 'teachers']).default('mentors'),
});

const TEACHER_COLUMNS = [
  'teacherId',
  'displayName',
  'subject',
  'professionalCourse',
  'compliantNow',
  'creditedDaysNow',
  'requiredDaysNow',
  'lapsesOn',
  'lapsesWithinWindow',
  'asOf',
  'compliantAsOf',
  'creditedDaysAsOf',
  'ruleSetVersionAsOf',
] as const;

@ApiTags('reports')
@ApiProblems(400, 401, 403, 404)
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('schools/:schoolId')
  @Roles('school', 'operator')
  @OperatorPersonalDataRead({ sharedWithOtherRoles: true })
  @ApiOperation({
    summary: "A school's report: each teacher's compliance now and as of a date, lapses within N days, hours hosted per enterprise.",
    description: 'format=csv returns one section as CSV: teachers (default) or enterprises.',
  })
  @ApiQuery({ name: 'asOf', required: false })
  @ApiQuery({ name: 'withinDays', required: false })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiQuery({ name: 'section', required: false, enum: ['teachers', 'enterprises'] })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description: 'The report; with `format=csv` the rows of one section (`teachers` or `enterprises`), a header row first.',
    content: { 'application/json': { schema: openApiSchemaOf(SchoolReportSchema) }, 'text/csv': { schema: { type: 'string' } } },
  })
  async school(
    @CurrentPrincipal() principal: Principal,
    @Param('schoolId', ParseUuidParam) schoolId: string,
    @Query() query: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SchoolReport | string> {
    const options = parseInput(SchoolQuery, query, 'query');
    const report = await this.reports.school(principal, schoolId, options);
    if (options.format === 'json' || options.section === 'teachers') {
      notePeopleRead(req, { teacherIds: report.teachers.map((t) => t.teacherId) });
    }
    if (options.format === 'json') return report;
    res.type('text/csv');
    return options.section === 'teachers'
      ? toCsv(TEACHER_COLUMNS, report.teachers)
      : toCsv(['enterpriseId', 'secondments', 'teachers', 'countersignedHours'], report.hostedByEnterprise);
  }

  @Get('enterprises/:enterpriseId')
  @Roles('enterprise', 'operator')
  @OperatorPersonalDataRead({ sharedWithOtherRoles: true })
  @ApiOperation({
    summary: "An enterprise's report: teachers hosted, hours, and each mentor's load (active, total, awaiting countersignature).",
    description:
      'format=csv returns one section as CSV: mentors (default) or teachers. Read by the enterprise, each hosted teacher is a disclosure-ledger entry (ADR 0041).',
  })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiQuery({ name: 'section', required: false, enum: ['mentors', 'teachers'] })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description: 'The report; with `format=csv` the rows of one section (`mentors` or `teachers`), a header row first.',
    content: { 'application/json': { schema: openApiSchemaOf(EnterpriseReportSchema) }, 'text/csv': { schema: { type: 'string' } } },
  })
  async enterprise(
    @CurrentPrincipal() principal: Principal,
    @Param('enterpriseId', ParseUuidParam) enterpriseId: string,
    @Query() query: unknown,
    @Res({ passthrough: true }) res: Response,
    @Req() req: Request,
  ): Promise<EnterpriseReport | string> {
    const options = parseInput(EnterpriseQuery, query, 'query');
    const report = await this.reports.enterprise(principal, enterpriseId, String(req.id));
    if (options.format === 'json' || options.section === 'teachers') {
      notePeopleRead(req, { teacherIds: report.teachers.map((t) => t.teacherId) });
    }
    if (options.format === 'json') return report;
    res.type('text/csv');
    return options.section === 'mentors'
      ? toCsv(['mentor', 'active', 'total', 'countersignedHours', 'logsAwaitingCountersignature'], report.mentors)
      : toCsv(['teacherId', 'schoolId', 'secondments', 'countersignedHours', 'statuses'], report.teachers);
  }
}
