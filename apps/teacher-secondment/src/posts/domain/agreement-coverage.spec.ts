import { agreementCoversSecondment, CopiedAgreement, coveringAgreement, secondmentCoverage } from './agreement-coverage';

const agreement: CopiedAgreement = {
  _id: 'agr-1',
  schoolId: 'school-1',
  enterpriseId: 'ent-1',
  status: 'active',
  period: { from: '2026-01-01', to: '2026-12-31' },
  placementKinds: ['internship'],
  scope: 'Internships',
};
const pair = { schoolId: 'school-1', enterpriseId: 'ent-1' };
const period = { start: '2026-03-01', end: '2026-06-30' };

describe('agreement coverage of a secondment', () => {
  it('an active agreement of the pair covering the whole period covers it, ends included', () => {
    expect(agreementCoversSecondment(agreement, pair, { start: '2026-01-01', end: '2026-12-31' })).toBe(true);
  });

  it.each(['draft', 'suspended', 'terminated', 'expired'] as const)('a %s agreement does not', (status) => {
    expect(agreementCoversSecondment({ ...agreement, status }, pair, period)).toBe(false);
  });

  it('an agreement of another pair, or one ending before the period ends, does not', () => {
    expect(agreementCoversSecondment(agreement, { ...pair, schoolId: 'school-2' }, period)).toBe(false);
    expect(agreementCoversSecondment(agreement, pair, { start: '2026-12-01', end: '2027-01-31' })).toBe(false);
    expect(agreementCoversSecondment(agreement, pair, { start: '2025-12-31', end: '2026-01-31' })).toBe(false);
  });

  it('finds the covering agreement among several', () => {
    const old = { ...agreement, _id: 'agr-0', status: 'expired' as const };
    expect(coveringAgreement([old, agreement], pair, period)?._id).toBe('agr-1');
  });

  it('an agreement that states its programmes covers secondments only when it lists them', () => {
    expect(agreementCoversSecondment({ ...agreement, programmes: ['placements', 'secondments'] }, pair, period)).toBe(true);
    expect(agreementCoversSecondment({ ...agreement, programmes: ['placements', 'rd'] }, pair, period)).toBe(false);
    expect(agreementCoversSecondment({ ...agreement, programmes: ['placements'] }, pair, period)).toBe(false);
  });

  it('an agreement recorded without programmes covers secondments, as before the field existed', () => {
    expect(agreementCoversSecondment({ ...agreement, programmes: undefined }, pair, period)).toBe(true);
  });

  it('says why nothing covers: no active agreement over the period, or agreements that do not list secondments', () => {
    const placementsOnly = { ...agreement, programmes: ['placements'] as const };
    expect(secondmentCoverage([placementsOnly], pair, period)).toEqual({
      covered: false,
      reason: 'secondments-not-listed',
      agreements: [placementsOnly],
    });
    expect(secondmentCoverage([{ ...agreement, status: 'suspended' as const }], pair, period)).toEqual({
      covered: false,
      reason: 'no-active-agreement',
    });
    expect(secondmentCoverage([placementsOnly, { ...agreement, _id: 'agr-2' }], pair, period)).toMatchObject({
      covered: true,
      agreement: { _id: 'agr-2' },
    });
  });
});
