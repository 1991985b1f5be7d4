import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { openApiSchemaOf, ParseUuidParam } from '@app/base';
import { SchoolAuthGuard } from '../partners/school-auth.guard';
import { ApiInvalidRequest, ApiProblem, SchoolAuth } from '../shared/api-docs';
import { ListPlacementsQuery } from './dto/list-placements.query';
import { PlacementDetailSchema, PlacementPageSchema } from './placement.response';
import { placementPageView } from './placement.view';
import { PlacementsService } from './placements.service';

/** A school's placement office follows its own students' placements. */
@ApiTags('placements')
@SchoolAuth()
@UseGuards(SchoolAuthGuard)
@Controller('v1/schools/:schoolId/placements')
export class SchoolPlacementsController {
  constructor(private readonly placements: PlacementsService) {}

  @Get()
  @ApiOperation({
    summary: "The school's students' placements, newest first, by enterprise, student, requisition and/or status (school API key).",
    description: "Pass `before` = the previous page's `nextCursor` for the next page. `schoolId` in the query is ignored.",
  })
  @ApiOkResponse({
    description: 'A page of placements, newest first; `nextCursor` while more follow.',
    schema: openApiSchemaOf(PlacementPageSchema),
  })
  @ApiInvalidRequest('A filter is invalid, `limit` is outside 1-200, or `before` is not a cursor of this API.')
  async list(@Param('schoolId', ParseUuidParam) schoolId: string, @Query() query: ListPlacementsQuery) {
    return placementPageView(await this.placements.list({ ...query, schoolId }));
  }

  @Get(':id')
  @ApiOperation({ summary: "One of the school's students' placements (school API key)." })
  @ApiOkResponse({
    description:
      'The placement, with `supervisorsAvailable`: the double-qualified teachers of its school that the secondment service offers as supervisors.',
    schema: openApiSchemaOf(PlacementDetailSchema),
  })
  @ApiInvalidRequest('`id` is not a UUID.')
  @ApiProblem(404, "No placement with this id for this school's students.")
  async get(@Param('schoolId', ParseUuidParam) schoolId: string, @Param('id', ParseUuidParam) id: string) {
    return this.placements.detail(await this.placements.getForSchool(id, schoolId));
  }
}
