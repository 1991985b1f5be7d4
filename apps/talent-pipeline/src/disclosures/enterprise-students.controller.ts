import { Controller, Get, Param, ParseUUIDPipe, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { EnterpriseAuthGuard } from '../partners/enterprise-auth.guard';
import { DisclosureService } from './disclosure.service';

@ApiTags('disclosures')
@ApiBearerAuth()
@UseGuards(EnterpriseAuthGuard)
@Controller('v1/enterprises/:enterpriseId/students')
export class EnterpriseStudentsController {
  constructor(private readonly disclosures: DisclosureService) {}

  @Get(':studentId')
  @ApiOperation({
    summary:
      "A student's profile for the enterprise (enterprise API key), only with the student's consent 'data-sharing-with-enterprise' in force; each disclosure is recorded in the ledger first.",
  })
  @ApiOkResponse({ description: 'id, schoolId, givenName, familyName, programme, cohort, skills, availability (when present).' })
  @ApiForbiddenResponse({ description: 'No consent in force (problem+json, `title: consent missing`), or another enterprise’s key.' })
  studentProfile(
    @Param('enterpriseId', ParseUUIDPipe) enterpriseId: string,
    @Param('studentId', ParseUUIDPipe) studentId: string,
    @Req() req: Request,
  ) {
    return this.disclosures.studentProfileFor(enterpriseId, studentId, String(req.id));
  }
}
