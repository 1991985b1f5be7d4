import { Body, Controller, Get, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { openApiSchemaOf, OperatorIssuesKey, ParseUuidParam } from '@app/base';
import { ApiInvalidRequest, ApiProblem, OperatorAuth } from '../shared/api-docs';
import { AdminGuard } from './admin.guard';
import { RegisterEnterpriseDto } from './dto/register-enterprise.dto';
import { RegisterSchoolDto } from './dto/register-school.dto';
import { EnterpriseViewSchema, RegisteredEnterpriseSchema, RegisteredSchoolSchema, SchoolViewSchema } from './partner.response';
import { enterpriseView, schoolView } from './partner.view';
import { PartnersService } from './partners.service';

@ApiTags('partners')
@OperatorAuth()
@UseGuards(AdminGuard)
@Controller('v1')
export class PartnersController {
  constructor(private readonly partners: PartnersService) {}

  @OperatorIssuesKey()
  @Post('schools')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Register a school (operator). Returns its API key once.',
    description: 'Publishes talent.school.registered.v1 on talent.partner.v1 (key = school id); the other services keep a copy.',
  })
  @ApiCreatedResponse({
    description: 'The school: id, name, country, registeredAt and `apiKey` (sk_school_…), shown only here.',
    schema: openApiSchemaOf(RegisteredSchoolSchema),
  })
  @ApiInvalidRequest()
  registerSchool(@Body() dto: RegisterSchoolDto, @Req() req: Request) {
    return this.partners.registerSchool(dto, String(req.id));
  }

  @Get('schools/:id')
  @ApiOperation({ summary: 'One registered school (operator), without its API key.' })
  @ApiOkResponse({
    description: 'id, name, country, registeredAt and `credentials` (issued, expiry, last use, revocation, overlap).',
    schema: openApiSchemaOf(SchoolViewSchema),
  })
  @ApiInvalidRequest('`id` is not a UUID.')
  @ApiProblem(404, 'No school with this id.')
  async getSchool(@Param('id', ParseUuidParam) id: string) {
    return schoolView(await this.partners.getSchool(id));
  }

  @OperatorIssuesKey()
  @Post('enterprises')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Register an enterprise (operator). Returns its API key and ERP signing secret (whsec_…) once.',
    description: 'Publishes talent.enterprise.registered.v1 on talent.partner.v1 (key = enterprise id), without the signing secret.',
  })
  @ApiCreatedResponse({
    description: 'The enterprise with `apiKey` (sk_enterprise_…) and `erpSigningSecret` (whsec_…), shown only here.',
    schema: openApiSchemaOf(RegisteredEnterpriseSchema),
  })
  @ApiInvalidRequest()
  registerEnterprise(@Body() dto: RegisterEnterpriseDto, @Req() req: Request) {
    return this.partners.registerEnterprise(dto, String(req.id));
  }

  @Get('enterprises/:id')
  @ApiOperation({ summary: 'One registered enterprise (operator), without its API key or signing secret.' })
  @ApiOkResponse({
    description: 'id, name, country, industry, registeredAt and `credentials` (API key and ERP secret state).',
    schema: openApiSchemaOf(EnterpriseViewSchema),
  })
  @ApiInvalidRequest('`id` is not a UUID.')
  @ApiProblem(404, 'No enterprise with this id.')
  async getEnterprise(@Param('id', ParseUuidParam) id: string) {
    return enterpriseView(await this.partners.getEnterprise(id));
  }
}
