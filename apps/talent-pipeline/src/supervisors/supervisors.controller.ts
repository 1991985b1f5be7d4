import { Controller, Get, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { openApiSchemaOf, ProblemException } from '@app/base';
import { AgreementsService } from '../agreements/agreements.service';
import { ApiInvalidRequest, ApiProblem, ApiRoles } from '../shared/api-docs';
import { SupervisorReader, SupervisorReaderGuard } from './supervisor-reader.guard';
import { SupervisorList, SupervisorListSchema } from './supervisor.response';
import { supervisorView } from './supervisor.view';
import { SupervisorsService } from './supervisors.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ApiTags('supervisors')
@ApiBearerAuth()
@ApiRoles('operator', 'school', 'enterprise')
@UseGuards(SupervisorReaderGuard)
@Controller('v1/supervisors')
export class SupervisorsController {
  constructor(
    private readonly supervisors: SupervisorsService,
    private readonly agreements: AgreementsService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Double-qualified teachers available to supervise placements, from the teacher secondment service.',
    description:
      "A school sees its own teachers; an enterprise names a school it has an active agreement with (404 otherwise); the operator sees any school's, or all.",
  })
  @ApiQuery({ name: 'schoolId', required: false, description: 'Required for an enterprise.' })
  @ApiOkResponse({
    description: 'The offered supervisors, by display name (at most 500).',
    schema: openApiSchemaOf(SupervisorListSchema),
  })
  @ApiInvalidRequest('`schoolId` is not a UUID, or an enterprise did not name one.')
  @ApiProblem(401, 'No bearer token, or neither the operator token nor a school or enterprise API key.')
  @ApiProblem(403, 'An operator key without the permission to read personal data (its entry ends with `:no-personal-data`, ADR 0078).')
  @ApiProblem(404, "A school asked for another school's supervisors, or an enterprise has no active agreement with the school.")
  async list(@Req() req: Request & { supervisorReader: SupervisorReader }, @Query('schoolId') schoolId?: string): Promise<SupervisorList> {
    if (schoolId !== undefined && !UUID.test(schoolId)) {
      throw new ProblemException(400, 'invalid request', 'invalid filter', [{ field: 'schoolId', message: 'must be a UUID' }]);
    }
    const reader = req.supervisorReader;
    if (reader.kind === 'school') {
      if (schoolId && schoolId !== reader.schoolId) throw new ProblemException(404, 'school not found');
      return { items: (await this.supervisors.available(reader.schoolId)).map(supervisorView) };
    }
    if (reader.kind === 'enterprise') {
      if (!schoolId)
        throw new ProblemException(400, 'invalid request', 'an enterprise names the school', [{ field: 'schoolId', message: 'required' }]);
      const active = await this.agreements.list({ schoolId, enterpriseId: reader.enterpriseId, status: 'active' });
      if (!active.length) throw new ProblemException(404, 'school not found', 'no active cooperation agreement with this school');
    }
    return { items: (await this.supervisors.available(schoolId)).map(supervisorView) };
  }
}
