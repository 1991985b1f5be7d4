/**
 * Where a participant's placement proposal stands with the talent pipeline (ADR 0070, addendum):
 * answered (accepted or refused), awaiting its answer, or unanswered once RD_PLACEMENT_ANSWER_HOURS
 * passed without one. The pipeline answers in seconds; no answer by then means the proposal was
 * dead-lettered (a record failing the contract, a placement id already taken) or lost, and the
 * project may send it again.
 */
export type PlacementProposalStatus = 'awaiting-answer' | 'unanswered' | 'accepted' | 'refused';

export interface AnswerRule {
  now: Date;
  answerHours: number;
}

export function placementProposalStatus(
  proposal: { proposedAt: string; decision?: { status: 'accepted' | 'refused' } },
  { now, answerHours }: AnswerRule,
): { status: PlacementProposalStatus; answerDueBy?: string } {
  if (proposal.decision) return { status: proposal.decision.status };
  const due = new Date(Date.parse(proposal.proposedAt) + answerHours * 3_600_000);
  return { status: due <= now ? 'unanswered' : 'awaiting-answer', answerDueBy: due.toISOString() };
}
