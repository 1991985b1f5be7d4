import { assertDeliveryFits, assertPledgesBalance, ledgerSummary, LedgerError, Pledge } from './ledger';

const budget = { currency: 'CNY', amountMinor: 100_000 };
const pledges: Pledge[] = [
  {
    pledgeId: 'e-cash',
    side: 'enterprise',
    kind: 'funding',
    form: 'cash',
    amount: { currency: 'CNY', amountMinor: 70_000 },
    description: 'grant',
  },
  {
    pledgeId: 's-lab',
    side: 'school',
    kind: 'equipment',
    form: 'in-kind',
    amount: { currency: 'CNY', amountMinor: 30_000 },
    description: 'lab',
  },
];

describe('contributions ledger', () => {
  it('balances when pledges sum exactly to the budget in its currency', () => {
    expect(() => assertPledgesBalance(budget, pledges)).not.toThrow();
  });

  it('refuses pledges that fall short of or exceed the budget by one minor unit', () => {
    const short = [pledges[0], { ...pledges[1], amount: { currency: 'CNY', amountMinor: 29_999 } }];
    expect(() => assertPledgesBalance(budget, short)).toThrow('does not balance');
    const over = [pledges[0], { ...pledges[1], amount: { currency: 'CNY', amountMinor: 30_001 } }];
    expect(() => assertPledgesBalance(budget, over)).toThrow(LedgerError);
  });

  it('refuses a pledge in another currency, naming the field', () => {
    try {
      assertPledgesBalance(budget, [pledges[0], { ...pledges[1], amount: { currency: 'EUR', amountMinor: 30_000 } }]);
      fail('expected a LedgerError');
    } catch (error) {
      expect((error as LedgerError).field).toBe('pledges.1.amount.currency');
    }
  });

  it('lets deliveries fill a pledge but never exceed it', () => {
    const earlier = [
      { contributionId: 'c1', pledgeId: 'e-cash', amount: { currency: 'CNY', amountMinor: 50_000 }, deliveredOn: '2026-01-01' },
    ];
    expect(() => assertDeliveryFits(pledges[0], earlier, { currency: 'CNY', amountMinor: 20_000 })).not.toThrow();
    expect(() => assertDeliveryFits(pledges[0], earlier, { currency: 'CNY', amountMinor: 20_001 })).toThrow('exceeds');
    expect(() => assertDeliveryFits(pledges[0], earlier, { currency: 'EUR', amountMinor: 1 })).toThrow('currency');
  });

  it('summarises pledged, delivered and outstanding per side, cash and in kind', () => {
    const summary = ledgerSummary(budget, pledges, [
      { contributionId: 'c1', pledgeId: 'e-cash', amount: { currency: 'CNY', amountMinor: 70_000 }, deliveredOn: '2026-01-01' },
      { contributionId: 'c2', pledgeId: 's-lab', amount: { currency: 'CNY', amountMinor: 10_000 }, deliveredOn: '2026-01-02' },
    ]);
    expect(summary.balanced).toBe(true);
    expect(summary.fullyDelivered).toBe(false);
    expect(summary.sides).toEqual([
      { side: 'enterprise', pledgedMinor: 70_000, deliveredMinor: 70_000, outstandingMinor: 0, cashMinor: 70_000, inKindMinor: 0 },
      { side: 'school', pledgedMinor: 30_000, deliveredMinor: 10_000, outstandingMinor: 20_000, cashMinor: 0, inKindMinor: 10_000 },
    ]);
  });
});
