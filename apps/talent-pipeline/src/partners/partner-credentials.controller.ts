import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { actingOperatorId, openApiSchemaOf, OperatorIssuesKey, ParseUuidParam } from '@app/base';
import { ApiInvalidRequest, ApiProblem, OperatorAuth } from '../shared/api-docs';
import { AdminGuard } from './admin.guard';
import { CredentialAuditQuery, RevokeCredentialDto, RotateCredentialDto } from './dto/credential-change.dto';
import { ApiKeyRevocationSchema, ApiKeyRotationSchema, CredentialAuditPageSchema, ErpSecretRotationSchema } from './partner.response';
import { credentialAuditView } from './partner.view';
import { CredentialActor, PartnerKind, PartnersService } from './partners.service';

const KINDS: Record<string, PartnerKind> = { schools: 'school', enterprises: 'enterprise' };

/**
 * The longest operator id (ADR 0073): a key's id is never cut, so the audit cannot name another
 * operator whose id is its prefix; only a longer id stated with the shared token is bounded.
 */
const OPERATOR_ID_MAX_LENGTH = 200;

function actorOf(req: Request): CredentialActor {
  const operatorId = actingOperatorId(req);
  return { actor: operatorId ? operatorId.slice(0, OPERATOR_ID_MAX_LENGTH) : 'operator', correlationId: String(req.id) };
}

/** Operators rotate, expire and revoke partners' API keys and ERP signing secrets; every change is audited. */
@ApiTags('partners')
@OperatorAuth()
@UseGuards(AdminGuard)
@ApiHeader({
  name: 'x-operator-id',
  required: false,
  description:
    'Who acts with the shared token, recorded in the credential audit log. An operator key records its own id (a header naming another is 403).',
})
@Controller('v1')
export class PartnerCredentialsController {
  constructor(private readonly partners: PartnersService) {}

  @OperatorIssuesKey()
  @Post('schools/:id/api-key/rotations')
  @HttpCode(201)
  @ApiOperation({
    summary: "Rotate a school's API key (operator). Returns the new key once; the old one stays valid for `overlapSeconds`.",
  })
  @ApiCreatedResponse({
    description: '{apiKey, issuedAt, expiresAt?, previousKeyValidUntil?}',
    schema: openApiSchemaOf(ApiKeyRotationSchema),
  })
  @ApiInvalidRequest()
  @ApiProblem(404, 'No school with this id.')
  @ApiProblem(409, 'The key kept changing (revocations or rotations at the same moment); nothing was changed by this call.')
  rotateSchoolKey(@Param('id', ParseUuidParam) id: string, @Body() dto: RotateCredentialDto, @Req() req: Request) {
    return this.partners.rotateApiKey(KINDS.schools, id, dto, actorOf(req));
  }

  @OperatorIssuesKey()
  @Post('enterprises/:id/api-key/rotations')
  @HttpCode(201)
  @ApiOperation({
    summary: "Rotate an enterprise's API key (operator). Returns the new key once; the old one stays valid for `overlapSeconds`.",
  })
  @ApiCreatedResponse({
    description: '{apiKey, issuedAt, expiresAt?, previousKeyValidUntil?}',
    schema: openApiSchemaOf(ApiKeyRotationSchema),
  })
  @ApiInvalidRequest()
  @ApiProblem(404, 'No enterprise with this id.')
  @ApiProblem(409, 'The key kept changing (revocations or rotations at the same moment); nothing was changed by this call.')
  rotateEnterpriseKey(@Param('id', ParseUuidParam) id: string, @Body() dto: RotateCredentialDto, @Req() req: Request) {
    return this.partners.rotateApiKey(KINDS.enterprises, id, dto, actorOf(req));
  }

  @Post('schools/:id/api-key/revocation')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke every API key of a school at once (operator); a rotation issues a new one.' })
  @ApiOkResponse({ description: '{revokedAt}', schema: openApiSchemaOf(ApiKeyRevocationSchema) })
  @ApiInvalidRequest()
  @ApiProblem(404, 'No school with this id.')
  revokeSchoolKey(@Param('id', ParseUuidParam) id: string, @Body() dto: RevokeCredentialDto, @Req() req: Request) {
    return this.partners.revokeApiKey(KINDS.schools, id, dto, actorOf(req));
  }

  @Post('enterprises/:id/api-key/revocation')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke every API key of an enterprise at once (operator); a rotation issues a new one.' })
  @ApiOkResponse({ description: '{revokedAt}', schema: openApiSchemaOf(ApiKeyRevocationSchema) })
  @ApiInvalidRequest()
  @ApiProblem(404, 'No enterprise with this id.')
  revokeEnterpriseKey(@Param('id', ParseUuidParam) id: string, @Body() dto: RevokeCredentialDto, @Req() req: Request) {
    return this.partners.revokeApiKey(KINDS.enterprises, id, dto, actorOf(req));
  }

  @Post('enterprises/:id/erp-signing-secret/rotations')
  @HttpCode(201)
  @ApiOperation({
    summary:
      "Rotate an enterprise's ERP signing secret (operator). Returns it once; events signed with the old one verify for `overlapSeconds`.",
  })
  @ApiCreatedResponse({
    description: '{erpSigningSecret, rotatedAt, previousSecretValidUntil?}',
    schema: openApiSchemaOf(ErpSecretRotationSchema),
  })
  @ApiInvalidRequest()
  @ApiProblem(404, 'No enterprise with this id.')
  rotateErpSecret(@Param('id', ParseUuidParam) id: string, @Body() dto: RotateCredentialDto, @Req() req: Request) {
    return this.partners.rotateErpSigningSecret(id, dto, actorOf(req));
  }

  @Get('operator/credential-audit')
  @ApiOperation({ summary: 'Credential changes (rotations, revocations), newest first (operator). Never the credentials themselves.' })
  @ApiOkResponse({
    description: '{items: [{id, at, action, partner, actor, reason?, previousValidUntil?, correlationId}]}',
    schema: openApiSchemaOf(CredentialAuditPageSchema),
  })
  @ApiInvalidRequest()
  async audit(@Query() query: CredentialAuditQuery) {
    return credentialAuditView(await this.partners.credentialAudit(query));
  }
}
