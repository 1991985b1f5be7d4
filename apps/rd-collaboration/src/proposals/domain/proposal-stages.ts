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

/** submitted -> qualified -> shortlisted -> selected, and declined from any open stage; selected and declined are final. */
export function assertStageTransition(from: ProposalStage, to: ProposalStage, otherSelected: boolean): void {
  if (!NEXT[from].includes(to)) {
    const allowed = NEXT[from].length ? NEXT[from].join(' or ') : 'nothing (final stage)';
    throw new IllegalStageTransitionError(`a ${from} proposal can move to ${allowed}, not ${to}`);
  }
  if (to === 'selected' && otherSelected) throw new IllegalStageTransitionError('another proposal of this challenge is already selected');
}

/**
 * When a proposal was finished, as an enterprise's view of its team counts it (ADR 0077): a
 * declined bid when it was declined (no work follows); a selected one when the project made from
 * it closed (until then the work is live, or about to start). An open stage is live: the
 * enterprise decides on the team. Null while live.
 */
export function proposalFinishedAt(
  proposal: { stage: ProposalStage; history: ReadonlyArray<{ stage: ProposalStage; at: Date }> },
  projectClosedAt: string | undefined,
): string | null {
  if (proposal.stage === 'declined')
    return (
      proposal.history
        .filter((h) => h.stage === 'declined')
        .at(-1)
        ?.at.toISOString() ?? null
    );
  if (proposal.stage === 'selected') return projectClosedAt ?? null;
  return null;
}
