import { DEFAULT_RULE_SET } from '../../compliance/domain/default-rule-set';
import { credentialDecision, highestTierMet, TierFacts, unmetCriteria } from './tier-rules';

const base: TierFacts = {
  applicable: true,
  compliant: true,
  creditedDays: 132,
  yearsTeaching: 1,
  completedSecondments: 1,
  deliverableKinds: [],
  mentorScore: null,
};
const tiers = DEFAULT_RULE_SET.tiers;

describe('double-qualified tiers (default criteria)', () => {
  it('a compliant teacher with one completed secondment is junior', () => {
    expect(highestTierMet(tiers, base)).toBe('junior');
  });

  it('intermediate needs three years of teaching, a deliverable and a mentor score of 3.5', () => {
    const facts = { ...base, yearsTeaching: 3, deliverableKinds: ['case-study' as const], mentorScore: 3.5 };
    expect(highestTierMet(tiers, facts)).toBe('intermediate');
    expect(highestTierMet(tiers, { ...facts, mentorScore: 3.4 })).toBe('junior');
  });

  it('senior needs a work-based-learning project among three deliverables and 198 credited days', () => {
    const facts: TierFacts = {
      ...base,
      creditedDays: 198,
      yearsTeaching: 9,
      completedSecondments: 2,
      deliverableKinds: ['case-study', 'course-materials', 'work-based-learning-project'],
      mentorScore: 4.5,
    };
    expect(highestTierMet(tiers, facts)).toBe('senior');
    const noProject = { ...facts, deliverableKinds: ['case-study' as const, 'course-materials' as const, 'case-study' as const] };
    expect(highestTierMet(tiers, noProject)).toBe('intermediate');
    expect(unmetCriteria(tiers[2], noProject)).toEqual(['no work-based-learning-project deliverable']);
  });

  it('no tier once the rolling rule stops being met, nor for a teacher the rule does not bind', () => {
    expect(highestTierMet(tiers, { ...base, compliant: false })).toBeNull();
    expect(highestTierMet(tiers, { ...base, applicable: false })).toBeNull();
  });

  it('keeps, issues, revokes or replaces the credential in force', () => {
    expect(credentialDecision(null, null)).toEqual({ revoke: false, issue: null });
    expect(credentialDecision(null, 'junior')).toEqual({ revoke: false, issue: 'junior' });
    expect(credentialDecision({ tier: 'junior' }, 'junior')).toEqual({ revoke: false, issue: null });
    expect(credentialDecision({ tier: 'junior' }, 'intermediate')).toEqual({ revoke: true, issue: 'intermediate' });
    expect(credentialDecision({ tier: 'senior' }, null)).toEqual({ revoke: true, issue: null });
  });

  it('issues the same tier again when the credential in force names the teacher otherwise', () => {
    expect(credentialDecision({ tier: 'junior' }, 'junior', true)).toEqual({ revoke: true, issue: 'junior' });
    expect(credentialDecision({ tier: 'junior' }, null, true)).toEqual({ revoke: true, issue: null });
    expect(credentialDecision(null, 'junior', true)).toEqual({ revoke: false, issue: 'junior' });
    expect(credentialDecision(null, null, true)).toEqual({ revoke: false, issue: null });
  });
});
