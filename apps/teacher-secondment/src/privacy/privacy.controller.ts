import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { openApiSchemaOf, ProblemException } from '@app/base';
import { OperatorPersonalDataRead } from '@app/platform';
import { AuthGuard, Roles } from '../access/auth.guard';
import { ApiProblems } from '../shared/api-docs';
import { Disclosures, DisclosuresSchema, ErasureProof, ErasureProofSchema } from './privacy.response';
import { PrivacyService } from './privacy.service';

/** Person and request ids come from other services (not always UUIDs): bounded to a plain charset. */
function pathId(value: string, field: string): string {
  if (/^[A-Za-z0-9._:-]{1,100}$/.test(value)) return value;
  throw new ProblemException(400, 'invalid request', `invalid ${field}`, [
    { field: `path.${field}`, message: 'must be 1-100 characters of A-Z a-z 0-9 . _ : -' },
  ]);
}

@ApiTags('privacy')
@ApiProblems(400, 401, 403)
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Roles('operator')
@Controller('v1/privacy')
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  @Get('disclosures/:personId')
  // This service's people are teachers: the ledger's person is one.
  @OperatorPersonalDataRead({ teacherParam: 'personId' })
  @ApiOperation({
    summary:
      "This service's disclosure ledger of one person (operator): which of a teacher's records each host enterprise received, when, on what basis.",
    description: 'Every entry is also published as privacy.disclosure.recorded.v1 for the talent pipeline’s gathered ledger (ADR 0041).',
  })
  @ApiOkResponse({ description: 'The ledger entries of the person.', schema: openApiSchemaOf(DisclosuresSchema) })
  disclosures(@Param('personId') personId: string): Promise<Disclosures> {
    return this.privacy.disclosuresOf(pathId(personId, 'personId'));
  }

  @Get('erasures/:requestId')
  @ApiProblems(404)
  @ApiOperation({ summary: 'What this service answered to one erasure request (operator): each store checked, and when it confirmed.' })
  @ApiOkResponse({ description: 'The erasure proof.', schema: openApiSchemaOf(ErasureProofSchema) })
  erasure(@Param('requestId') requestId: string): Promise<ErasureProof> {
    return this.privacy.erasure(pathId(requestId, 'requestId'));
  }
}
