import { Controller, Get, Param, ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminGuard } from '../partners/admin.guard';
import { ApiInvalidRequest, ApiProblem, OperatorAuth } from '../shared/api-docs';
import { disclosureView } from './disclosure.view';
import { DisclosureService } from './disclosure.service';

@ApiTags('disclosures')
@OperatorAuth()
@UseGuards(AdminGuard)
@Controller('v1/students/:studentId/disclosures')
export class DisclosuresController {
  constructor(private readonly disclosures: DisclosureService) {}

  @Get()
  @ApiOperation({ summary: 'The disclosure ledger of a student (operator): who received which fields, when, why; newest first.' })
  @ApiOkResponse({
    description: '{items: [{id, studentId, schoolId, recipient, fields, purpose, consentId, disclosedAt, correlationId, channel}]}',
  })
  @ApiInvalidRequest('`studentId` is not a UUID.')
  @ApiProblem(404, 'No student with this id.')
  async list(@Param('studentId', ParseUUIDPipe) studentId: string) {
    return { items: (await this.disclosures.listForStudent(studentId)).map(disclosureView) };
  }
}
