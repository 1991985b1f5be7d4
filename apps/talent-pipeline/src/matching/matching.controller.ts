import { Controller, Get, Param, ParseUUIDPipe, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EnterpriseAuthGuard } from '../partners/enterprise-auth.guard';
import { DEFAULT_MATCH_LIMIT, MatchesQuery } from './dto/matches.query';
import { MatchingService } from './matching.service';

@ApiTags('matching')
@ApiBearerAuth()
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
      '(skills matched and missing, availability overlap) — no names.',
  })
  match(@Param('enterpriseId', ParseUUIDPipe) enterpriseId: string, @Param('id', ParseUUIDPipe) id: string, @Query() query: MatchesQuery) {
    return this.matching.match(enterpriseId, id, query.limit ?? DEFAULT_MATCH_LIMIT);
  }
}
