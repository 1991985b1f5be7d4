import {
  AgreementNotSignedError,
  AgreementSignature,
  assertAgreementSigned,
  assertCanSign,
  isMinorOn,
  missingParties,
  requiredParties,
  SignatureRefusedError,
  signedInTheFuture,
} from './agreement-sign-off';

const signed = (...parties: AgreementSignature['party'][]): AgreementSignature[] =>
  parties.map((party) => ({ party, signedBy: `${party} signer`, signedAt: '2026-02-01T00:00:00.000Z' }));

describe('agreement sign-off', () => {
  it('needs school, enterprise and the student for an adult', () => {
    expect(requiredParties(false)).toEqual(['school', 'enterprise', 'student']);
  });

  it('needs the guardian instead of the student for a minor', () => {
    expect(requiredParties(true)).toEqual(['school', 'enterprise', 'guardian']);
  });

  it('lists the parties that have not signed yet, in order', () => {
    expect(missingParties(false, [])).toEqual(['school', 'enterprise', 'student']);
    expect(missingParties(false, signed('enterprise'))).toEqual(['school', 'student']);
    expect(missingParties(true, signed('school', 'enterprise', 'student'))).toEqual(['guardian']);
    expect(missingParties(true, signed('school', 'enterprise', 'guardian'))).toEqual([]);
  });

  it('refuses activation with the missing parties named', () => {
    let caught: unknown;
    try {
      assertAgreementSigned(false, signed('school'));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AgreementNotSignedError);
    expect(caught).toMatchObject({
      missing: ['enterprise', 'student'],
      message: 'the placement agreement is not signed by: enterprise, student',
    });
    expect(() => assertAgreementSigned(false, signed('school', 'enterprise', 'student'))).not.toThrow();
  });

  describe('assertCanSign', () => {
    it.each(['proposed', 'offered', 'accepted'] as const)('accepts signatures while %s', (status) => {
      expect(() => assertCanSign(status, false, [], 'school')).not.toThrow();
    });

    it.each(['active', 'completed', 'terminated', 'hired'] as const)('refuses signatures once %s', (status) => {
      expect(() => assertCanSign(status, false, [], 'school')).toThrow(SignatureRefusedError);
    });

    it('refuses a second signature of the same party', () => {
      expect(() => assertCanSign('accepted', false, signed('school'), 'school')).toThrow('the school has already signed this agreement');
    });

    it('refuses a guardian when the student is an adult', () => {
      expect(() => assertCanSign('offered', false, [], 'guardian')).toThrow(/no guardian signature is required/);
      expect(() => assertCanSign('offered', true, [], 'guardian')).not.toThrow();
    });

    it("takes a minor's own signature too (it just does not replace the guardian's)", () => {
      expect(() => assertCanSign('offered', true, [], 'student')).not.toThrow();
    });
  });

  describe('signedInTheFuture', () => {
    // 23:00 UTC on 20 February: already 07:00 on 21 February in Beijing, and 13:00 in Kiribati (UTC+14).
    const now = new Date('2026-02-20T23:00:00Z');

    it("takes a calendar day that has begun somewhere: the signers' today east of UTC", () => {
      expect(signedInTheFuture('2026-02-21', now)).toBe(false);
      expect(signedInTheFuture('2026-02-20', now)).toBe(false);
      expect(signedInTheFuture('2026-02-22', now)).toBe(true);
      // 09:59 UTC is 23:59 in Kiribati: the next day has begun nowhere yet.
      expect(signedInTheFuture('2026-02-21', new Date('2026-02-20T09:59:00Z'))).toBe(true);
    });

    it('allows an instant a few minutes of clock skew ahead, not more', () => {
      expect(signedInTheFuture('2026-02-20T23:04:00Z', now)).toBe(false);
      expect(signedInTheFuture('2026-02-21T07:04:00+08:00', now)).toBe(false);
      expect(signedInTheFuture('2026-02-20T23:06:00Z', now)).toBe(true);
    });
  });

  describe('isMinorOn', () => {
    it.each([
      ['2008-03-01', '2026-03-01', false],
      ['2008-03-02', '2026-03-01', true],
      ['2008-02-29', '2026-02-28', true],
      ['2000-01-01', '2026-03-01', false],
      ['2010-12-31', '2026-03-01', true],
    ])('born %s, on %s minor = %s', (birth, day, minor) => {
      expect(isMinorOn(birth, day)).toBe(minor);
    });
  });
});
