import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ProblemException } from '@app/base';
import { AgreementCopyDocument } from './agreement-copy.document';
import { PartnerDirectoryService } from './partner-directory.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The status history stays internal (the scorecard reads it): the API shows the agreement as it stands.
const view = ({ _id, copiedAt: _copiedAt, fromEvent: _fromEvent, statusHistory: _statusHistory, ...rest }: AgreementCopyDocument) => ({
  id: _id,
  ...rest,
});

@ApiTags('agreements')
@Controller('v1/agreements')
export class AgreementDirectoryController {
  constructor(private readonly directory: PartnerDirectoryService) {}

  @Get()
  @ApiOperation({ summary: "This service's copy of the cooperation agreements, optionally of one school and/or enterprise." })
  @ApiQuery({ name: 'schoolId', required: false })
  @ApiQuery({ name: 'enterpriseId', required: false })
  async list(@Query('schoolId') schoolId?: string, @Query('enterpriseId') enterpriseId?: string) {
    const errors = Object.entries({ schoolId, enterpriseId })
      .filter(([, value]) => value !== undefined && !UUID.test(value))
      .map(([field]) => ({ field, message: 'must be a UUID' }));
    if (errors.length) throw new ProblemException(400, 'invalid request', 'invalid filter', errors);
    return { items: (await this.directory.listAgreements({ schoolId, enterpriseId })).map(view) };
  }

  @Get(':id')
  @ApiOperation({ summary: "One agreement from this service's copy." })
  async get(@Param('id', ParseUUIDPipe) id: string) {
    const agreement = await this.directory.agreement(id);
    if (!agreement) throw new ProblemException(404, 'agreement not found');
    return view(agreement);
  }
}
