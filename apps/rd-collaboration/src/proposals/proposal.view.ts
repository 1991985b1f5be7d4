import { ProposalDocument, Review } from './proposal.document';
import { ProposalView, ReviewerProposalView, SchoolProposalView } from './proposal-view.response';

const reviewView = (r: Review) => ({ reviewerId: r.reviewerId, scores: r.scores, comment: r.comment, at: r.at.toISOString() });

/**
 * Owner enterprise and operator: everything, including every reviewer's scores. `finishedAt`
 * comes from proposalFinishedAt (a selected proposal is finished when its project closed,
 * which the proposal document does not hold).
 */
export function proposalView(p: ProposalDocument, finishedAt: string | null): ProposalView {
  return {
    id: p._id,
    challengeId: p.challengeId,
    enterpriseId: p.enterpriseId,
    schoolId: p.schoolId,
    title: p.title,
    approach: p.approach,
    team: p.team,
    plan: p.plan,
    budget: p.budget,
    stage: p.stage,
    history: p.history.map((h) => ({ stage: h.stage, at: h.at.toISOString(), ...(h.reason !== undefined ? { reason: h.reason } : {}) })),
    reviewerIds: p.reviewerIds,
    reviews: Object.values(p.reviews ?? {}).map(reviewView),
    submittedAt: p.submittedAt.toISOString(),
    finishedAt,
  };
}

/** The submitting school: its proposal and stage, not who reviews it nor their scores. */
export function proposalViewForSchool(p: ProposalDocument, finishedAt: string | null): SchoolProposalView {
  const { reviewerIds: _r, reviews: _s, ...rest } = proposalView(p, finishedAt);
  return rest;
}

/** A reviewer: the proposal and only its own review. */
export function proposalViewForReviewer(p: ProposalDocument, reviewerId: string, finishedAt: string | null): ReviewerProposalView {
  const { reviewerIds: _r, reviews: _s, history: _h, ...rest } = proposalView(p, finishedAt);
  const mine = p.reviews?.[reviewerId];
  return { ...rest, myReview: mine ? reviewView(mine) : null };
}
