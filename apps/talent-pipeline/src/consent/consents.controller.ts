import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { openApiSchemaOf, OperatorPersonalDataWrite, ParseUuidParam } from '@app/base';
import { OperatorPersonalDataRead } from '@app/platform';
import { AdminGuard } from '../partners/admin.guard';
import { ApiInvalidRequest, ApiProblem, OperatorAuth } from '../shared/api-docs';
import { ConsentList, ConsentListSchema, ConsentViewSchema } from './consent.response';
import { consentView } from './consent.view';
import { ConsentService } from './consent.service';
import { GrantConsentDto } from './dto/grant-consent.dto';

const OPERATOR = { kind: 'operator' } as const;

@ApiTags('consent')
@OperatorAuth()
@UseGuards(AdminGuard)
@Controller('v1/students/:studentId/consents')
export class ConsentsController {
  constructor(private readonly consents: ConsentService) {}

  @Post()
  @OperatorPersonalDataWrite()
  @HttpCode(201)
  @ApiOperation({ summary: "Record a student's (or guardian's) consent for one enterprise and one purpose (operator)." })
  @ApiCreatedResponse({ description: 'The consent, with `inForce`.', schema: openApiSchemaOf(ConsentViewSchema) })
  @ApiInvalidRequest('A field is invalid, the enterprise is unknown, or expiresAt is not in the future.')
  @ApiProblem(404, 'No student with this id.')
  async grant(@Param('studentId', ParseUuidParam) studentId: string, @Body() dto: GrantConsentDto) {
    return consentView(await this.consents.grant(studentId, dto, OPERATOR));
  }

  @Post(':consentId/withdraw')
  @OperatorPersonalDataWrite()
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw a consent; it stays on record with `withdrawnAt`. Repeating it changes nothing (operator).' })
  @ApiOkResponse({ description: 'The consent with `withdrawnAt` and `inForce: false`.', schema: openApiSchemaOf(ConsentViewSchema) })
  @ApiInvalidRequest('A path id is not a UUID.')
  @ApiProblem(404, 'No such student, or no such consent of this student.')
  async withdraw(@Param('studentId', ParseUuidParam) studentId: string, @Param('consentId', ParseUuidParam) consentId: string) {
    return consentView(await this.consents.withdraw(studentId, consentId, OPERATOR));
  }

  @Get()
  @OperatorPersonalDataRead()
  @ApiOperation({
    summary:
      "A student's consents, granted and withdrawn, oldest first, each with `inForce` (operator; logged in the operator access log).",
  })
  @ApiOkResponse({ description: '{items: [consent]}', schema: openApiSchemaOf(ConsentListSchema) })
  @ApiInvalidRequest('`studentId` is not a UUID, or `X-Operator-Id` / `X-Access-Reason` is missing.')
  @ApiProblem(404, 'No student with this id.')
  async list(@Param('studentId', ParseUuidParam) studentId: string): Promise<ConsentList> {
    const now = new Date();
    return { items: (await this.consents.list(studentId, OPERATOR)).map((c) => consentView(c, now)) };
  }
}
