import { endOfPlacementSummary, endsPlacement, reasonProblems } from './end-of-placement';

describe('end of placement', () => {
  it('is what completed and terminated carry', () => {
    expect(endsPlacement('completed')).toBe(true);
    expect(endsPlacement('terminated')).toBe(true);
    expect(endsPlacement('hired')).toBe(false);
    expect(endsPlacement('active')).toBe(false);
  });

  it('takes a reason only on a transition that ends the placement', () => {
    expect(reasonProblems('terminated', 'moved away')).toEqual([]);
    expect(reasonProblems('completed', undefined)).toEqual([]);
    expect(reasonProblems('offered', 'why not')).toEqual([{ field: 'reason', message: 'only for completed or terminated' }]);
  });

  it('sums up reason, hours and evaluations', () => {
    expect(
      endOfPlacementSummary({ reason: 'moved away' }, { entries: 2, hours: 15, days: { present: 2, absent: 0, sick: 0, excused: 0 } }, [
        { evaluator: 'a', scores: { safety: 3 }, at: '2026-04-01T00:00:00Z' },
      ]),
    ).toEqual({ reason: 'moved away', hoursLogged: 15, evaluation: { count: 1, averageScore: 3, competencies: { safety: 3 } } });
  });

  it('leaves the reason out when none was given', () => {
    expect(endOfPlacementSummary({}, { entries: 0, hours: 0, days: { present: 0, absent: 0, sick: 0, excused: 0 } }, [])).toEqual({
      hoursLogged: 0,
      evaluation: { count: 0, averageScore: null, competencies: {} },
    });
  });

  it('carries the last day the ERP gave', () => {
    expect(
      endOfPlacementSummary({ lastDay: '2026-12-18' }, { entries: 0, hours: 0, days: { present: 0, absent: 0, sick: 0, excused: 0 } }, []),
    ).toMatchObject({ lastDay: '2026-12-18' });
  });
});
