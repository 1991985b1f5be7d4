import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { openApiSchemaOf, ParseUuidParam } from '@app/base';
import { SchoolAuthGuard } from '../partners/school-auth.guard';
import { ApiInvalidRequest, ApiProblem, SchoolAuth } from '../shared/api-docs';
import { ConsentList, ConsentListSchema, ConsentViewSchema } from './consent.response';
import { consentView } from './consent.view';
import { ConsentService } from './consent.service';
import { GrantConsentDto } from './dto/grant-consent.dto';

/** The same consent API for a school acting for its own students (school API key). */
@ApiTags('consent')
@SchoolAuth()
@UseGuards(SchoolAuthGuard)
@Controller('v1/schools/:schoolId/students/:studentId/consents')
export class SchoolConsentsController {
  constructor(private readonly consents: ConsentService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: "Record a consent for one of the school's students (school API key)." })
  @ApiCreatedResponse({
    description: 'The consent, with `inForce` (recordedBy `school:<id>`).',
    schema: openApiSchemaOf(ConsentViewSchema),
  })
  @ApiInvalidRequest('A field is invalid, the enterprise is unknown, or expiresAt is not in the future.')
  @ApiProblem(404, 'No student with this id at this school.')
  async grant(
    @Param('schoolId', ParseUuidParam) schoolId: string,
    @Param('studentId', ParseUuidParam) studentId: string,
    @Body() dto: GrantConsentDto,
  ) {
    return consentView(await this.consents.grant(studentId, dto, { kind: 'school', schoolId }));
  }

  @Post(':consentId/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: "Withdraw a consent of one of the school's students (school API key)." })
  @ApiOkResponse({ description: 'The consent with `withdrawnAt` and `inForce: false`.', schema: openApiSchemaOf(ConsentViewSchema) })
  @ApiInvalidRequest('A path id is not a UUID.')
  @ApiProblem(404, 'No such student at this school, or no such consent of this student.')
  async withdraw(
    @Param('schoolId', ParseUuidParam) schoolId: string,
    @Param('studentId', ParseUuidParam) studentId: string,
    @Param('consentId', ParseUuidParam) consentId: string,
  ) {
    return consentView(await this.consents.withdraw(studentId, consentId, { kind: 'school', schoolId }));
  }

  @Get()
  @ApiOperation({ summary: "One of the school's students' consents (school API key)." })
  @ApiOkResponse({ description: '{items: [consent]}', schema: openApiSchemaOf(ConsentListSchema) })
  @ApiInvalidRequest('A path id is not a UUID.')
  @ApiProblem(404, 'No student with this id at this school.')
  async list(
    @Param('schoolId', ParseUuidParam) schoolId: string,
    @Param('studentId', ParseUuidParam) studentId: string,
  ): Promise<ConsentList> {
    const now = new Date();
    return { items: (await this.consents.list(studentId, { kind: 'school', schoolId })).map((c) => consentView(c, now)) };
  }
}
