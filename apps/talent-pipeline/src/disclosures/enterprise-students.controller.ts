import { Controller, Get, Param, Req, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { openApiSchemaOf, ParseUuidParam } from '@app/base';
import { EnterpriseAuthGuard } from '../partners/enterprise-auth.guard';
import { ApiInvalidRequest, ApiProblem, EnterpriseAuth } from '../shared/api-docs';
import { StudentProfile, StudentProfileSchema } from './disclosure.response';
import { DisclosureService } from './disclosure.service';

@ApiTags('disclosures')
@EnterpriseAuth()
@UseGuards(EnterpriseAuthGuard)
@Controller('v1/enterprises/:enterpriseId/students')
export class EnterpriseStudentsController {
  constructor(private readonly disclosures: DisclosureService) {}

  @Get(':studentId')
  @ApiOperation({
    summary:
      "A student's profile for the enterprise (enterprise API key), only with the student's consent 'data-sharing-with-enterprise' in force; each disclosure is recorded in the ledger first.",
  })
  @ApiOkResponse({
    description: 'id, schoolId, givenName, familyName, programme, cohort, skills, availability (when present).',
    schema: openApiSchemaOf(StudentProfileSchema),
  })
  @ApiInvalidRequest('A path id is not a UUID.')
  @ApiProblem(403, 'No consent in force (`title: consent missing`, `purpose`), or another enterprise’s key.')
  @ApiProblem(404, 'Consent is in force but the student no longer exists, or its erasure has started.')
  studentProfile(
    @Param('enterpriseId', ParseUuidParam) enterpriseId: string,
    @Param('studentId', ParseUuidParam) studentId: string,
    @Req() req: Request,
  ): Promise<StudentProfile> {
    return this.disclosures.studentProfileFor(enterpriseId, studentId, String(req.id));
  }
}
