import { Controller, Get, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { openApiSchemaOf, ParseUuidParam } from '@app/base';
import { SchoolAuthGuard } from '../partners/school-auth.guard';
import { ApiInvalidRequest, ApiProblem, SchoolAuth } from '../shared/api-docs';
import { LedgerExport, LedgerExportSchema } from './disclosure.response';
import { DisclosureService } from './disclosure.service';
import { LedgerExportQuery } from './dto/ledger-export.query';
import { ledgerExportAnswer } from './ledger-export';

/** A school answers its own students' data subject access requests (school API key). */
@ApiTags('disclosures')
@SchoolAuth()
@UseGuards(SchoolAuthGuard)
@Controller('v1/schools/:schoolId/students/:studentId/disclosures')
export class SchoolDisclosuresController {
  constructor(private readonly disclosures: DisclosureService) {}

  @Get('export')
  @ApiOperation({
    summary: "One of the school's students' whole disclosure ledger across the three services, as JSON or CSV (school API key).",
    description:
      'The same export as the operator’s: oldest first, CSV with `?format=csv` or `Accept: text/csv`. The export is recorded ' +
      '(channel `export`, recipient the school, basis `own-school`) and is the last entry.',
  })
  @ApiOkResponse({
    description: 'The ledger about the student, oldest first, or the same entries as CSV (`?format=csv` or `Accept: text/csv`).',
    content: { 'application/json': { schema: openApiSchemaOf(LedgerExportSchema) }, 'text/csv': { schema: { type: 'string' } } },
  })
  @ApiInvalidRequest('A path id is not a UUID, or `format` is neither json nor csv.')
  @ApiProblem(404, 'No student with this id at this school.')
  async export(
    @Param('schoolId', ParseUuidParam) schoolId: string,
    @Param('studentId', ParseUuidParam) studentId: string,
    @Query() query: LedgerExportQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string | LedgerExport> {
    const entries = await this.disclosures.exportFor(studentId, { kind: 'school', schoolId }, String(req.id));
    return ledgerExportAnswer(studentId, entries, query.format, req, res);
  }
}
