import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { AdminGuard } from './admin.guard';
import { RegisterEnterpriseDto } from './dto/register-enterprise.dto';
import { RegisterSchoolDto } from './dto/register-school.dto';
import { PartnersService } from './partners.service';

@ApiTags('partners')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('v1')
export class PartnersController {
  constructor(private readonly partners: PartnersService) {}

  @Post('schools')
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a school (operator). Returns its API key once.' })
  @ApiCreatedResponse({ description: 'The school, with `apiKey` for its outcome feed and subscriptions.' })
  registerSchool(@Body() dto: RegisterSchoolDto, @Req() req: Request) {
    return this.partners.registerSchool(dto, String(req.id));
  }

  @Get('schools/:id')
  async getSchool(@Param('id', ParseUUIDPipe) id: string) {
    const { _id, name, country, registeredAt } = await this.partners.getSchool(id);
    return { id: _id, name, country, registeredAt };
  }

  @Post('enterprises')
  @HttpCode(201)
  @ApiOperation({ summary: 'Register an enterprise (operator). Returns its API key and ERP signing secret (whsec_…) once.' })
  registerEnterprise(@Body() dto: RegisterEnterpriseDto, @Req() req: Request) {
    return this.partners.registerEnterprise(dto, String(req.id));
  }

  @Get('enterprises/:id')
  async getEnterprise(@Param('id', ParseUUIDPipe) id: string) {
    const { _id, name, country, industry, registeredAt } = await this.partners.getEnterprise(id);
    return { id: _id, name, country, industry, registeredAt };
  }
}
