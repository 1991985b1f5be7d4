import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemException } from '@app/base';
import { OperatorPersonalDataRead } from '@app/platform';
import { AuthGuard, Roles } from '../access/auth.guard';
import { ApiProblems } from '../shared/api-docs';
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
  @ApiOkResponse({
    description: '{personId, items: [{disclosureId, personKind, schoolId, recipient, fields, basis, channel, purpose, disclosedAt}]}',
  })
  async disclosures(@Param('personId') personId: string) {
    const id = pathId(personId, 'personId');
    return { personId: id, items: await this.privacy.disclosuresOf(id) };
  }

  @Get('erasures/:requestId')
  @ApiProblems(404)
  @ApiOperation({ summary: 'What this service answered to one erasure request (operator): each store checked, and when it confirmed.' })
  @ApiOkResponse({ description: '{requestId, personIdSha256, actions, status, receivedAt, confirmation}' })
  erasure(@Param('requestId') requestId: string) {
    return this.privacy.erasure(pathId(requestId, 'requestId'));
  }
}
