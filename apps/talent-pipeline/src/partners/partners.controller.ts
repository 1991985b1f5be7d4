import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { ApiInvalidRequest, ApiProblem, OperatorAuth } from '../shared/api-docs';
import { AdminGuard } from './admin.guard';
import { RegisterEnterpriseDto } from './dto/register-enterprise.dto';
import { RegisterSchoolDto } from './dto/register-school.dto';
import { PartnerCredentials } from './partner.documents';
import { PartnersService } from './partners.service';

/** What an operator may see of a partner's credentials: times, never keys or hashes. */
function credentialsView(p: PartnerCredentials) {
  const now = new Date();
  return {
    apiKeyIssuedAt: p.apiKeyIssuedAt,
    apiKeyExpiresAt: p.apiKeyExpiresAt,
    apiKeyLastUsedAt: p.apiKeyLastUsedAt,
    apiKeyRevokedAt: p.apiKeyRevokedAt,
    previousApiKeyValidUntil: p.previousApiKey && p.previousApiKey.expiresAt > now ? p.previousApiKey.expiresAt : undefined,
  };
}

@ApiTags('partners')
@OperatorAuth()
@UseGuards(AdminGuard)
@Controller('v1')
export class PartnersController {
  constructor(private readonly partners: PartnersService) {}

  @Post('schools')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Register a school (operator). Returns its API key once.',
    description: 'Publishes talent.school.registered.v1 on talent.partner.v1 (key = school id); the other services keep a copy.',
  })
  @ApiCreatedResponse({ description: 'The school: id, name, country, registeredAt and `apiKey` (sk_school_…), shown only here.' })
  @ApiInvalidRequest()
  registerSchool(@Body() dto: RegisterSchoolDto, @Req() req: Request) {
    return this.partners.registerSchool(dto, String(req.id));
  }

  @Get('schools/:id')
  @ApiOperation({ summary: 'One registered school (operator), without its API key.' })
  @ApiOkResponse({ description: 'id, name, country, registeredAt and `credentials` (issued, expiry, last use, revocation, overlap).' })
  @ApiInvalidRequest('`id` is not a UUID.')
  @ApiProblem(404, 'No school with this id.')
  async getSchool(@Param('id', ParseUUIDPipe) id: string) {
    const school = await this.partners.getSchool(id);
    const { _id, name, country, registeredAt } = school;
    return { id: _id, name, country, registeredAt, credentials: credentialsView(school) };
  }

  @Post('enterprises')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Register an enterprise (operator). Returns its API key and ERP signing secret (whsec_…) once.',
    description: 'Publishes talent.enterprise.registered.v1 on talent.partner.v1 (key = enterprise id), without the signing secret.',
  })
  @ApiCreatedResponse({
    description: 'The enterprise with `apiKey` (sk_enterprise_…) and `erpSigningSecret` (whsec_…), shown only here.',
  })
  @ApiInvalidRequest()
  registerEnterprise(@Body() dto: RegisterEnterpriseDto, @Req() req: Request) {
    return this.partners.registerEnterprise(dto, String(req.id));
  }

  @Get('enterprises/:id')
  @ApiOperation({ summary: 'One registered enterprise (operator), without its API key or signing secret.' })
  @ApiOkResponse({ description: 'id, name, country, industry, registeredAt and `credentials` (API key and ERP secret state).' })
  @ApiInvalidRequest('`id` is not a UUID.')
  @ApiProblem(404, 'No enterprise with this id.')
  async getEnterprise(@Param('id', ParseUUIDPipe) id: string) {
    const enterprise = await this.partners.getEnterprise(id);
    const { _id, name, country, industry, registeredAt } = enterprise;
    const now = new Date();
    const previousSecret = enterprise.previousErpSigningSecret;
    return {
      id: _id,
      name,
      country,
      industry,
      registeredAt,
      credentials: {
        ...credentialsView(enterprise),
        erpSigningSecretRotatedAt: enterprise.erpSigningSecretRotatedAt,
        previousErpSigningSecretValidUntil: previousSecret && previousSecret.expiresAt > now ? previousSecret.expiresAt : undefined,
      },
    };
  }
}
