import { Injectable } from '@nestjs/common';
import { AgreementDirectoryRepository, PartnerDirectoryRepository } from '@app/partner-directory';
import { ProblemException } from '@app/base';
import { Principal } from '../access/principal';
import { Quarter, quarterOf, quartersBetween } from './domain/quarter';
import { buildScorecard } from './domain/scorecard';
import { CounterIncrement } from './quarter-counters.document';
import { QuarterCountersRepository } from './quarter-counters.repository';
import { Scorecard, ScorecardPairs } from './scorecard.response';

/** Per school-enterprise pair and quarter, counters kept up to date from every service's events (ADR 0029). */
@Injectable()
export class ScorecardService {
  constructor(
    private readonly counters: QuarterCountersRepository,
    private readonly agreements: AgreementDirectoryRepository,
    private readonly partners: PartnerDirectoryRepository,
  ) {}

  /** Counts one event in the quarter its `occurredAt` falls in; a redelivery (same key) counts nothing. */
  count(event: { key: string; schoolId: string; enterpriseId: string; occurredAt: string }, increment: CounterIncrement) {
    return this.counters.add(event, quarterOf(event.occurredAt), event.key, increment);
  }

  /** The school-enterprise pairs the caller may read a scorecard for: those with an agreement copy (any status but draft). */
  async pairs(principal: Principal): Promise<ScorecardPairs['items']> {
    const filter =
      principal.role === 'school'
        ? { schoolId: principal.schoolId }
        : principal.role === 'enterprise'
          ? { enterpriseId: principal.enterpriseId }
          : {};
    if (principal.role === 'reviewer') return [];
    const agreements = (await this.agreements.list(filter)).filter((a) => a.status !== 'draft');
    const unique = [...new Map(agreements.map((a) => [`${a.schoolId}|${a.enterpriseId}`, a])).values()];
    return Promise.all(
      unique.map(async ({ schoolId, enterpriseId }) => {
        const [school, enterprise] = await Promise.all([this.partners.findById(schoolId), this.partners.findById(enterpriseId)]);
        const href = `/v1/scorecards/${schoolId}/${enterpriseId}`;
        return {
          schoolId,
          enterpriseId,
          schoolName: school?.name ?? schoolId,
          enterpriseName: enterprise?.name ?? enterpriseId,
          links: { json: href, csv: `${href}?format=csv`, html: `${href}?format=html` },
        };
      }),
    );
  }

  async scorecard(
    principal: Principal,
    schoolId: string,
    enterpriseId: string,
    range: { from?: Quarter; to?: Quarter },
  ): Promise<Scorecard> {
    const mayRead =
      principal.role === 'operator' ||
      (principal.role === 'school' && principal.schoolId === schoolId) ||
      (principal.role === 'enterprise' && principal.enterpriseId === enterpriseId);
    if (!mayRead) throw new ProblemException(404, 'scorecard not found', 'no scorecard for this pair visible to you');
    const [agreements, school, enterprise, firstCounted] = await Promise.all([
      this.agreements.list({ schoolId, enterpriseId }),
      this.partners.findById(schoolId),
      this.partners.findById(enterpriseId),
      range.from ? Promise.resolve(undefined) : this.counters.firstQuarterOf(schoolId, enterpriseId),
    ]);
    const to = range.to ?? quarterOf(new Date());
    const earliestAgreement = agreements
      .filter((a) => a.status !== 'draft')
      .map((a) => quarterOf(a.period.from))
      .sort()[0];
    const from = range.from ?? [firstCounted, earliestAgreement].filter((q): q is Quarter => !!q && q <= to).sort()[0] ?? to;
    if (from > to)
      throw new ProblemException(400, 'invalid request', 'from is after to', [{ field: 'from', message: 'must not be after to' }]);
    const quarters = quartersBetween(from, to);
    const docs = await this.counters.ofPair(schoolId, enterpriseId, from, quarters[quarters.length - 1]);
    return {
      pair: { schoolId, enterpriseId, schoolName: school?.name ?? schoolId, enterpriseName: enterprise?.name ?? enterpriseId },
      from,
      to: quarters[quarters.length - 1],
      ...buildScorecard(quarters, docs, agreements),
    };
  }
}
export type { CounterIncrement, CounterName } from './quarter-counters.document';
