import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { openApiSchemaOf, ProblemException, ParseUuidParam } from '@app/base';
import { DirectoryReaders } from './directory-api-docs';
import { CurrentDirectoryReader, DirectoryReader } from './directory-readers';
import { AgreementCopyView, AgreementCopyViewSchema, agreementCopyView, listOf } from './directory-views';
import { PartnerDirectoryService } from './partner-directory.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const AgreementCopyListSchema = listOf(AgreementCopyViewSchema);

// The status history stays internal (the scorecard reads it): the API shows the agreement as it stands.
@ApiTags('agreements')
@DirectoryReaders(
  ['operator', 'school', 'enterprise'],
  "Only the operator and the agreements' schools and enterprises read agreements (not a teacher, mentor or reviewer key).",
)
@Controller('v1/agreements')
export class AgreementDirectoryController {
  constructor(private readonly directory: PartnerDirectoryService) {}

  @Get()
  @ApiOperation({
    summary: "This service's copy of the cooperation agreements, optionally of one school and/or enterprise.",
    description: 'The operator sees every agreement; a school or an enterprise only those it is party to.',
  })
  @ApiQuery({ name: 'schoolId', required: false })
  @ApiQuery({ name: 'enterpriseId', required: false })
  @ApiOkResponse({ description: 'The agreements that match.', schema: openApiSchemaOf(AgreementCopyListSchema) })
  @ApiBadRequestResponse({ description: '`schoolId` or `enterpriseId` is not a UUID; `errors` names it (problem+json).' })
  async list(
    @CurrentDirectoryReader() reader: DirectoryReader,
    @Query('schoolId') schoolId?: string,
    @Query('enterpriseId') enterpriseId?: string,
  ): Promise<z.output<typeof AgreementCopyListSchema>> {
    const errors = Object.entries({ schoolId, enterpriseId })
      .filter(([, value]) => value !== undefined && !UUID.test(value))
      .map(([field]) => ({ field, message: 'must be a UUID' }));
    if (errors.length) throw new ProblemException(400, 'invalid request', 'invalid filter', errors);
    return { items: (await this.directory.listAgreements(reader, { schoolId, enterpriseId })).map(agreementCopyView) };
  }

  @Get(':id')
  @ApiOperation({ summary: "One agreement from this service's copy." })
  @ApiOkResponse({ description: 'The agreement as it stands.', schema: openApiSchemaOf(AgreementCopyViewSchema) })
  @ApiBadRequestResponse({ description: '`id` is not a UUID (problem+json).' })
  @ApiNotFoundResponse({ description: 'No such agreement in this copy, or the caller is not party to it (problem+json).' })
  async get(@CurrentDirectoryReader() reader: DirectoryReader, @Param('id', ParseUuidParam) id: string): Promise<AgreementCopyView> {
    const agreement = await this.directory.agreement(reader, id);
    if (!agreement) throw new ProblemException(404, 'agreement not found');
    return agreementCopyView(agreement);
  }
}
