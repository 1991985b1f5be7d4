export interface RankingCriterion {
  criterionId: string;
  name: string;
  weight: number;
}

export interface RankingInput {
  proposalId: string;
  submittedAt: string;
  /** One entry per reviewer: criterion id -> score 0..10. */
  reviews: Array<Record<string, number>>;
}

export interface CriterionContribution {
  criterionId: string;
  name: string;
  weight: number;
  /** weight / sum of weights, e.g. 0.4. */
  share: number;
  /** Mean of the reviewers' scores, null when nobody scored it yet. */
  meanScore: number | null;
  /** meanScore x share: what this criterion adds to the total. */
  contribution: number;
}

export interface RankedProposal {
  rank: number;
  proposalId: string;
  total: number;
  reviewCount: number;
  criteria: CriterionContribution[];
  /** The total spelled out, one term per criterion. */
  explanation: string;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Weighted mean of per-criterion mean scores, highest first; ties go to the earlier proposal.
 * Every figure that makes up a total is returned, so the order explains itself.
 */
export function rankProposals(rubric: readonly RankingCriterion[], proposals: readonly RankingInput[]): RankedProposal[] {
  const weightSum = rubric.reduce((sum, c) => sum + c.weight, 0);
  const scored = proposals.map((proposal) => {
    const criteria = rubric.map((criterion): CriterionContribution => {
      const scores = proposal.reviews.map((r) => r[criterion.criterionId]).filter((s): s is number => typeof s === 'number');
      const meanScore = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
      const share = criterion.weight / weightSum;
      return {
        criterionId: criterion.criterionId,
        name: criterion.name,
        weight: criterion.weight,
        share: round(share, 4),
        meanScore: meanScore === null ? null : round(meanScore, 2),
        contribution: meanScore === null ? 0 : round(meanScore * share, 3),
      };
    });
    const total = round(
      criteria.reduce((sum, c) => sum + c.contribution, 0),
      3,
    );
    const explanation =
      criteria
        .map(
          (c) =>
            `${c.name}: ${c.meanScore === null ? 'not scored' : c.meanScore.toFixed(2)} x ${(c.share * 100).toFixed(1)}% = ${c.contribution.toFixed(3)}`,
        )
        .join('; ') + ` => ${total.toFixed(3)}`;
    return {
      proposalId: proposal.proposalId,
      submittedAt: proposal.submittedAt,
      total,
      reviewCount: proposal.reviews.length,
      criteria,
      explanation,
    };
  });
  scored.sort((a, b) => b.total - a.total || a.submittedAt.localeCompare(b.submittedAt));
  return scored.map(({ submittedAt: _s, ...rest }, index) => ({ rank: index + 1, ...rest }));
}
