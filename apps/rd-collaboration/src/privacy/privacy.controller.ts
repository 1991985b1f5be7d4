import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { openApiSchemaOf } from '@app/base';
import { OperatorPersonalDataRead } from '@app/platform';
import { RdAuthGuard, Roles } from '../access/rd-auth.guard';
import { IdParam } from '../shared/id-param.pipe';
import { ApiInvalid, ApiNotFound, RdAuth } from '../shared/api-docs';
import { personOfLedger } from '../shared/operator-reads';
import { DisclosureLedger, DisclosureLedgerSchema, ErasureViewSchema } from './privacy.response';
import { PrivacyService } from './privacy.service';

@ApiTags('privacy')
@Controller('v1/privacy')
@UseGuards(RdAuthGuard)
@Roles()
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  @Get('disclosures/:personId')
  @RdAuth('the operator')
  @OperatorPersonalDataRead({ peopleIn: personOfLedger })
  @ApiInvalid('A path id is invalid, or the operator sent no valid `X-Operator-Id` / `X-Access-Reason`; `errors` names each.')
  @ApiOperation({
    summary: "This service's disclosure ledger of one person (operator): who received which personal fields, when, on what basis.",
    description:
      'Every entry is also published as privacy.disclosure.recorded.v1; the talent pipeline gathers the entries of all services into the person’s ledger. After an erasure the entries are kept under the pseudonym (ADR 0041).',
  })
  @ApiOkResponse({
    description: '{personId, items: [{disclosureId, personKind, schoolId, recipient, fields, basis, channel, purpose, disclosedAt}]}',
    schema: openApiSchemaOf(DisclosureLedgerSchema),
  })
  async disclosures(@Param('personId', IdParam) personId: string): Promise<DisclosureLedger> {
    return { personId, items: await this.privacy.disclosuresOf(personId) };
  }

  @Get('erasures/:requestId')
  @RdAuth('the operator')
  @ApiOperation({
    summary:
      'What this service did for one erasure request (operator): per store, the action, fields and record count, and when it confirmed.',
  })
  @ApiOkResponse({
    description: '{requestId, personIdSha256, actions, status, receivedAt, confirmation}',
    schema: openApiSchemaOf(ErasureViewSchema),
  })
  @ApiNotFound('No such erasure request reached this service')
  erasure(@Param('requestId', IdParam) requestId: string) {
    return this.privacy.erasure(requestId);
  }
}
