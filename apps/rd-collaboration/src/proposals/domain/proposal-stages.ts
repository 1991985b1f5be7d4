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
