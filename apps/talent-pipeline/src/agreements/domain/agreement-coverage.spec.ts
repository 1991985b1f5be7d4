import { agreementCovers, CoverableAgreement } from './agreement-coverage';

describe('agreementCovers', () => {
  const active: CoverableAgreement = {
    status: 'active',
    period: { from: '2026-03-01', to: '2026-08-31' },
    placementKinds: ['internship', 'apprenticeship'],
  };

  it('covers an allowed kind on a date inside the period, both ends included', () => {
    expect(agreementCovers(active, 'internship', '2026-05-10')).toBe(true);
    expect(agreementCovers(active, 'apprenticeship', '2026-03-01')).toBe(true);
    expect(agreementCovers(active, 'internship', '2026-08-31')).toBe(true);
    expect(agreementCovers(active, 'internship', new Date('2026-08-31T23:59:59Z'))).toBe(true);
  });

  it('does not cover a kind the agreement does not allow', () => {
    expect(agreementCovers(active, 'job', '2026-05-10')).toBe(false);
  });

  it('does not cover dates outside the period', () => {
    expect(agreementCovers(active, 'internship', '2026-02-28')).toBe(false);
    expect(agreementCovers(active, 'internship', new Date('2026-09-01T00:00:00Z'))).toBe(false);
  });

  it.each(['draft', 'suspended', 'terminated', 'expired'] as const)('does not cover anything while %s', (status) => {
    expect(agreementCovers({ ...active, status }, 'internship', '2026-05-10')).toBe(false);
  });
});
