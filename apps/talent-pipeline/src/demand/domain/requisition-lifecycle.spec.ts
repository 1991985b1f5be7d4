import {
  assertRequisitionTransition,
  canTransitionRequisition,
  IllegalRequisitionTransitionError,
  REQUISITION_STATUSES,
  RequisitionStatus,
} from './requisition-lifecycle';

describe('requisition lifecycle', () => {
  it.each([
    ['open', 'filled'],
    ['open', 'closed'],
  ] as const)('allows %s -> %s', (from, to) => {
    expect(canTransitionRequisition(from, to)).toBe(true);
    expect(() => assertRequisitionTransition(from, to)).not.toThrow();
  });

  const legal = new Set(['open>filled', 'open>closed']);
  const illegal = REQUISITION_STATUSES.flatMap((from) =>
    REQUISITION_STATUSES.filter((to) => !legal.has(`${from}>${to}`)).map((to) => [from, to] as [RequisitionStatus, RequisitionStatus]),
  );

  it.each(illegal)('rejects %s -> %s with an error naming both and what is allowed', (from, to) => {
    expect(canTransitionRequisition(from, to)).toBe(false);
    let error: unknown;
    try {
      assertRequisitionTransition(from, to);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IllegalRequisitionTransitionError);
    expect((error as Error).message).toContain(`from ${from} to ${to}`);
    expect((error as Error).message).toContain(from === 'open' ? 'allowed from open: filled, closed' : 'none');
  });

  it('treats filled and closed as final', () => {
    for (const to of REQUISITION_STATUSES) {
      expect(canTransitionRequisition('filled', to)).toBe(false);
      expect(canTransitionRequisition('closed', to)).toBe(false);
    }
  });
});
