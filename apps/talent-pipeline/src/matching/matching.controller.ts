import { Controller, Get, Param, Query, Req, UseGuards } from '@nestjs/common';
import { Request } from 'express';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { openApiSchemaOf, ParseUuidParam } from '@app/base';
import { EnterpriseAuthGuard } from '../partners/enterprise-auth.guard';
import { ApiInvalidRequest, ApiProblem, EnterpriseAuth } from '../shared/api-docs';
import { DEFAULT_MATCH_LIMIT, MatchesQuery } from './dto/matches.query';
import { MatchResultSchema } from './match.response';
import { MatchingService } from './matching.service';

@ApiTags('matching')
@EnterpriseAuth()
@UseGuards(EnterpriseAuthGuard)
@Controller('v1/enterprises/:enterpriseId/requisitions/:id/matches')
export class MatchingController {
  constructor(private readonly matching: MatchingService) {}

  @Get()
  @ApiOperation({
    summary: 'Rank students of partner schools for an open requisition, with the reasons for each rank.',
    description:
      'Only students of schools with an active cooperation agreement covering the kind, available during the period, ' +
      "with consent to 'matching' by this enterprise in force. Returns student ids, programme, cohort, score and reasons " +
      '(skills matched and missing, availability overlap) — no names. Each student returned is recorded in the disclosure ledger. Score = 0.7 × skill coverage + 0.3 × share of the ' +
      'period the student is available; ties go to more skills matched, more days available, then student id.',
  })
  @ApiOkResponse({
    description: 'The ranking: how many partner schools and students were considered, and the best `limit` students with their reasons.',
    schema: openApiSchemaOf(MatchResultSchema),
  })
  @ApiInvalidRequest('A path id is not a UUID, or `limit` is outside 1-200.')
  @ApiProblem(404, 'No requisition with this id at this enterprise.')
  @ApiProblem(409, 'The requisition is not open.')
  match(
    @Param('enterpriseId', ParseUuidParam) enterpriseId: string,
    @Param('id', ParseUuidParam) id: string,
    @Query() query: MatchesQuery,
    @Req() req: Request,
  ) {
    return this.matching.match(enterpriseId, id, query.limit ?? DEFAULT_MATCH_LIMIT, new Date(), String(req.id));
  }
}
