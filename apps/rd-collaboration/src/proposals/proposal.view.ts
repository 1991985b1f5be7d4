import { ProposalDocument } from './proposal.document';

/** Owner enterprise and operator: everything, including every reviewer's scores. */
export function proposalView(p: ProposalDocument) {
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
    history: p.history,
    reviewerIds: p.reviewerIds,
    reviews: Object.values(p.reviews ?? {}),
    submittedAt: p.submittedAt,
  };
}

/** The submitting school: its proposal and stage, not who reviews it nor their scores. */
export function proposalViewForSchool(p: ProposalDocument) {
  const { reviewerIds: _r, reviews: _s, ...rest } = proposalView(p);
  return rest;
}

/** A reviewer: the proposal and only its own review. */
export function proposalViewForReviewer(p: ProposalDocument, reviewerId: string) {
  const { reviewerIds: _r, reviews: _s, history: _h, ...rest } = proposalView(p);
  return { ...rest, myReview: p.reviews?.[reviewerId] ?? null };
}
