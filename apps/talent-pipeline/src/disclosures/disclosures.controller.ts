import { Controller, Get, Param, ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminGuard } from '../partners/admin.guard';
import { disclosureView } from './disclosure.view';
import { DisclosureService } from './disclosure.service';

@ApiTags('disclosures')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('v1/students/:studentId/disclosures')
export class DisclosuresController {
  constructor(private readonly disclosures: DisclosureService) {}

  @Get()
  @ApiOperation({ summary: 'The disclosure ledger of a student (operator): who received which fields, when, why; newest first.' })
  async list(@Param('studentId', ParseUUIDPipe) studentId: string) {
    return { items: (await this.disclosures.listForStudent(studentId)).map(disclosureView) };
  }
}
