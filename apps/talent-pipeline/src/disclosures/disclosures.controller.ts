import { Controller, Get, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { actingOperatorId, openApiSchemaOf, ParseUuidParam } from '@app/base';
import { OperatorPersonalDataRead } from '@app/platform';
import { AdminGuard } from '../partners/admin.guard';
import { ApiInvalidRequest, ApiProblem, OperatorAuth } from '../shared/api-docs';
import { DisclosureList, DisclosureListSchema, LedgerExport, LedgerExportSchema } from './disclosure.response';
import { disclosureView } from './disclosure.view';
import { DisclosureService } from './disclosure.service';
import { LedgerExportQuery } from './dto/ledger-export.query';
import { ledgerExportAnswer } from './ledger-export';

@ApiTags('disclosures')
@OperatorAuth()
@UseGuards(AdminGuard)
@Controller('v1/students/:studentId/disclosures')
export class DisclosuresController {
  constructor(private readonly disclosures: DisclosureService) {}

  @Get()
  @OperatorPersonalDataRead()
  @ApiOperation({
    summary: "The talent pipeline's disclosure ledger of a student (operator): who received which fields, when, why; newest first.",
  })
  @ApiOkResponse({ description: 'The entries about the student, newest first.', schema: openApiSchemaOf(DisclosureListSchema) })
  @ApiInvalidRequest('`studentId` is not a UUID, or `X-Operator-Id` / `X-Access-Reason` is missing.')
  @ApiProblem(404, 'No student with this id.')
  async list(@Param('studentId', ParseUuidParam) studentId: string): Promise<DisclosureList> {
    return { items: (await this.disclosures.listForStudent(studentId)).map(disclosureView) };
  }

  @Get('export')
  @OperatorPersonalDataRead()
  @ApiOperation({
    summary:
      "A person's whole disclosure ledger across the three services, oldest first, as JSON or CSV (data subject access request; operator).",
    description:
      'Gathers the talent pipeline’s entries and those the secondment and R&D services announced on privacy.disclosure.v1. ' +
      'CSV with `?format=csv` or `Accept: text/csv`; columns: ' +
      'disclosedAt, service, recipientKind, recipientId, fields (;-separated), basis, consentId, agreementId, channel, purpose, route, disclosureId. ' +
      'The export itself is recorded (channel `export`, recipient the operator) and is the last entry.',
  })
  @ApiOkResponse({
    description: 'The ledger about the student, oldest first, or the same entries as CSV (`?format=csv` or `Accept: text/csv`).',
    content: { 'application/json': { schema: openApiSchemaOf(LedgerExportSchema) }, 'text/csv': { schema: { type: 'string' } } },
  })
  @ApiInvalidRequest('`studentId` is not a UUID, `format` is neither json nor csv, or an operator header is missing.')
  @ApiProblem(404, 'No student with this id and no ledger entry about it.')
  async export(
    @Param('studentId', ParseUuidParam) studentId: string,
    @Query() query: LedgerExportQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string | LedgerExport> {
    const entries = await this.disclosures.exportFor(studentId, { kind: 'operator', operatorId: actingOperatorId(req)! }, String(req.id));
    return ledgerExportAnswer(studentId, entries, query.format, req, res);
  }
}
