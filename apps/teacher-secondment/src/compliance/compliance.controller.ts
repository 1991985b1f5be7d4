import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { openApiSchemaOf, ParseUuidParam } from '@app/base';
import { idsIn, OperatorPersonalDataRead } from '@app/platform';
import { ApiProblems } from '../shared/api-docs';
import { AuthGuard, CurrentPrincipal, Roles } from '../access/auth.guard';
import { Principal } from '../access/principal';
import { complianceAsOf, openApiBodySchemaOf, parseInput, uuid } from '../shared/zod-input';
import {
  LapsingTeachers,
  LapsingTeachersSchema,
  RdHoursBackfill,
  RdHoursBackfillSchema,
  RuleSetList,
  RuleSetListSchema,
} from './compliance.response';
import { ComplianceService } from './compliance.service';
import { ComplianceAnswer } from './domain/compliance-engine';
import { ComplianceAnswerSchema } from './domain/compliance-answer.response';
import { RuleSet, RuleSetSchema } from './domain/rule-set';

const AsOfQuery = z.strictObject({ asOf: complianceAsOf.optional() });
const LapsingQuery = z.strictObject({ schoolId: uuid, withinDays: z.coerce.number().int().min(0).max(3660).default(90) });

@ApiTags('compliance')
@ApiProblems(400, 401, 403, 404)
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('v1')
export class ComplianceController {
  constructor(private readonly compliance: ComplianceService) {}

  @Get('teachers/:id/compliance')
  @Roles('school', 'teacher', 'operator')
  @OperatorPersonalDataRead({ sharedWithOtherRoles: true, teacherParam: 'id' })
  @ApiOperation({
    summary: 'Is the teacher compliant on a date (default today; any past or future date)?',
    description:
      'Credited practice in the rolling window and from which secondments and R&D projects, the rule set version in force on that date, the lapse date if nothing new is credited, and what is needed to stay compliant.',
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'YYYY-MM-DD, from 1900-01-01 to 2999-12-31' })
  @ApiOkResponse({ description: 'The compliance answer.', schema: openApiSchemaOf(ComplianceAnswerSchema) })
  async teacherCompliance(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUuidParam) id: string,
    @Query() query: unknown,
  ): Promise<ComplianceAnswer> {
    const { asOf } = parseInput(AsOfQuery, query, 'query');
    return this.compliance.forPrincipal(principal, id, asOf);
  }

  @Get('compliance/lapsing')
  @Roles('school', 'operator')
  @OperatorPersonalDataRead({ sharedWithOtherRoles: true, peopleIn: (answer) => ({ teacherIds: idsIn(answer, 'teacherId') }) })
  @ApiOperation({ summary: "A school's teachers who are not compliant or lapse within N days (default 90) if nothing new is credited." })
  @ApiQuery({ name: 'schoolId', required: true })
  @ApiQuery({ name: 'withinDays', required: false })
  @ApiOkResponse({ description: 'The teachers who need attention.', schema: openApiSchemaOf(LapsingTeachersSchema) })
  async lapsing(@CurrentPrincipal() principal: Principal, @Query() query: unknown): Promise<LapsingTeachers> {
    const { schoolId, withinDays } = parseInput(LapsingQuery, query, 'query');
    return this.compliance.lapsing(principal, schoolId, withinDays);
  }

  @Post('rd-hours/backfill')
  @HttpCode(200)
  @Roles('operator')
  @ApiOperation({
    summary: 'Credit R&D hours stranded before registration crediting existed (operator; idempotent).',
    description:
      'For every teacher id with stored R&D hours: a registered teacher gets the hours of their own school not yet credited (once per entryId) and a recompute; an unregistered id is marked so its registration credits them. Running it again credits nothing more. `npm run ops -- rd-hours-backfill`.',
  })
  @ApiOkResponse({ description: 'What the run did.', schema: openApiSchemaOf(RdHoursBackfillSchema) })
  async backfillRdHours(): Promise<RdHoursBackfill> {
    return this.compliance.backfillStrandedRdHours();
  }

  @Get('rule-sets')
  // The guard's default, named: every role but the mentor reads the rules (they are the same for every tenant).
  @Roles('operator', 'school', 'enterprise', 'teacher')
  @ApiOperation({ summary: 'Every version of every jurisdiction rule set (rules as data).' })
  @ApiOkResponse({ description: 'The rule sets.', schema: openApiSchemaOf(RuleSetListSchema) })
  async ruleSets(): Promise<RuleSetList> {
    return { items: await this.compliance.listRuleSets() };
  }

  @Post('rule-sets')
  @ApiProblems(409, 422)
  @HttpCode(201)
  @Roles('operator')
  @ApiOperation({
    summary: 'Publish a new rule set version (operator).',
    description:
      'A new version of a known jurisdiction takes effect today or later (422 otherwise) and must have a higher version (409). Every teacher is recomputed.',
  })
  @ApiBody({ schema: openApiBodySchemaOf(RuleSetSchema) })
  @ApiCreatedResponse({ description: 'The rule set as published.', schema: openApiSchemaOf(RuleSetSchema) })
  async publish(@Body() body: unknown): Promise<RuleSet> {
    return this.compliance.publishRuleSet(parseInput(RuleSetSchema, body));
  }
}
