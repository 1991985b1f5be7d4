import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { ETAG_RESPONSE_HEADER, openApiSchemaOf, ParseUuidParam } from '@app/base';
import { SchoolAuthGuard } from '../partners/school-auth.guard';
import { ApiInvalidRequest, ApiProblem, SchoolAuth } from '../shared/api-docs';
import { ListSchoolStudentsQuery } from './dto/list-school-students.query';
import { RegisterSchoolStudentDto } from './dto/register-school-student.dto';
import { SchoolStudentViewSchema, StudentPage, StudentPageSchema, StudentView } from './student.response';
import { ApiIdempotentRegistration } from './registration-idempotency.docs';
import { schoolStudentView, studentAnswer } from './student.view';
import { StudentsService } from './students.service';

/**
 * A school's own students (school API key): it registers them, finds them by its own student
 * number, and reads them. They are the school's records, so reading them is no disclosure and
 * goes in neither the ledger nor the operator access log (ADR 0090).
 */
@ApiTags('students')
@SchoolAuth()
@UseGuards(SchoolAuthGuard)
@Controller('v1/schools/:schoolId/students')
export class SchoolStudentsController {
  constructor(private readonly students: StudentsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Register one of the school’s students (school API key).',
    description:
      'The same record as the operator’s `POST /v1/students`, at the school the path names. Put the school’s own student number ' +
      'in `externalIds` to find the student by it later (`GET …/students?schemeId=&externalId=`).',
  })
  @ApiCreatedResponse({
    description: 'The student with its id.',
    schema: openApiSchemaOf(SchoolStudentViewSchema),
    headers: ETAG_RESPONSE_HEADER,
  })
  @ApiIdempotentRegistration(
    SchoolStudentViewSchema,
    'Another student holds one of the HR ids (same `schemeId` and `value`); `errors` names it. Set `schemeAgencyId` to tell them apart.',
  )
  @ApiInvalidRequest('A field is invalid, availability ends before it starts, or a malformed Idempotency-Key.')
  async register(
    @Param('schoolId', ParseUuidParam) schoolId: string,
    @Body() dto: RegisterSchoolStudentDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StudentView> {
    const { student, replayed } = await this.students.register(
      { ...dto, schoolId },
      { distinctIds: true, idempotency: { scope: `school:${schoolId}`, key: idempotencyKey } },
    );
    res.status(replayed ? 200 : 201);
    return studentAnswer(res, student, schoolStudentView);
  }

  @Get()
  @ApiOperation({
    summary: 'The school’s students, newest registration first, by programme, cohort or HR id (school API key).',
    description:
      'Erased students and students being erased are not listed; a student who moved to another school is that school’s. ' +
      '`schemeId` and `externalId` together find the student the school knows by that id (e.g. its student number): the ' +
      'platform id it needs for consents, erasure requests and the outcomes it receives. Pass `before` = the previous page’s ' +
      '`nextCursor` for the next page.',
  })
  @ApiOkResponse({ description: 'A page of students.', schema: openApiSchemaOf(StudentPageSchema) })
  @ApiInvalidRequest(
    'A filter is invalid, `schemeId` or `externalId` is given without the other, `limit` is outside 1-200, or `before` is not a cursor of this API.',
  )
  async list(@Param('schoolId', ParseUuidParam) schoolId: string, @Query() query: ListSchoolStudentsQuery): Promise<StudentPage> {
    const page = await this.students.listAtSchool(schoolId, query);
    return { items: page.items.map(schoolStudentView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  @Get(':studentId')
  @ApiOperation({ summary: 'One of the school’s students (school API key).' })
  @ApiOkResponse({ description: 'The student.', schema: openApiSchemaOf(SchoolStudentViewSchema), headers: ETAG_RESPONSE_HEADER })
  @ApiInvalidRequest('A path id is not a UUID.')
  @ApiProblem(404, 'No student with this id at this school (erased, being erased, or moved to another school included).')
  async get(
    @Param('schoolId', ParseUuidParam) schoolId: string,
    @Param('studentId', ParseUuidParam) studentId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StudentView> {
    return studentAnswer(res, await this.students.getAtSchool(schoolId, studentId), schoolStudentView);
  }
}
