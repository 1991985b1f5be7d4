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

/**
 * With `awaited` false (the participation withdrawn, or the project closed: checkAwaited), nobody
 * waits for the answer and nothing can be sent again, so a proposal without one shows
 * `awaiting-answer` with no `answerDueBy`, never `unanswered`, as the operators' gauge leaves it
 * out (ADR 0070, addenda). An answer, however late, is shown whatever.
 */
export function placementProposalStatus(
  proposal: { proposedAt: string; decision?: { status: 'accepted' | 'refused' } },
  { now, answerHours }: AnswerRule,
  awaited = true,
): { status: PlacementProposalStatus; answerDueBy?: string } {
  if (proposal.decision) return { status: proposal.decision.status };
  if (!awaited) return { status: 'awaiting-answer' };
  const due = new Date(Date.parse(proposal.proposedAt) + answerHours * 3_600_000);
  return { status: due <= now ? 'unanswered' : 'awaiting-answer', answerDueBy: due.toISOString() };
}
