import { ChallengeDocument } from '../challenge.document';
import { ChallengeView, OwnerChallengeView } from '../challenge-view.response';

export type ChallengeViewer = { as: 'owner' } | { as: 'school'; schoolId: string };

/** Whether a school may read the problem and constraints: public challenges, or an NDA recorded for that school. */
export function schoolMaySeeDetails(challenge: Pick<ChallengeDocument, 'confidentiality' | 'ndas'>, schoolId: string): boolean {
  return challenge.confidentiality === 'public' || challenge.ndas.some((nda) => nda.schoolId === schoolId);
}

/** The part of a challenge every viewer it is visible to may read. */
function summaryOf(challenge: ChallengeDocument) {
  return {
    id: challenge._id,
    enterpriseId: challenge.enterpriseId,
    kind: challenge.kind,
    title: challenge.title,
    summary: challenge.summary,
    budgetRange: challenge.budgetRange,
    deadline: challenge.deadline,
    confidentiality: challenge.confidentiality,
    skillsWanted: challenge.skillsWanted,
    rubric: challenge.rubric,
    createdAt: challenge.createdAt.toISOString(),
  };
}

/** The owner (and the operator): everything, with the NDAs recorded. */
export function ownerChallengeView(challenge: ChallengeDocument): OwnerChallengeView {
  return {
    ...summaryOf(challenge),
    problem: challenge.problem,
    constraints: challenge.constraints,
    detailsVisible: true,
    ndas: challenge.ndas.map(({ idempotentId: _key, ...nda }) => ({ ...nda, recordedAt: nda.recordedAt.toISOString() })),
  };
}

/** What a viewer may read of a challenge: the owner everything, a school the public part and details only when allowed. */
export function challengeView(challenge: ChallengeDocument, viewer: ChallengeViewer): ChallengeView {
  if (viewer.as === 'owner') return ownerChallengeView(challenge);
  if (!schoolMaySeeDetails(challenge, viewer.schoolId)) return { ...summaryOf(challenge), detailsVisible: false };
  return { ...summaryOf(challenge), problem: challenge.problem, constraints: challenge.constraints, detailsVisible: true };
}
