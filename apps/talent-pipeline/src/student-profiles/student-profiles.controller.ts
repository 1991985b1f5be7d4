import { Body, Controller, Headers, HttpCode, Param, Patch, Post, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { ApiIfMatch, ETAG_RESPONSE_HEADER, openApiSchemaOf, OperatorPersonalDataWrite, ParseUuidParam } from '@app/base';
import { OperatorPersonalDataRead } from '@app/platform';
import { AdminGuard } from '../partners/admin.guard';
import { ApiInvalidRequest, ApiProblem, OperatorAuth } from '../shared/api-docs';
import { TransferStudentDto } from '../students/dto/transfer-student.dto';
import { UpdateStudentDto } from '../students/dto/update-student.dto';
import { StudentView, StudentViewSchema } from '../students/student.response';
import { studentAnswer } from '../students/student.view';
import { StudentProfilesService } from './student-profiles.service';

@ApiTags('students')
@OperatorAuth()
@UseGuards(AdminGuard)
@Controller('v1/students')
export class StudentProfilesController {
  constructor(private readonly profiles: StudentProfilesService) {}

  @Patch(':id')
  @OperatorPersonalDataWrite()
  // It answers with the whole record, names included, as GET does: logged in the operator access log.
  @OperatorPersonalDataRead({ studentParam: 'id' })
  @ApiOperation({
    summary: "Change a student's profile (operator): names, programme, cohort, HR ids, skills, availability.",
    description:
      'A JSON merge patch (RFC 7396; `application/merge-patch+json` or `application/json`): a field present replaces the stored one, ' +
      '`null` removes skills or availability (or empties externalIds), an absent one stays. Matching on every replica ranks the ' +
      "student by the new profile from its next request; a new programme or cohort moves the student's placements with them in " +
      'the reports; ERP hires are matched against the new HR ids. The school changes by `POST …/school-transfers`. An erased student, or one being ' +
      'erased, is not found. Safe to repeat.',
  })
  @ApiOkResponse({
    description: 'The student after the change.',
    schema: openApiSchemaOf(StudentViewSchema),
    headers: ETAG_RESPONSE_HEADER,
  })
  @ApiIfMatch('student')
  @ApiInvalidRequest(
    'A field is invalid, `schoolId` is named, no field is named, availability ends before it starts, or `X-Operator-Id` / `X-Access-Reason` is missing.',
  )
  @ApiProblem(404, 'No student with this id, or the student is erased or being erased.')
  @ApiProblem(409, 'The HR ids, or the programme and cohort, changed at the same time, again and again; send the change again.')
  async update(
    @Param('id', ParseUuidParam) id: string,
    @Body() dto: UpdateStudentDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StudentView> {
    return studentAnswer(res, await this.profiles.change(id, dto, ifMatch));
  }

  @Post(':id/school-transfers')
  @OperatorPersonalDataWrite()
  @OperatorPersonalDataRead({ studentParam: 'id' })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move a student to another school (operator).',
    description:
      "From now on the student is the new school's: its matching, reports, consents, disclosures and erasure requests, and the " +
      "placements proposed from now on, under the new school's agreements. What ended before stays the first school's: its " +
      'placements, their outcomes and its reports. Refused while a placement of the student is under way (proposed, offered, ' +
      'accepted or active). The move is listed in `schoolTransfers`. Safe to repeat: a student already at the school is answered as is.',
  })
  @ApiOkResponse({
    description: 'The student at the new school (`Content-Location: /v1/students/{id}`: the ETag is the student’s).',
    schema: openApiSchemaOf(StudentViewSchema),
    headers: ETAG_RESPONSE_HEADER,
  })
  @ApiIfMatch('student')
  @ApiInvalidRequest('`schoolId` is not a UUID or names no school, or `X-Operator-Id` / `X-Access-Reason` is missing.')
  @ApiProblem(404, 'No student with this id, or the student is erased or being erased.')
  @ApiProblem(
    409,
    'A placement of the student is under way (the detail names it), an erasure of the student is filed (`erasure pending`), or the student was moved at the same time.',
  )
  async transfer(
    @Param('id', ParseUuidParam) id: string,
    @Body() dto: TransferStudentDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StudentView> {
    const moved = await this.profiles.transferSchool(id, dto.schoolId, ifMatch);
    // The answer (and its ETag) is the student's record, not the transfer's; a refusal is neither.
    res.setHeader('Content-Location', `/v1/students/${id}`);
    return studentAnswer(res, moved);
  }
}
