import { RD_PLACEMENT_REFUSAL_REASONS } from '@app/contracts';
import { PlaceabilityProblem } from '../../placements/domain/placeability';
import { refusalOf } from './refusal';

describe('refusalOf: why the talent pipeline refused an R&D internship, as the R&D project is told', () => {
  it('reads an unknown student or enterprise from the field the problem names', () => {
    const unknown = (field: string) => ({
      title: 'invalid request',
      detail: 'unknown references',
      errors: [{ field, message: 'no such' }],
    });
    expect(refusalOf(unknown('studentId')).reason).toBe('unknown-student');
    expect(refusalOf(unknown('enterpriseId')).reason).toBe('unknown-enterprise');
  });

  it('names the cooperation rule that refused it, with the rule’s own words', () => {
    expect(refusalOf({ title: PlaceabilityProblem.noAgreement, detail: 'no active agreement covers a rd-internship' })).toEqual({
      reason: 'no-agreement',
      detail: 'no active agreement covers a rd-internship',
    });
    expect(refusalOf({ title: PlaceabilityProblem.consentMissing, detail: 'consent not in force' })).toEqual({
      reason: 'consent-missing',
      detail: 'consent not in force',
    });
  });

  it('calls anything else a proposal to change, saying what was wrong, within the contract’s 1,000 characters', () => {
    const refusal = refusalOf({ title: 'invalid request', errors: [{ field: 'endDate', message: 'x'.repeat(2_000) }] });
    expect(refusal.reason).toBe('invalid-proposal');
    expect(refusal.detail.startsWith('invalid request; endDate: xxx')).toBe(true);
    expect(refusal.detail).toHaveLength(1_000);
    expect(RD_PLACEMENT_REFUSAL_REASONS).toContain(refusal.reason);
  });
});
