import {
  assertStageTransition,
  IllegalStageTransitionError,
  PROJECT_CLAIM_GRACE_MS,
  proposalFinishedAt,
  selectionHold,
  selectionLapsesAt,
  unmadeClaimsUpTo,
} from './proposal-stages';

describe('proposal stages', () => {
  it('walks submitted -> qualified -> shortlisted -> selected', () => {
    expect(() => assertStageTransition('submitted', 'qualified', false)).not.toThrow();
    expect(() => assertStageTransition('qualified', 'shortlisted', false)).not.toThrow();
    expect(() => assertStageTransition('shortlisted', 'selected', false)).not.toThrow();
  });

  it('declines from any open stage', () => {
    for (const from of ['submitted', 'qualified', 'shortlisted'] as const) {
      expect(() => assertStageTransition(from, 'declined', false)).not.toThrow();
    }
  });

  it('refuses skipping a stage, leaving a final stage, and a second selection', () => {
    expect(() => assertStageTransition('submitted', 'selected', false)).toThrow(IllegalStageTransitionError);
    expect(() => assertStageTransition('declined', 'qualified', false)).toThrow('final stage');
    expect(() => assertStageTransition('selected', 'declined', false)).toThrow(IllegalStageTransitionError);
    expect(() => assertStageTransition('shortlisted', 'selected', true)).toThrow('already selected');
  });
});

describe('when a proposal is finished (ADR 0077)', () => {
  const at = (iso: string) => new Date(iso);
  const history = [
    { stage: 'submitted' as const, at: at('2026-11-01T08:00:00Z') },
    { stage: 'qualified' as const, at: at('2026-11-02T08:00:00Z') },
  ];
  const selected = { stage: 'selected' as const, history: [...history, { stage: 'selected' as const, at: at('2026-11-03T08:00:00Z') }] };
  const rule = (now: string) => ({ now: at(now), selectedProposalDays: 90 });

  it('a declined bid when it was declined; a selected one when its project closed; an open stage never', () => {
    expect(
      proposalFinishedAt(
        { stage: 'declined', history: [...history, { stage: 'declined', at: at('2026-11-03T08:00:00Z') }] },
        undefined,
        rule('2026-11-04T00:00:00Z'),
      ),
    ).toBe('2026-11-03T08:00:00.000Z');
    expect(proposalFinishedAt(selected, {}, rule('2030-01-01T00:00:00Z'))).toBeNull();
    expect(proposalFinishedAt(selected, { closedAt: '2026-12-01T10:00:00.000Z' }, rule('2030-01-01T00:00:00Z'))).toBe(
      '2026-12-01T10:00:00.000Z',
    );
    for (const stage of ['submitted', 'qualified', 'shortlisted'] as const) {
      expect(proposalFinishedAt({ stage, history }, { closedAt: '2026-12-01T10:00:00.000Z' }, rule('2030-01-01T00:00:00Z'))).toBeNull();
    }
  });

  it('a selected one without a project lapses RD_SELECTED_PROPOSAL_DAYS after its selection, and is finished from that instant', () => {
    expect(selectionLapsesAt(selected, undefined, 90)).toEqual(at('2027-02-01T08:00:00Z'));
    expect(selectionLapsesAt(selected, {}, 90)).toBeUndefined();
    expect(proposalFinishedAt(selected, undefined, rule('2027-02-01T07:59:59Z'))).toBeNull();
    expect(proposalFinishedAt(selected, undefined, rule('2027-02-01T08:00:00Z'))).toBe('2027-02-01T08:00:00.000Z');
    expect(proposalFinishedAt(selected, undefined, rule('2028-01-01T00:00:00Z'))).toBe('2027-02-01T08:00:00.000Z');
  });

  it('a selection a project request claimed still lapses while no project was stored from it (ADR 0085)', () => {
    const claimed = { ...selected, projectClaimedAt: at('2027-01-31T08:00:00Z') };
    expect(selectionLapsesAt(claimed, undefined, 90)).toEqual(selectionLapsesAt(selected, undefined, 90));
    expect(proposalFinishedAt(claimed, undefined, rule('2028-01-01T00:00:00Z'))).toBe(
      proposalFinishedAt(selected, undefined, rule('2028-01-01T00:00:00Z')),
    );
  });

  it('a lapsed selection holds its challenge only while a claim younger than the grace may still be storing its project (ADR 0085)', () => {
    const lapsesAt = at('2027-02-01T08:00:00Z');
    const after = (ms: number) => new Date(lapsesAt.getTime() + ms);
    expect(PROJECT_CLAIM_GRACE_MS).toBe(10 * 60_000);
    expect(unmadeClaimsUpTo(after(PROJECT_CLAIM_GRACE_MS))).toEqual(lapsesAt);
    // Live, or made a project (claimed or not): holds, however late.
    expect(selectionHold(selected, undefined, after(-1), 90)).toBe('holding');
    expect(selectionHold({ ...selected, projectClaimedAt: lapsesAt }, {}, after(365 * 86_400_000), 90)).toBe('holding');
    // Lapsed without a claim: released.
    expect(selectionHold(selected, undefined, lapsesAt, 90)).toBe('lapsed');
    // Lapsed with a claim and no project: held until the claim is PROJECT_CLAIM_GRACE_MS old, then released.
    const claimed = { ...selected, projectClaimedAt: after(-60_000) };
    expect(selectionHold(claimed, undefined, after(60_000), 90)).toBe('holding');
    expect(selectionHold(claimed, undefined, after(PROJECT_CLAIM_GRACE_MS - 60_001), 90)).toBe('holding');
    expect(selectionHold(claimed, undefined, after(PROJECT_CLAIM_GRACE_MS - 60_000), 90)).toBe('unmade-claim');
    // A claim made after the lapse (a request that read the selection before it) counts from its own instant.
    const late = { ...selected, projectClaimedAt: after(60_000) };
    expect(selectionHold(late, undefined, after(PROJECT_CLAIM_GRACE_MS), 90)).toBe('holding');
    expect(selectionHold(late, undefined, after(PROJECT_CLAIM_GRACE_MS + 60_000), 90)).toBe('unmade-claim');
  });
});
