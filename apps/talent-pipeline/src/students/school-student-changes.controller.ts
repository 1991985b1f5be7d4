import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { openApiSchemaOf, ParseUuidParam } from '@app/base';
import { SchoolAuthGuard } from '../partners/school-auth.guard';
import { ApiInvalidRequest, SchoolAuth } from '../shared/api-docs';
import { ListStudentChangesQuery } from './dto/list-student-changes.query';
import { StudentChangePage, StudentChangePageSchema } from './student.response';
import { studentChangeView } from './student.view';
import { StudentsService } from './students.service';

/**
 * A school's change feed of its students (school API key), for keeping its own student system in
 * step: poll with the last `nextCursor` and apply what comes, removals included (ADR 0091).
 */
@ApiTags('students')
@SchoolAuth()
@UseGuards(SchoolAuthGuard)
@Controller('v1/schools/:schoolId/student-changes')
export class SchoolStudentChangesController {
  constructor(private readonly students: StudentsService) {}

  @Get()
  @ApiOperation({
    summary: 'The school’s students changed since the last poll, oldest change first (school API key).',
    description:
      'Each of the school’s students whose latest change (registration, profile change, move in, erasure) comes after `after`, ' +
      'once, and each student who left the school once, at the time they left: `present` with the record, `moved-away` or ' +
      '`erased` without it. A student of the school changed again comes again, later. Start without `after` for every student ' +
      'the school has had; then poll with the last `nextCursor`. A change shows about a second after it was made.',
  })
  @ApiOkResponse({ description: 'A page of changes.', schema: openApiSchemaOf(StudentChangePageSchema) })
  @ApiInvalidRequest('`limit` is outside 1-200, or `after` is not a cursor of this API.')
  async list(@Param('schoolId', ParseUuidParam) schoolId: string, @Query() query: ListStudentChangesQuery): Promise<StudentChangePage> {
    const page = await this.students.changesAtSchool(schoolId, query);
    return { items: page.changes.map(studentChangeView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}), more: page.more };
  }
}
