import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { openApiSchemaOf, OperatorIssuesKey } from '@app/base';
import { ApiProblems } from '../shared/api-docs';
import { openApiBodySchemaOf, parseInput, uuid } from '../shared/zod-input';
import {
  AccessKey,
  AccessKeyList,
  AccessKeyListSchema,
  AccessKeySchema,
  IssuedPartnerKey,
  IssuedPartnerKeySchema,
} from './access-key.response';
import { AccessService } from './access.service';
import { AuthGuard, Roles } from './auth.guard';

const IssuePartnerKeySchema = z.strictObject({
  role: z.enum(['school', 'enterprise']),
  partnerId: uuid,
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
const RevokeKeySchema = z.strictObject({ reason: z.string().min(1).max(500) });
const KeysQuerySchema = z.strictObject({ partnerId: uuid });
const KeyIdSchema = z.strictObject({ keyId: uuid });

@ApiTags('access')
@ApiProblems(400, 401, 403, 404)
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Roles('operator')
@Controller('v1/access/keys')
export class AccessController {
  constructor(private readonly access: AccessService) {}

  @OperatorIssuesKey()
  @Post()
  @ApiProblems(422)
  @HttpCode(201)
  @ApiOperation({
    summary: 'Issue an API key of this service to a school or an enterprise (operator).',
    description:
      "The partner must be in this service's copy of the partner registry. The key is shown once; only its hash is stored. " +
      'Keep `keyId` to list or revoke it; `expiresInDays` makes it stop working by itself.',
  })
  @ApiBody({ schema: openApiBodySchemaOf(IssuePartnerKeySchema) })
  @ApiCreatedResponse({ description: 'The key, shown once, with whom it is for.', schema: openApiSchemaOf(IssuedPartnerKeySchema) })
  async issue(@Body() body: unknown): Promise<IssuedPartnerKey> {
    const input = parseInput(IssuePartnerKeySchema, body);
    return { ...input, ...(await this.access.issuePartnerKey(input.role, input.partnerId, input.expiresInDays)) };
  }

  @Get()
  @ApiOperation({
    summary:
      "A school's keys (its own and its teachers') or an enterprise's, with issue, expiry, last use and revocation times (operator).",
  })
  @ApiQuery({ name: 'partnerId', required: true })
  @ApiOkResponse({ description: 'The keys, without the keys themselves.', schema: openApiSchemaOf(AccessKeyListSchema) })
  async list(@Query() query: unknown): Promise<AccessKeyList> {
    const { partnerId } = parseInput(KeysQuerySchema, query, 'query');
    return { items: await this.access.keysOf(partnerId) };
  }

  @Post(':keyId/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke an API key of this service (operator); it authenticates nobody from then on (401).' })
  @ApiParam({ name: 'keyId' })
  @ApiBody({ schema: openApiBodySchemaOf(RevokeKeySchema) })
  @ApiOkResponse({
    description: 'The key, with `revokedAt` and `revokeReason` (a second revoke keeps the first).',
    schema: openApiSchemaOf(AccessKeySchema),
  })
  async revoke(@Param() params: unknown, @Body() body: unknown): Promise<AccessKey> {
    const { keyId } = parseInput(KeyIdSchema, params);
    const { reason } = parseInput(RevokeKeySchema, body);
    return this.access.revoke(keyId, reason);
  }
}
