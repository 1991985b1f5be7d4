import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ProblemException } from '@app/base';
import { PartnerCopyDocument } from './partner-copy.document';
import { PartnerDirectoryService } from './partner-directory.service';

const view = ({ _id, copiedAt: _copiedAt, fromEvent: _fromEvent, ...rest }: PartnerCopyDocument) => ({ id: _id, ...rest });

@ApiTags('partners')
@Controller('v1/partners')
export class PartnerDirectoryController {
  constructor(private readonly directory: PartnerDirectoryService) {}

  @Get()
  @ApiOperation({ summary: "This service's copy of the partner registry (schools and enterprises)." })
  @ApiQuery({ name: 'kind', required: false, enum: ['school', 'enterprise'] })
  async list(@Query('kind') kind?: string) {
    if (kind !== undefined && kind !== 'school' && kind !== 'enterprise') {
      throw new ProblemException(400, 'invalid request', 'unknown kind', [{ field: 'kind', message: 'must be school or enterprise' }]);
    }
    return { items: (await this.directory.listPartners(kind)).map(view) };
  }

  @Get(':id')
  async get(@Param('id', ParseUUIDPipe) id: string) {
    const partner = await this.directory.partner(id);
    if (!partner) throw new ProblemException(404, 'partner not found');
    return view(partner);
  }
}
