export const PROPOSAL_STAGES = ['submitted', 'qualified', 'shortlisted', 'selected', 'declined'] as const;
export type ProposalStage = (typeof PROPOSAL_STAGES)[number];

const NEXT: Record<ProposalStage, readonly ProposalStage[]> = {
  submitted: ['qualified', 'declined'],
  qualified: ['shortlisted', 'declined'],
  shortlisted: ['selected', 'declined'],
  selected: [],
  declined: [],
};

export class IllegalStageTransitionError extends Error {}

export const OTHER_SELECTED = 'another proposal of this challenge is already selected';

/** The decided stages: a proposal in one of them takes no more reviews. */
export const REVIEW_CLOSED_STAGES: ProposalStage[] = ['selected', 'declined'];

/** submitted -> qualified -> shortlisted -> selected, and declined from any open stage; selected and declined are final. */
export function assertStageTransition(from: ProposalStage, to: ProposalStage, otherSelected: boolean): void {
  if (!NEXT[from].includes(to)) {
    const allowed = NEXT[from].length ? NEXT[from].join(' or ') : 'nothing (final stage)';
    throw new IllegalStageTransitionError(`a ${from} proposal can move to ${allowed}, not ${to}`);
  }
  if (to === 'selected' && otherSelected) throw new IllegalStageTransitionError(OTHER_SELECTED);
}

/** What the projects feature knows of the project made from a proposal: none, a running one, or one closed at `closedAt`. */
export interface ProjectOfProposal {
  closedAt?: string;
}

type StagedProposal = {
  stage: ProposalStage;
  history: ReadonlyArray<{ stage: ProposalStage; at: Date }>;
};

const lastAt = (proposal: StagedProposal, stage: ProposalStage): Date | undefined =>
  proposal.history.filter((h) => h.stage === stage).at(-1)?.at;

/**
 * When a selected proposal that has not become a project lapses (RD_SELECTED_PROPOSAL_DAYS after
 * its selection, ADR 0077); undefined for any other proposal. From then on no project is made
 * from it, it counts as finished at that instant, and it no longer holds its challenge: another
 * proposal may be selected (ADR 0085), unless a project request claimed it within
 * PROJECT_CLAIM_GRACE_MS (`selectionHold`). A claim alone does not stop the lapse: a claim whose
 * project was never stored (a crash, a failed insert) would keep the proposal live, and open to a
 * project, for good.
 */
export function selectionLapsesAt(proposal: StagedProposal, project: ProjectOfProposal | undefined, days: number): Date | undefined {
  if (proposal.stage !== 'selected' || project) return undefined;
  const selectedAt = lastAt(proposal, 'selected');
  return selectedAt ? new Date(selectedAt.getTime() + days * 86_400_000) : undefined;
}

/**
 * How long a project request's claim on a selection (ADR 0085) keeps holding the challenge once the
 * selection lapsed with no project stored from it. A claim is written just before the project
 * insert, and the request does nothing else in between: the claim's instant to the insert's answer
 * is two single-document writes, each bounded by the Mongo client's timeouts (10 s server selection,
 * 60 s socket, one retry of a retryable write), so a few minutes at the very worst. A lapsed claim
 * older than this, with no project stored, is one whose insert failed or whose process died between
 * the two writes: it holds nothing and a selection of another proposal releases it (ADR 0085,
 * addendum). A younger one may be a request still inserting, so it still holds the challenge.
 */
export const PROJECT_CLAIM_GRACE_MS = 10 * 60_000;

/** The latest claim instant a move at `now` may release (when no project was made from it): claims at or before it are past the grace. */
export function unmadeClaimsUpTo(now: Date): Date {
  return new Date(now.getTime() - PROJECT_CLAIM_GRACE_MS);
}

/**
 * What a move to selected makes of a selected proposal of the same challenge that no selection
 * released (ADR 0085): `holding` refuses the move (live, or made a project, or lapsed but claimed
 * by a project request within PROJECT_CLAIM_GRACE_MS); `lapsed` (no claim) and `unmade-claim` (a
 * claim older than the grace and still no project) are released by it. `project` must be read
 * after `now` was taken: a request that claimed before `unmadeClaimsUpTo(now)` and stored its
 * project within the grace has stored it by then.
 */
export function selectionHold(
  proposal: StagedProposal & { projectClaimedAt?: Date },
  project: ProjectOfProposal | undefined,
  now: Date,
  days: number,
): 'holding' | 'lapsed' | 'unmade-claim' {
  const lapsesAt = selectionLapsesAt(proposal, project, days);
  if (lapsesAt === undefined || lapsesAt > now) return 'holding';
  if (!proposal.projectClaimedAt) return 'lapsed';
  return proposal.projectClaimedAt <= unmadeClaimsUpTo(now) ? 'unmade-claim' : 'holding';
}

/**
 * When a proposal was finished, as an enterprise's view of its team counts it (ADR 0077): a
 * declined bid when it was declined (no work follows); a selected one when the project made from
 * it closed (until then the work is live, or about to start), or, if no project was made from it,
 * when its selection lapsed, once that instant passed. An open stage is live: the enterprise
 * decides on the team. Null while live.
 */
export function proposalFinishedAt(
  proposal: StagedProposal,
  project: ProjectOfProposal | undefined,
  rule: { now: Date; selectedProposalDays: number },
): string | null {
  if (proposal.stage === 'declined') return lastAt(proposal, 'declined')?.toISOString() ?? null;
  if (proposal.stage !== 'selected') return null;
  if (project) return project.closedAt ?? null;
  const lapsesAt = selectionLapsesAt(proposal, project, rule.selectedProposalDays);
  return lapsesAt && lapsesAt <= rule.now ? lapsesAt.toISOString() : null;
}
