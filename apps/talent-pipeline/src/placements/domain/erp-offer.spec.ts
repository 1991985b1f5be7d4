import { ERP_OFFER_STATUSES } from '@app/contracts';
import { erpOfferEndReason, erpOfferPath } from './erp-offer';
import { PLACEMENT_STATUSES } from './placement-lifecycle';

describe("an ERP's offer stage (pure decision)", () => {
  it('extends a proposed placement, and nothing else', () => {
    expect(erpOfferPath('proposed', 'extended')).toEqual(['offered']);
    for (const from of PLACEMENT_STATUSES.filter((s) => s !== 'proposed')) expect(erpOfferPath(from, 'extended')).toBeUndefined();
  });

  it('accepts an offered placement, and a proposed one through offered in one go', () => {
    expect(erpOfferPath('offered', 'accepted')).toEqual(['accepted']);
    expect(erpOfferPath('proposed', 'accepted')).toEqual(['offered', 'accepted']);
    for (const from of ['accepted', 'active', 'completed', 'terminated', 'hired'] as const) {
      expect(erpOfferPath(from, 'accepted')).toBeUndefined();
    }
  });

  it('terminates a placement that has not started when the offer is declined or withdrawn, never one that started or ended', () => {
    for (const status of ['declined', 'withdrawn'] as const) {
      for (const from of ['proposed', 'offered', 'accepted'] as const) expect(erpOfferPath(from, status)).toEqual(['terminated']);
      for (const from of ['active', 'completed', 'terminated', 'hired'] as const) expect(erpOfferPath(from, status)).toBeUndefined();
    }
  });

  it('never moves a placement backwards', () => {
    const rank = (s: string) => PLACEMENT_STATUSES.indexOf(s as never);
    for (const from of PLACEMENT_STATUSES) {
      for (const status of ERP_OFFER_STATUSES) {
        const path = erpOfferPath(from, status);
        if (path && path.at(-1) !== 'terminated') expect(rank(path.at(-1)!)).toBeGreaterThan(rank(from));
      }
    }
  });

  it('says who ended it: the student declined, or the enterprise withdrew', () => {
    expect(erpOfferEndReason('declined')).toMatch(/student declined/);
    expect(erpOfferEndReason('withdrawn')).toMatch(/enterprise withdrew/);
    expect(erpOfferEndReason('extended')).toBeUndefined();
    expect(erpOfferEndReason('accepted')).toBeUndefined();
  });
});
