import { rankProposals } from './ranking';

const rubric = [
  { criterionId: 'fit', name: 'Technical fit', weight: 3 },
  { criterionId: 'cost', name: 'Cost', weight: 1 },
];

describe('rankProposals', () => {
  it('orders by the weighted mean of per-criterion mean scores and shows each contribution', () => {
    const ranked = rankProposals(rubric, [
      { proposalId: 'cheap', submittedAt: '2026-01-01', reviews: [{ fit: 4, cost: 10 }] },
      {
        proposalId: 'strong',
        submittedAt: '2026-01-02',
        reviews: [
          { fit: 9, cost: 4 },
          { fit: 7, cost: 6 },
        ],
      },
    ]);
    expect(ranked.map((r) => r.proposalId)).toEqual(['strong', 'cheap']);
    const strong = ranked[0];
    // fit mean 8 x 0.75 = 6, cost mean 5 x 0.25 = 1.25
    expect(strong.criteria).toEqual([
      { criterionId: 'fit', name: 'Technical fit', weight: 3, share: 0.75, meanScore: 8, contribution: 6 },
      { criterionId: 'cost', name: 'Cost', weight: 1, share: 0.25, meanScore: 5, contribution: 1.25 },
    ]);
    expect(strong.total).toBe(7.25);
    expect(strong.reviewCount).toBe(2);
    expect(strong.explanation).toBe('Technical fit: 8.00 x 75.0% = 6.000; Cost: 5.00 x 25.0% = 1.250 => 7.250');
    expect(ranked[1]).toMatchObject({ rank: 2, total: 5.5 });
  });

  it('counts an unscored criterion as contributing nothing and says so', () => {
    const [only] = rankProposals(rubric, [{ proposalId: 'p', submittedAt: '2026-01-01', reviews: [] }]);
    expect(only.total).toBe(0);
    expect(only.criteria[0].meanScore).toBeNull();
    expect(only.explanation).toContain('not scored');
  });

  it('breaks ties in favour of the earlier submission', () => {
    const ranked = rankProposals(rubric, [
      { proposalId: 'late', submittedAt: '2026-01-05', reviews: [{ fit: 5, cost: 5 }] },
      { proposalId: 'early', submittedAt: '2026-01-01', reviews: [{ fit: 5, cost: 5 }] },
    ]);
    expect(ranked.map((r) => [r.rank, r.proposalId])).toEqual([
      [1, 'early'],
      [2, 'late'],
    ]);
  });
});
