import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Put, Query, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { Request, Response } from 'express';
import { z } from 'zod';
import { ApiIfMatch, ETAG_RESPONSE_HEADER, openApiSchemaOf, OperatorPersonalDataWrite, OperatorIssuesKey, ParseUuidParam } from '@app/base';
import { idsIn, OperatorPersonalDataRead } from '@app/platform';
import { ApiProblems } from '../shared/api-docs';
import { AuthGuard, CurrentPrincipal, Roles } from '../access/auth.guard';
import { Principal } from '../access/principal';
import { boundedText, calendarDate, openApiBodySchemaOf, parseInput, uuid } from '../shared/zod-input';
import { TeacherKey, TeacherKeySchema, TeacherList, TeacherListSchema, TeacherView, TeacherViewSchema } from './teacher.response';
import { Disclosures, DisclosuresSchema } from '../privacy/privacy.response';
import { teacherAnswer, teacherView } from './teacher.view';
import { TeachersService } from './teachers.service';

/** A hire date the compliance engine can count from (a far-future one made every answer of the school fail). */
const HIRE_DATE = calendarDate.refine((date) => date >= '1900-01-01' && date <= '2999-12-31', 'must be between 1900-01-01 and 2999-12-31');

const RegisterTeacherSchema = z.strictObject({
  /** Optional: the id other services already use for the teacher (R&D hours logged before registration are then credited). */
  id: uuid.optional(),
  schoolId: uuid.optional(),
  displayName: boundedText(200),
  subject: boundedText(200),
  professionalCourse: z.boolean(),
  hireDate: HIRE_DATE,
  priorEnterpriseExperienceMonths: z.number().int().min(0).max(600),
});
/**
 * A JSON merge patch (RFC 7396) of a teacher's profile: a field present replaces the stored one.
 * None of them may be removed, and the school and jurisdiction stay: the rule set, the
 * secondments and the credential's issuer follow from them.
 */
const UpdateTeacherSchema = z
  .strictObject({
    displayName: boundedText(200).optional(),
    subject: boundedText(200).optional(),
    professionalCourse: z.boolean().optional(),
    hireDate: HIRE_DATE.optional(),
    priorEnterpriseExperienceMonths: z.number().int().min(0).max(600).optional(),
    schoolId: z.never("a teacher's school cannot be changed").optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'name at least one field to change');
const ListQuery = z.strictObject({ schoolId: uuid.optional() });
const HostObjectionSchema = z.strictObject({
  /** Why, in the teacher's words: kept with the objection, shown to the teacher, their school and operators only. */
  reason: boundedText(500).optional(),
});

@ApiTags('teachers')
@ApiProblems(400, 401, 403, 404)
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('v1/teachers')
export class TeachersController {
  constructor(private readonly teachers: TeachersService) {}

  @Post()
  @OperatorPersonalDataWrite()
  @ApiProblems(409, 422)
  @HttpCode(201)
  @Roles('school', 'operator')
  @ApiOperation({
    summary:
      'Register a teacher of a partner school (school staff for their own school, or the operator with schoolId); optionally under the id other services already use for them.',
  })
  @ApiBody({ schema: openApiBodySchemaOf(RegisterTeacherSchema) })
  @ApiCreatedResponse({ description: 'The teacher.', schema: openApiSchemaOf(TeacherViewSchema), headers: ETAG_RESPONSE_HEADER })
  async register(
    @CurrentPrincipal() principal: Principal,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TeacherView> {
    return teacherAnswer(res, await this.teachers.register(principal, parseInput(RegisterTeacherSchema, body)));
  }

  @Get()
  @Roles('school', 'operator')
  @OperatorPersonalDataRead({ sharedWithOtherRoles: true, peopleIn: (answer) => ({ teacherIds: idsIn(answer, 'id') }) })
  @ApiOperation({ summary: "A school's teachers (school staff: their own; operator: any school, or all)." })
  @ApiQuery({ name: 'schoolId', required: false })
  @ApiOkResponse({ description: 'The teachers.', schema: openApiSchemaOf(TeacherListSchema) })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: unknown): Promise<TeacherList> {
    const { schoolId } = parseInput(ListQuery, query, 'query');
    return { items: (await this.teachers.list(principal, schoolId)).map(teacherView) };
  }

  @Get(':id')
  @Roles('school', 'teacher', 'operator')
  @OperatorPersonalDataRead({ sharedWithOtherRoles: true, teacherParam: 'id' })
  @ApiOperation({ summary: 'One teacher with their last published compliance answer (another tenant: 404).' })
  @ApiOkResponse({ description: 'The teacher.', schema: openApiSchemaOf(TeacherViewSchema), headers: ETAG_RESPONSE_HEADER })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUuidParam) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TeacherView> {
    return teacherAnswer(res, await this.teachers.get(principal, id));
  }

  @Patch(':id')
  @OperatorPersonalDataWrite()
  // It answers with the whole record, as GET does: an operator's call is logged in the access log.
  @OperatorPersonalDataRead({ sharedWithOtherRoles: true, teacherParam: 'id' })
  @Roles('school', 'operator')
  @ApiOperation({
    summary: "Change a teacher's profile (school staff: their own teachers; operator: any; another tenant: 404).",
    description:
      'A JSON merge patch (RFC 7396; `application/merge-patch+json` or `application/json`) of `displayName`, `subject`, ' +
      '`professionalCourse`, `hireDate` and `priorEnterpriseExperienceMonths`: a field present replaces the stored one. The teacher ' +
      'is judged again right after the answer (which still shows the compliance from before): a changed compliance answer is published as `teacher.compliance.changed.v1`, the credential follows ' +
      'the new answer, and a new `displayName` has the credential in force issued again under it (the old one revoked as superseded). ' +
      'The school cannot be changed. The ETag counts every change of the teacher record, the service’s own included (a ' +
      'recompute, a booking, credited hours): with If-Match the patch applies only if none happened since the read.',
  })
  @ApiBody({ schema: openApiBodySchemaOf(UpdateTeacherSchema) })
  @ApiOkResponse({
    description: 'The teacher after the change.',
    schema: openApiSchemaOf(TeacherViewSchema),
    headers: ETAG_RESPONSE_HEADER,
  })
  @ApiIfMatch('teacher')
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUuidParam) id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TeacherView> {
    return teacherAnswer(res, await this.teachers.update(principal, id, parseInput(UpdateTeacherSchema, body), ifMatch));
  }

  @Get(':id/disclosures')
  @Roles('teacher', 'school', 'operator')
  @OperatorPersonalDataRead({ sharedWithOtherRoles: true, teacherParam: 'id' })
  @ApiOperation({
    summary: "Which host enterprises received the teacher's records: when, which fields, on what basis (another tenant: 404).",
    description:
      'The teacher reads their own (right of access), the school its teachers’, the operator anyone’s. ' +
      'The same entries as `GET /v1/privacy/disclosures/{personId}` and, gathered with the other services’, the talent pipeline’s export.',
  })
  @ApiOkResponse({ description: 'The ledger entries about the teacher, newest first.', schema: openApiSchemaOf(DisclosuresSchema) })
  disclosures(@CurrentPrincipal() principal: Principal, @Param('id', ParseUuidParam) id: string): Promise<Disclosures> {
    return this.teachers.disclosuresOf(principal, id);
  }

  @Put(':id/host-objection')
  @OperatorPersonalDataWrite()
  @Roles('teacher', 'school', 'operator')
  @ApiOperation({
    summary: 'The teacher objects to host enterprises reading their finished secondments (GDPR Art. 21; another tenant: 404).',
    description:
      'Filed by the teacher, their school on their behalf, or an operator; filing again keeps the first date. While it stands, a host ' +
      'enterprise (and its mentors) is answered with a completed, cancelled or withdrawn secondment of this teacher without its logs, ' +
      'evaluation and deliverables (`redacted: true`), and the ledger records only the fields still shown. A secondment that is ' +
      'requested, approved or active stays whole: the host cannot host without it (ADR 0077). The objection is published (without ' +
      'the reason) to the R&D service, which then shows an enterprise the teacher in closed projects as a redacted row.',
  })
  @ApiBody({ schema: openApiBodySchemaOf(HostObjectionSchema) })
  @ApiOkResponse({ description: 'The teacher, with the objection.', schema: openApiSchemaOf(TeacherViewSchema) })
  async objectToHosts(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUuidParam) id: string,
    @Body() body: unknown,
    @Req() req: Request,
  ): Promise<TeacherView> {
    const { reason } = parseInput(HostObjectionSchema, body);
    return teacherView(await this.teachers.objectToHosts(principal, id, reason, String(req.id)));
  }

  @Delete(':id/host-objection')
  @HttpCode(204)
  @Roles('teacher', 'school', 'operator')
  @ApiOperation({
    summary: 'Withdraw the objection: host enterprises read the teacher’s finished secondments whole again (none standing: 204 too).',
  })
  @ApiNoContentResponse({ description: 'No objection stands.' })
  async withdrawHostObjection(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUuidParam) id: string,
    @Req() req: Request,
  ): Promise<void> {
    await this.teachers.withdrawHostObjection(principal, id, String(req.id));
  }

  @OperatorIssuesKey()
  @Post(':id/api-keys')
  @HttpCode(201)
  @Roles('school', 'operator')
  @ApiOperation({ summary: 'Issue the teacher an API key of this service (shown once).' })
  @ApiCreatedResponse({ description: 'The key, shown once.', schema: openApiSchemaOf(TeacherKeySchema) })
  async issueKey(@CurrentPrincipal() principal: Principal, @Param('id', ParseUuidParam) id: string): Promise<TeacherKey> {
    return { teacherId: id, apiKey: await this.teachers.issueKey(principal, id) };
  }
}
