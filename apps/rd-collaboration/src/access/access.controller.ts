import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiInvalid, ApiNotFound, RdAuth } from '../shared/api-docs';
import { IdParam } from '../shared/id-param.pipe';
import { IdSchema, boundedText } from '../shared/money';
import { ApiZodBody, ZodPipe } from '../shared/zod-body.pipe';
import { AccessService } from './access.service';
import { REVIEWER_ID } from './principal';
import { RdAuthGuard, Roles } from './rd-auth.guard';

const IssueKeySchema = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('school'), schoolId: IdSchema, label: boundedText(200) }),
  z.strictObject({ role: z.literal('enterprise'), enterpriseId: IdSchema, label: boundedText(200) }),
  z.strictObject({ role: z.literal('reviewer'), reviewerId: REVIEWER_ID, label: boundedText(200) }),
]);
type IssueKey = z.infer<typeof IssueKeySchema>;

@ApiTags('access')
@Controller('v1/access-keys')
@UseGuards(RdAuthGuard)
@Roles()
export class AccessController {
  constructor(private readonly access: AccessService) {}

  @Post()
  @HttpCode(201)
  @RdAuth('the operator')
  @ApiOperation({
    summary: 'Issue an access key for a school or enterprise (known from the partner registry copy) or a reviewer (operator).',
    description: 'The key is shown once; only its hash is kept. Send it as `Authorization: Bearer rdk_…`.',
  })
  @ApiZodBody(IssueKeySchema)
  @ApiCreatedResponse({ description: '{apiKey, keyId, role, …}: keep keyId to revoke the key later.' })
  @ApiInvalid()
  async issue(@Body(new ZodPipe(IssueKeySchema)) body: IssueKey) {
    const { label, ...principal } = body;
    return { ...(await this.access.issue(principal, label)), ...principal };
  }

  @Post(':keyId/revoke')
  @HttpCode(200)
  @RdAuth('the operator')
  @ApiOperation({ summary: 'Revoke an access key (operator); it authenticates nobody from then on (401).' })
  @ApiOkResponse({ description: '{keyId, role, …, revokedAt}' })
  @ApiNotFound('No access key with this keyId')
  revoke(@Param('keyId', IdParam) keyId: string) {
    return this.access.revoke(keyId);
  }
}
