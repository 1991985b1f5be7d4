import {
  assertTransition,
  canTransition,
  IllegalTransitionError,
  outcomeOf,
  PLACEMENT_STATUSES,
  PlacementStatus,
} from './placement-lifecycle';

/** The lifecycle as the product defines it; every pair not listed here must be illegal. */
const ALLOWED: [PlacementStatus, PlacementStatus][] = [
  ['proposed', 'offered'],
  ['proposed', 'terminated'],
  ['offered', 'accepted'],
  ['offered', 'terminated'],
  ['accepted', 'active'],
  ['accepted', 'terminated'],
  ['active', 'completed'],
  ['active', 'terminated'],
  ['active', 'hired'],
  ['completed', 'hired'],
];

const isAllowed = (from: PlacementStatus, to: PlacementStatus) => ALLOWED.some(([f, t]) => f === from && t === to);
const ALL_PAIRS = PLACEMENT_STATUSES.flatMap((from) => PLACEMENT_STATUSES.map((to) => [from, to] as [PlacementStatus, PlacementStatus]));

describe('placement lifecycle', () => {
  it.each(ALLOWED)('allows %s -> %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition(from, to)).not.toThrow();
  });

  it.each(ALL_PAIRS.filter(([from, to]) => !isAllowed(from, to)))('forbids %s -> %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(() => assertTransition(from, to)).toThrow(IllegalTransitionError);
  });

  it.each(['terminated', 'hired'] as const)('%s is terminal', (from) => {
    expect(PLACEMENT_STATUSES.filter((to) => canTransition(from, to))).toEqual([]);
  });

  it('never allows staying in the same status', () => {
    for (const status of PLACEMENT_STATUSES) expect(canTransition(status, status)).toBe(false);
  });

  it('explains an illegal transition with the allowed targets', () => {
    expect(() => assertTransition('offered', 'completed')).toThrow(
      'a placement cannot go from offered to completed; allowed from offered: accepted, terminated',
    );
  });

  it('says "none" when leaving a terminal status', () => {
    let caught: unknown;
    try {
      assertTransition('hired', 'active');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(IllegalTransitionError);
    expect(caught).toMatchObject({
      from: 'hired',
      to: 'active',
      message: 'a placement cannot go from hired to active; allowed from hired: none',
    });
  });

  describe('outcomeOf', () => {
    it.each([
      ['active', 'started'],
      ['completed', 'completed'],
      ['terminated', 'terminated'],
      ['hired', 'hired'],
    ] as const)('%s tells schools %s', (status, outcome) => {
      expect(outcomeOf(status)).toBe(outcome);
    });

    it.each(['proposed', 'offered', 'accepted'] as const)('%s is not an outcome schools hear about', (status) => {
      expect(outcomeOf(status)).toBeUndefined();
    });
  });
});
