import { Body, Controller, Headers, Param, Patch, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { ApiIfMatch, ETAG_RESPONSE_HEADER, openApiSchemaOf, ParseUuidParam } from '@app/base';
import { SchoolAuthGuard } from '../partners/school-auth.guard';
import { ApiInvalidRequest, ApiProblem, SchoolAuth } from '../shared/api-docs';
import { UpdateStudentDto } from '../students/dto/update-student.dto';
import { SchoolStudentViewSchema, StudentView } from '../students/student.response';
import { schoolStudentView, studentAnswer } from '../students/student.view';
import { StudentProfilesService } from './student-profiles.service';

/** A school changes the profile of one of its own students (school API key), as the operator does. */
@ApiTags('students')
@SchoolAuth()
@UseGuards(SchoolAuthGuard)
@Controller('v1/schools/:schoolId/students')
export class SchoolStudentProfilesController {
  constructor(private readonly profiles: StudentProfilesService) {}

  @Patch(':studentId')
  @ApiOperation({
    summary: "Change one of the school's students' profile (school API key).",
    description:
      'The operator’s `PATCH /v1/students/{id}` for the school’s own students: a JSON merge patch (RFC 7396; ' +
      '`application/merge-patch+json` or `application/json`) of names, programme, cohort, HR ids, skills and availability, ' +
      'followed by matching, the reports and ERP hire matching. A move to another school is the operator’s.',
  })
  @ApiOkResponse({
    description: 'The student after the change.',
    schema: openApiSchemaOf(SchoolStudentViewSchema),
    headers: ETAG_RESPONSE_HEADER,
  })
  @ApiIfMatch('student')
  @ApiInvalidRequest('A field is invalid, `schoolId` is named, no field is named, or availability ends before it starts.')
  @ApiProblem(404, 'No student with this id at this school, or the student is erased or being erased.')
  @ApiProblem(
    409,
    'Another student holds one of the new HR ids (same `schemeId` and `value`; set `schemeAgencyId` to tell them apart), or the HR ids, or the programme and cohort, changed at the same time, again and again.',
  )
  async update(
    @Param('schoolId', ParseUuidParam) schoolId: string,
    @Param('studentId', ParseUuidParam) studentId: string,
    @Body() dto: UpdateStudentDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StudentView> {
    return studentAnswer(res, await this.profiles.change(studentId, dto, ifMatch, schoolId), schoolStudentView);
  }
}
