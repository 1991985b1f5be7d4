import { agreementCoversSecondment, CopiedAgreement, coveringAgreement } from './agreement-coverage';

const agreement: CopiedAgreement = {
  _id: 'agr-1',
  schoolId: 'school-1',
  enterpriseId: 'ent-1',
  status: 'active',
  period: { from: '2026-01-01', to: '2026-12-31' },
};
const pair = { schoolId: 'school-1', enterpriseId: 'ent-1' };

describe('agreement coverage of a secondment', () => {
  it('an active agreement of the pair covering the whole period covers it, ends included', () => {
    expect(agreementCoversSecondment(agreement, pair, { start: '2026-01-01', end: '2026-12-31' })).toBe(true);
  });

  it.each(['draft', 'suspended', 'terminated', 'expired'] as const)('a %s agreement does not', (status) => {
    expect(agreementCoversSecondment({ ...agreement, status }, pair, { start: '2026-03-01', end: '2026-06-30' })).toBe(false);
  });

  it('an agreement of another pair, or one ending before the period ends, does not', () => {
    expect(agreementCoversSecondment(agreement, { ...pair, schoolId: 'school-2' }, { start: '2026-03-01', end: '2026-06-30' })).toBe(false);
    expect(agreementCoversSecondment(agreement, pair, { start: '2026-12-01', end: '2027-01-31' })).toBe(false);
    expect(agreementCoversSecondment(agreement, pair, { start: '2025-12-31', end: '2026-01-31' })).toBe(false);
  });

  it('finds the covering agreement among several', () => {
    const old = { ...agreement, _id: 'agr-0', status: 'expired' as const };
    expect(coveringAgreement([old, agreement], pair, { start: '2026-03-01', end: '2026-06-30' })?._id).toBe('agr-1');
  });
});
