import { Injectable, Logger } from '@nestjs/common';
import { ProblemException } from '@app/base';
import { AgreementsService } from '../agreements/agreements.service';
import { ConsentService } from '../consent/consent.service';
import { RequisitionDocument } from '../demand/requisition.document';
import { RequisitionsService } from '../demand/requisitions.service';
import { DisclosureService } from '../disclosures/disclosure.service';
import { CandidatePool, CandidatePoolView, sameCandidate } from './candidate-pool';
import { CandidateProfilesRepository } from './candidate-profiles.repository';
import { CandidateProfile, CandidateRanker, Ranking } from './domain/rank-candidates';
import { MatchResult } from './match.response';

/** The day the agreement must be in force on: the start of the placement, or today if that has passed. */
function coverageDay(requisition: RequisitionDocument, now: Date): string {
  const today = now.toISOString().slice(0, 10);
  return requisition.period.from > today ? requisition.period.from : today;
}

/** What a ranked candidate tells the enterprise about the student (the ledger's `fields`). */
const MATCH_FIELDS = ['studentId', 'programme', 'cohort', 'skills', 'availability'];

@Injectable()
export class MatchingService {
  constructor(
    private readonly requisitions: RequisitionsService,
    private readonly agreements: AgreementsService,
    private readonly consents: ConsentService,
    private readonly candidates: CandidateProfilesRepository,
    private readonly disclosures: DisclosureService,
    private readonly pool: CandidatePool,
  ) {}

  private readonly logger = new Logger(MatchingService.name);

  /**
   * Ranks students for an open requisition. Only students of schools with an active
   * agreement covering the requisition's kind, available during its period, and whose consent
   * to `matching` by this enterprise is in force. Ranked from the in-memory candidate pool
   * (ADR 0060) when it is on, from the database otherwise. Every student in the answer is
   * recorded in the disclosure ledger (one write, citing the `matching` consent) before the
   * answer leaves.
   */
  async match(enterpriseId: string, requisitionId: string, limit: number, now = new Date(), correlationId?: string): Promise<MatchResult> {
    const requisition = await this.requisitions.get(enterpriseId, requisitionId);
    if (requisition.status !== 'open') {
      throw new ProblemException(
        409,
        'requisition not open',
        `requisition ${requisitionId} is ${requisition.status}; only open requisitions are matched`,
      );
    }
    const day = coverageDay(requisition, now);
    const schoolIds = await this.agreements.schoolsCovering(enterpriseId, requisition.kind, day);
    const pool = await this.pool.current();
    let chosen = pool && (await this.rankFromPool(pool, requisition, enterpriseId, schoolIds, limit, now));
    this.pool.answered(chosen ? 'memory' : 'database');
    chosen ??= await this.rankFromDatabase(requisition, enterpriseId, schoolIds, limit, now);
    const { ranking, schoolOf, consentOf } = chosen;
    await this.disclosures.record(
      ranking.items.map((item) => ({
        studentId: item.studentId,
        schoolId: schoolOf.get(item.studentId) ?? '',
        recipient: { kind: 'enterprise' as const, id: enterpriseId },
        fields: MATCH_FIELDS,
        basis: { kind: 'consent' as const, consentId: consentOf.get(item.studentId) },
        channel: 'api' as const,
        purpose: 'matching',
        route: 'GET /v1/enterprises/{enterpriseId}/requisitions/{id}/matches',
        disclosedAt: now,
        correlationId,
      })),
    );
    return { requisitionId, partnerSchools: schoolIds.length, ranked: ranking.total, items: ranking.items };
  }

  /**
   * Ranks from the in-memory pool, then checks the students it would answer with against the
   * database (their profiles and their consent, two reads by key): should the pool have missed a
   * change (a write whose change-log record was lost), it is dropped and undefined returned, so
   * the caller ranks from the database and nothing stale leaves.
   */
  private async rankFromPool(
    pool: CandidatePoolView,
    requisition: RequisitionDocument,
    enterpriseId: string,
    schoolIds: readonly string[],
    limit: number,
    now: Date,
  ): Promise<Chosen | undefined> {
    const ranker = new CandidateRanker(requisition, limit);
    for (const candidate of pool.candidatesOf(schoolIds)) {
      if (pool.hasConsentInForce(enterpriseId, candidate.studentId, now)) ranker.add(candidate);
    }
    const kept = ranker.keptCandidates();
    const ids = kept.map((c) => c.studentId);
    const [stored, consents] = await Promise.all([
      this.candidates.findByIds(ids),
      this.consents.consentsInForceFor(ids, enterpriseId, ['matching'], now),
    ]);
    const storedById = new Map(stored.map((c) => [c.studentId, c]));
    const schools = new Set(schoolIds);
    const outOfDate = kept.filter((candidate) => {
      const stored = storedById.get(candidate.studentId);
      return !stored || !schools.has(stored.schoolId ?? '') || !sameCandidate(stored, candidate) || !consents.has(candidate.studentId);
    });
    if (outOfDate.length > 0) {
      this.logger.warn(`matching pool out of date for ${outOfDate.length} students; reloading it, and ranking from the database meanwhile`);
      this.pool.invalidate();
      return undefined;
    }
    return {
      ranking: ranker.ranking(),
      schoolOf: new Map(kept.map((c) => [c.studentId, c.schoolId ?? ''])),
      consentOf: new Map([...consents].map(([studentId, consent]) => [studentId, consent._id])),
    };
  }

  /**
   * Three queries whatever the number of students (agreements before, students and consents
   * here); the students are ranked as the cursor yields them and only the best `limit` are
   * held; those read before the consents are in hold until then.
   */
  private async rankFromDatabase(
    requisition: RequisitionDocument,
    enterpriseId: string,
    schoolIds: readonly string[],
    limit: number,
    now: Date,
  ): Promise<Chosen> {
    const consentsRead = this.consents.studentsWithConsentInForce(enterpriseId, 'matching', now);
    let consenting: Map<string, string> | undefined;
    // A failure is not lost: consentsRead is awaited below, after the students.
    void consentsRead.then(
      (map) => (consenting = map),
      () => undefined,
    );
    const ranker = new CandidateRanker(requisition, limit);
    let waiting: CandidateProfile[] = [];
    const rankEligible = (candidate: CandidateProfile) => {
      if (consenting!.has(candidate.studentId)) ranker.add(candidate);
    };
    for await (const candidate of this.candidates.streamAvailable(schoolIds, requisition.period)) {
      if (!consenting) {
        waiting.push(candidate);
        continue;
      }
      if (waiting.length > 0) {
        waiting.forEach(rankEligible);
        waiting = [];
      }
      rankEligible(candidate);
    }
    const consentOf = await consentsRead;
    consenting = consentOf;
    waiting.forEach(rankEligible);
    return {
      ranking: ranker.ranking(),
      schoolOf: new Map(ranker.keptCandidates().map((c) => [c.studentId, c.schoolId ?? ''])),
      consentOf,
    };
  }
}

/** A ranking, with what the disclosure ledger cites for each student in it. */
interface Chosen {
  ranking: Ranking;
  schoolOf: Map<string, string>;
  consentOf: Map<string, string>;
}
