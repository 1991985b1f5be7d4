import { placementProposalStatus } from './placement-answer';

describe('where a placement proposal stands (ADR 0070)', () => {
  const proposedAt = '2026-11-02T08:00:00.000Z';
  const rule = (now: string) => ({ now: new Date(now), answerHours: 24 });

  it('awaits its answer for RD_PLACEMENT_ANSWER_HOURS, then is unanswered from the due instant on', () => {
    expect(placementProposalStatus({ proposedAt }, rule('2026-11-03T07:59:59Z'))).toEqual({
      status: 'awaiting-answer',
      answerDueBy: '2026-11-03T08:00:00.000Z',
    });
    expect(placementProposalStatus({ proposedAt }, rule('2026-11-03T08:00:00Z'))).toEqual({
      status: 'unanswered',
      answerDueBy: '2026-11-03T08:00:00.000Z',
    });
  });

  it('nobody waiting (the participant withdrawn, the project closed): awaiting its answer with no due instant, never unanswered', () => {
    expect(placementProposalStatus({ proposedAt }, rule('2026-12-01T00:00:00Z'), false)).toEqual({ status: 'awaiting-answer' });
    expect(placementProposalStatus({ proposedAt, decision: { status: 'accepted' } }, rule('2026-12-01T00:00:00Z'), false)).toEqual({
      status: 'accepted',
    });
  });

  it('an answered proposal is its answer, however late it came', () => {
    expect(placementProposalStatus({ proposedAt, decision: { status: 'accepted' } }, rule('2027-01-01T00:00:00Z'))).toEqual({
      status: 'accepted',
    });
    expect(placementProposalStatus({ proposedAt, decision: { status: 'refused' } }, rule('2026-11-02T08:00:01Z'))).toEqual({
      status: 'refused',
    });
  });
});
