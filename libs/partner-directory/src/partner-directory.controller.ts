import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { openApiSchemaOf, ProblemException, ParseUuidParam } from '@app/base';
import { DirectoryReaders } from './directory-api-docs';
import { listOf, PartnerCopyView, PartnerCopyViewSchema, partnerCopyView } from './directory-views';
import { PartnerDirectoryService } from './partner-directory.service';

const PartnerCopyListSchema = listOf(PartnerCopyViewSchema);

@ApiTags('partners')
@DirectoryReaders(['*'])
@Controller('v1/partners')
export class PartnerDirectoryController {
  constructor(private readonly directory: PartnerDirectoryService) {}

  @Get()
  @ApiOperation({ summary: "This service's copy of the partner registry (schools and enterprises)." })
  @ApiQuery({ name: 'kind', required: false, enum: ['school', 'enterprise'] })
  @ApiOkResponse({
    description: 'The partners, oldest registration first (at most 1,000).',
    schema: openApiSchemaOf(PartnerCopyListSchema),
  })
  @ApiBadRequestResponse({ description: '`kind` is neither `school` nor `enterprise` (problem+json).' })
  async list(@Query('kind') kind?: string): Promise<z.output<typeof PartnerCopyListSchema>> {
    if (kind !== undefined && kind !== 'school' && kind !== 'enterprise') {
      throw new ProblemException(400, 'invalid request', 'unknown kind', [{ field: 'kind', message: 'must be school or enterprise' }]);
    }
    return { items: (await this.directory.listPartners(kind)).map(partnerCopyView) };
  }

  @Get(':id')
  @ApiOperation({ summary: "One partner from this service's copy of the registry." })
  @ApiOkResponse({ description: 'The partner.', schema: openApiSchemaOf(PartnerCopyViewSchema) })
  @ApiBadRequestResponse({ description: '`id` is not a UUID (problem+json).' })
  @ApiNotFoundResponse({ description: 'No such partner in this copy (problem+json).' })
  async get(@Param('id', ParseUuidParam) id: string): Promise<PartnerCopyView> {
    const partner = await this.directory.partner(id);
    if (!partner) throw new ProblemException(404, 'partner not found');
    return partnerCopyView(partner);
  }
}
