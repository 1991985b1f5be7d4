import { Injectable } from '@nestjs/common';
import { ProblemException } from '@app/base';
import { AgreementsService } from '../agreements/agreements.service';
import { ConsentService } from '../consent/consent.service';
import { RequisitionDocument } from '../demand/requisition.document';
import { RequisitionsService } from '../demand/requisitions.service';
import { DisclosureService } from '../disclosures/disclosure.service';
import { CandidateProfilesRepository } from './candidate-profiles.repository';
import { CandidateProfile, CandidateRanker, RankedCandidate } from './domain/rank-candidates';

export interface MatchResult {
  requisitionId: string;
  /** Schools whose active agreement with the enterprise covers the requisition's kind. */
  partnerSchools: number;
  /** Students ranked (available and consenting), before the limit. */
  ranked: number;
  items: RankedCandidate[];
}

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
  ) {}

  /**
   * Ranks students for an open requisition. Only students of schools with an active
   * agreement covering the requisition's kind, available during its period, and whose consent
   * to `matching` by this enterprise is in force. Three queries whatever the number of
   * students (agreements, students, consents); the students are ranked as they stream in and
   * only the best `limit` are held, so memory does not grow with the school network. Every student
   * in the answer is recorded in the disclosure ledger (one write, citing the `matching`
   * consent) before the answer leaves.
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

    // Independent queries, side by side: the students are ranked as the cursor yields them and
    // only the best `limit` are kept; those read before the consents are in hold until then.
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
    waiting = [];
    const ranking = ranker.ranking();
    const schoolOf = new Map(ranker.keptCandidates().map((c) => [c.studentId, c.schoolId]));
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
}
