import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { openApiSchemaOf, OperatorIssuesKey } from '@app/base';
import { ApiInvalid, ApiNotFound, RdAuth } from '../shared/api-docs';
import { IdParam } from '../shared/id-param.pipe';
import { IdSchema, boundedText } from '../shared/money';
import { ApiZodBody, ZodPipe } from '../shared/zod-body.pipe';
import { AccessKeyList, AccessKeyListSchema, IssuedKeySchema, RevokedKeySchema } from './access-key.response';
import { AccessService } from './access.service';
import { REVIEWER_ID } from './principal';
import { RdAuthGuard, Roles } from './rd-auth.guard';

const expiresInDays = z.number().int().min(1).max(3650).optional();
const IssueKeySchema = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('school'), schoolId: IdSchema, label: boundedText(200), expiresInDays }),
  z.strictObject({ role: z.literal('enterprise'), enterpriseId: IdSchema, label: boundedText(200), expiresInDays }),
  z.strictObject({ role: z.literal('reviewer'), reviewerId: REVIEWER_ID, label: boundedText(200), expiresInDays }),
]);
const KeysQuerySchema = z.strictObject({ holderId: z.string().min(1).max(100) });
type IssueKey = z.infer<typeof IssueKeySchema>;

@ApiTags('access')
@Controller('v1/access-keys')
@UseGuards(RdAuthGuard)
@Roles()
export class AccessController {
  constructor(private readonly access: AccessService) {}

  @OperatorIssuesKey()
  @Post()
  @HttpCode(201)
  @RdAuth('the operator')
  @ApiOperation({
    summary: 'Issue an access key for a school or enterprise (known from the partner registry copy) or a reviewer (operator).',
    description: 'The key is shown once; only its hash is kept. Send it as `Authorization: Bearer rdk_…`.',
  })
  @ApiZodBody(IssueKeySchema)
  @ApiCreatedResponse({
    description: '{apiKey, keyId, role, …}: keep keyId to revoke the key later.',
    schema: openApiSchemaOf(IssuedKeySchema),
  })
  @ApiInvalid()
  issue(@Body(new ZodPipe(IssueKeySchema)) body: IssueKey) {
    const { label, expiresInDays: days, ...principal } = body;
    return this.access.issue(principal, label, days);
  }

  @Get()
  @RdAuth('the operator')
  @ApiOperation({
    summary: "A school's, an enterprise's or a reviewer's keys with their creation, expiry, last use and revocation times (operator).",
  })
  @ApiQuery({ name: 'holderId', required: true, description: 'The school id, enterprise id or reviewer id.' })
  @ApiOkResponse({
    description: '{items: [{keyId, role, …, label, createdAt, expiresAt?, lastUsedAt?, revokedAt?}]}',
    schema: openApiSchemaOf(AccessKeyListSchema),
  })
  @ApiInvalid()
  async list(@Query(new ZodPipe(KeysQuerySchema)) query: z.infer<typeof KeysQuerySchema>): Promise<AccessKeyList> {
    return { items: await this.access.keysOf(query.holderId) };
  }

  @Post(':keyId/revoke')
  @HttpCode(200)
  @RdAuth('the operator')
  @ApiOperation({ summary: 'Revoke an access key (operator); it authenticates nobody from then on (401).' })
  @ApiOkResponse({ description: '{keyId, role, …, revokedAt}', schema: openApiSchemaOf(RevokedKeySchema) })
  @ApiNotFound('No access key with this keyId')
  revoke(@Param('keyId', IdParam) keyId: string) {
    return this.access.revoke(keyId);
  }
}
