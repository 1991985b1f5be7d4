import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { ETAG_RESPONSE_HEADER, openApiSchemaOf, OperatorPersonalDataWrite, ParseUuidParam } from '@app/base';
import { OperatorPersonalDataRead } from '@app/platform';
import { AdminGuard } from '../partners/admin.guard';
import { ApiInvalidRequest, ApiProblem, OperatorAuth } from '../shared/api-docs';
import { RegisterStudentDto } from './dto/register-student.dto';
import { StudentView, StudentViewSchema } from './student.response';
import { ApiIdempotentRegistration } from './registration-idempotency.docs';
import { studentAnswer } from './student.view';
import { StudentsService } from './students.service';

@ApiTags('students')
@OperatorAuth()
@UseGuards(AdminGuard)
@Controller('v1/students')
export class StudentsController {
  constructor(private readonly students: StudentsService) {}

  @Post()
  @OperatorPersonalDataWrite()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Register a student of a partner school (operator).',
    description:
      'externalIds are HR Open Standards identifiers {value, schemeId, schemeAgencyId} that ERP hires are matched against; ' +
      'skills (optional ESCO URIs) and availability feed matching. Names are never put on events.',
  })
  @ApiCreatedResponse({
    description: 'The student with its id.',
    schema: openApiSchemaOf(StudentViewSchema),
    headers: ETAG_RESPONSE_HEADER,
  })
  @ApiIdempotentRegistration(StudentViewSchema)
  @ApiInvalidRequest('A field is invalid, the school is unknown, availability ends before it starts, or a malformed Idempotency-Key.')
  async register(
    @Body() dto: RegisterStudentDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StudentView> {
    const { student, replayed } = await this.students.register(dto, { idempotency: { scope: 'operator', key: idempotencyKey } });
    res.status(replayed ? 200 : 201);
    return studentAnswer(res, student);
  }

  @Get(':id')
  @OperatorPersonalDataRead({ studentParam: 'id' })
  @ApiOperation({ summary: 'One student with the whole record, names included (operator; logged in the operator access log).' })
  @ApiOkResponse({ description: 'The student.', schema: openApiSchemaOf(StudentViewSchema), headers: ETAG_RESPONSE_HEADER })
  @ApiInvalidRequest('`id` is not a UUID, or `X-Operator-Id` / `X-Access-Reason` is missing.')
  @ApiProblem(404, 'No student with this id.')
  async get(@Param('id', ParseUuidParam) id: string, @Res({ passthrough: true }) res: Response): Promise<StudentView> {
    return studentAnswer(res, await this.students.get(id));
  }
}
