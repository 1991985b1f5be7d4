import { Controller, Get, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { z } from 'zod';
import { openApiSchemaOf } from '@app/base';
import { CurrentPrincipal, RdAuthGuard, Roles } from '../access/rd-auth.guard';
import { Principal } from '../access/principal';
import { IdParam } from '../shared/id-param.pipe';
import { ApiInvalid, ApiNotFound, RdAuth } from '../shared/api-docs';
import { ZodPipe } from '../shared/zod-body.pipe';
import { isQuarter, Quarter } from './domain/quarter';
import { scorecardCsv, scorecardHtml } from './domain/scorecard-formats';
import { ScorecardPairs, ScorecardPairsSchema, ScorecardSchema } from './scorecard.response';
import { ScorecardService } from './scorecard.service';

const quarter = z.string().refine(isQuarter, 'must be a quarter like 2026-Q2') as unknown as z.ZodType<Quarter>;
const ScorecardQuerySchema = z.strictObject({
  format: z.enum(['json', 'csv', 'html']).default('json'),
  from: quarter.optional(),
  to: quarter.optional(),
});
type ScorecardQuery = z.infer<typeof ScorecardQuerySchema>;

@ApiTags('scorecard')
@Controller('v1/scorecards')
@UseGuards(RdAuthGuard)
@Roles('enterprise', 'school')
export class ScorecardController {
  constructor(private readonly scorecards: ScorecardService) {}

  @Get()
  @RdAuth('schools and enterprises (their own pairs), or the operator (all)')
  @ApiOperation({ summary: 'The school-enterprise pairs the caller can read a scorecard for, with links to JSON, CSV and HTML.' })
  @ApiOkResponse({
    description: '{items: [{schoolId, enterpriseId, schoolName, enterpriseName, links}]}',
    schema: openApiSchemaOf(ScorecardPairsSchema),
  })
  async pairs(@CurrentPrincipal() principal: Principal): Promise<ScorecardPairs> {
    return { items: await this.scorecards.pairs(principal) };
  }

  @Get(':schoolId/:enterpriseId')
  @RdAuth('the school or the enterprise of the pair, or the operator')
  @ApiOperation({
    summary: 'Partnership scorecard of a school-enterprise pair, quarter by quarter (UTC).',
    description:
      'Agreements active at any time in the quarter, placements, hires, conversion to date, secondments hosted, engineers teaching, R&D projects, ' +
      'contributions (minor units per currency) and outcomes — from the events each service publishes. `format=csv` for a ' +
      'spreadsheet, `format=html` for a page with an inline SVG chart.',
  })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv', 'html'] })
  @ApiQuery({ name: 'from', required: false, description: 'First quarter, e.g. 2025-Q1 (default: the first with any activity).' })
  @ApiQuery({ name: 'to', required: false, description: 'Last quarter (default: the current one).' })
  @ApiProduces('application/json', 'text/csv', 'text/html')
  @ApiOkResponse({
    description: '{pair, from, to, quarters: [...], totals}; with `format=csv` one row per quarter, with `format=html` a page.',
    content: {
      'application/json': { schema: openApiSchemaOf(ScorecardSchema) },
      'text/csv': { schema: { type: 'string' } },
      'text/html': { schema: { type: 'string' } },
    },
  })
  @ApiInvalid('A query parameter is invalid.')
  @ApiNotFound('Not a pair the caller belongs to')
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('schoolId', IdParam) schoolId: string,
    @Param('enterpriseId', IdParam) enterpriseId: string,
    @Query(new ZodPipe(ScorecardQuerySchema)) query: ScorecardQuery,
    @Res({ passthrough: true }) res: Response,
  ) {
    const card = await this.scorecards.scorecard(principal, schoolId, enterpriseId, query);
    if (query.format === 'csv') {
      res.type('text/csv; charset=utf-8').setHeader('content-disposition', `attachment; filename="scorecard-${card.from}-${card.to}.csv"`);
      return scorecardCsv(card);
    }
    if (query.format === 'html') {
      res.type('text/html; charset=utf-8');
      return scorecardHtml(card, card.pair);
    }
    return card;
  }
}
