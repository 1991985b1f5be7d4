import {
  AGREEMENT_STATUSES,
  AgreementStatus,
  assertAgreementTransition,
  canTransitionAgreement,
  IllegalAgreementTransitionError,
} from './agreement-lifecycle';

describe('agreement lifecycle', () => {
  const legal: [AgreementStatus, AgreementStatus][] = [
    ['draft', 'active'],
    ['draft', 'terminated'],
    ['active', 'suspended'],
    ['active', 'terminated'],
    ['active', 'expired'],
    ['suspended', 'active'],
    ['suspended', 'terminated'],
    ['suspended', 'expired'],
  ];

  it.each(legal)('allows %s -> %s', (from, to) => {
    expect(canTransitionAgreement(from, to)).toBe(true);
    expect(() => assertAgreementTransition(from, to)).not.toThrow();
  });

  const illegal = AGREEMENT_STATUSES.flatMap((from) =>
    AGREEMENT_STATUSES.filter((to) => !legal.some(([f, t]) => f === from && t === to)).map((to) => [from, to] as const),
  );

  it.each(illegal)('rejects %s -> %s', (from, to) => {
    expect(canTransitionAgreement(from, to)).toBe(false);
    expect(() => assertAgreementTransition(from, to)).toThrow(IllegalAgreementTransitionError);
  });

  it('never leaves a final status', () => {
    for (const to of AGREEMENT_STATUSES) {
      expect(canTransitionAgreement('terminated', to)).toBe(false);
      expect(canTransitionAgreement('expired', to)).toBe(false);
    }
  });

  it('explains what is allowed instead', () => {
    expect(() => assertAgreementTransition('draft', 'suspended')).toThrow(
      'an agreement cannot go from draft to suspended; allowed from draft: active, terminated',
    );
    expect(() => assertAgreementTransition('expired', 'active')).toThrow('allowed from expired: none (final status)');
  });
});
