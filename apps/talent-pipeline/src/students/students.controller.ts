import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemException } from '@app/platform/http/problem.exception';
import { AdminGuard } from '../partners/admin.guard';
import { PartnersRepository } from '../partners/partners.repository';
import { ApiInvalidRequest, ApiProblem, OperatorAuth } from '../shared/api-docs';
import { RegisterStudentDto } from './dto/register-student.dto';
import { StudentsRepository } from './students.repository';

@ApiTags('students')
@OperatorAuth()
@UseGuards(AdminGuard)
@Controller('v1/students')
export class StudentsController {
  constructor(
    private readonly students: StudentsRepository,
    private readonly partners: PartnersRepository,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Register a student of a partner school (operator).',
    description:
      'externalIds are HR Open Standards identifiers {value, schemeId, schemeAgencyId} that ERP hires are matched against; ' +
      'skills (optional ESCO URIs) and availability feed matching. Names are never put on events.',
  })
  @ApiCreatedResponse({ description: 'The student with its id.' })
  @ApiInvalidRequest('A field is invalid, the school is unknown, or availability ends before it starts.')
  async register(@Body() dto: RegisterStudentDto) {
    if (!(await this.partners.schools.findById(dto.schoolId))) {
      throw new ProblemException(400, 'invalid request', 'unknown school', [{ field: 'schoolId', message: 'no such school' }]);
    }
    if (dto.availability && dto.availability.to < dto.availability.from) {
      throw new ProblemException(400, 'invalid request', 'availability ends before it starts', [
        { field: 'availability.to', message: 'must not be before availability.from' },
      ]);
    }
    const student = { _id: randomUUID(), ...dto, externalIds: dto.externalIds ?? [], registeredAt: new Date() };
    await this.students.insert(student);
    const { _id, ...rest } = student;
    return { id: _id, ...rest };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One student with the whole record, names included (operator).' })
  @ApiOkResponse({ description: 'The student.' })
  @ApiInvalidRequest('`id` is not a UUID.')
  @ApiProblem(404, 'No student with this id.')
  async get(@Param('id', ParseUUIDPipe) id: string) {
    const student = await this.students.findById(id);
    if (!student) throw new ProblemException(404, 'student not found');
    const { _id, ...rest } = student;
    return { id: _id, ...rest };
  }
}
