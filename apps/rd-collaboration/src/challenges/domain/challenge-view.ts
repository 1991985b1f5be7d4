import { ChallengeDocument } from '../challenge.document';

export type ChallengeViewer = { as: 'owner' } | { as: 'school'; schoolId: string };

/** Whether a school may read the problem and constraints: public challenges, or an NDA recorded for that school. */
export function schoolMaySeeDetails(challenge: Pick<ChallengeDocument, 'confidentiality' | 'ndas'>, schoolId: string): boolean {
  return challenge.confidentiality === 'public' || challenge.ndas.some((nda) => nda.schoolId === schoolId);
}

/** What a viewer may read of a challenge: the owner everything, a school the public part and details only when allowed. */
export function challengeView(challenge: ChallengeDocument, viewer: ChallengeViewer) {
  const common = {
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
    createdAt: challenge.createdAt,
  };
  if (viewer.as === 'owner') {
    return { ...common, problem: challenge.problem, constraints: challenge.constraints, detailsVisible: true, ndas: challenge.ndas };
  }
  if (!schoolMaySeeDetails(challenge, viewer.schoolId)) return { ...common, detailsVisible: false };
  return { ...common, problem: challenge.problem, constraints: challenge.constraints, detailsVisible: true };
}
