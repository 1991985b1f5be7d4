import { Controller, Get, Param, Req, UseGuards } from '@nestjs/common';
import { Request } from 'express';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { openApiSchemaOf } from '@app/base';
import { OperatorPersonalDataRead } from '@app/platform';
import { CurrentPrincipal, RdAuthGuard, Roles } from '../access/rd-auth.guard';
import { Principal } from '../access/principal';
import { IdParam } from '../shared/id-param.pipe';
import { ApiInvalid, ApiNotFound, RdAuth } from '../shared/api-docs';
import { StudentTrailSchema, TeacherTrailSchema } from './trail.response';
import { TrailService } from './trail.service';

@ApiTags('trails')
@Controller('v1/trails')
@UseGuards(RdAuthGuard)
@Roles('school', 'enterprise')
export class TrailController {
  constructor(private readonly trails: TrailService) {}

  @Get('students/:studentId')
  @RdAuth('the operator, or a school or enterprise for its own projects')
  @OperatorPersonalDataRead({ sharedWithOtherRoles: true })
  @ApiInvalid('A path id is invalid, or the operator sent no valid `X-Operator-Id` / `X-Access-Reason`; `errors` names each.')
  @ApiOperation({
    summary: 'A student across the programmes: R&D projects -> placements at the same enterprise -> hire.',
    description:
      'Answered from this service’s projects and its copies of talent.placement-outcome.v1; no other database is read. An enterprise sees the student’s role only under an `rd-project` consent in force now (otherwise `redacted: true`); each such read is recorded in the disclosure ledger.',
  })
  @ApiOkResponse({
    description: '{personId, kind, projects: [{…, placements, ledToHire}], hired, path}',
    schema: openApiSchemaOf(StudentTrailSchema),
  })
  @ApiNotFound('No participation of this student visible to the caller')
  student(@CurrentPrincipal() p: Principal, @Param('studentId', IdParam) studentId: string, @Req() req: Request) {
    return this.trails.student(p, studentId, String(req.id));
  }

  @Get('teachers/:teacherId')
  @RdAuth('the operator, or a school or enterprise for its own projects')
  @OperatorPersonalDataRead({ sharedWithOtherRoles: true, teacherParam: 'teacherId' })
  @ApiInvalid('A path id is invalid, or the operator sent no valid `X-Operator-Id` / `X-Access-Reason`; `errors` names each.')
  @ApiOperation({
    summary: 'A teacher across the programmes: R&D projects -> secondments at the same enterprise -> double-qualified credentials.',
    description: 'Answered from this service’s projects and its copies of secondment.* and credential.* events.',
  })
  @ApiOkResponse({
    description: '{personId, kind, projects: [{…, secondments}], credentials, doubleQualified}',
    schema: openApiSchemaOf(TeacherTrailSchema),
  })
  @ApiNotFound('No participation of this teacher visible to the caller')
  teacher(@CurrentPrincipal() p: Principal, @Param('teacherId', IdParam) teacherId: string, @Req() req: Request) {
    return this.trails.teacher(p, teacherId, String(req.id));
  }
}
