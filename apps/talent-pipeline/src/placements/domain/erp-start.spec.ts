import { AgreementSignature } from './agreement-sign-off';
import { decideErpStart } from './erp-start';

const signed = (...parties: AgreementSignature['party'][]) => ({
  signatures: parties.map((party) => ({ party, signedBy: party, signedAt: '2026-02-20T10:00:00Z' })),
});

describe("an ERP's start of a placement (pure decision)", () => {
  it('starts an accepted placement whose agreement the school, the enterprise and the student signed', () => {
    expect(decideErpStart({ _id: 'pl-1', status: 'accepted', agreement: signed('school', 'enterprise', 'student') })).toEqual({
      kind: 'start',
    });
  });

  it('waits for the signatures that are missing, naming them', () => {
    expect(decideErpStart({ _id: 'pl-1', status: 'accepted', agreement: signed('enterprise') })).toEqual({
      kind: 'unsigned',
      missing: ['school', 'student'],
      reason: 'placement pl-1 cannot be started yet: the placement agreement lacks the signatures of school, student',
    });
    expect(decideErpStart({ _id: 'pl-1', status: 'accepted' })).toMatchObject({
      kind: 'unsigned',
      missing: ['school', 'enterprise', 'student'],
    });
  });

  it("wants the guardian's signature, not the minor's", () => {
    const minor = { _id: 'pl-1', status: 'accepted' as const, guardianRequired: true };
    expect(decideErpStart({ ...minor, agreement: signed('school', 'enterprise', 'student') })).toMatchObject({
      kind: 'unsigned',
      missing: ['guardian'],
    });
    expect(decideErpStart({ ...minor, agreement: signed('school', 'enterprise', 'guardian') })).toEqual({ kind: 'start' });
  });

  it('refuses a placement that is not accepted, whatever is signed', () => {
    for (const status of ['proposed', 'offered', 'active', 'completed', 'terminated', 'hired'] as const) {
      expect(decideErpStart({ _id: 'pl-1', status, agreement: signed('school', 'enterprise', 'student') })).toEqual({
        kind: 'wrong-status',
        reason: `placement pl-1 is ${status} and cannot be started`,
      });
    }
  });
});
