import { assertChangeDecider, assertInsidePeriod, assertRevenueShare, decideMilestone, ProjectRuleError } from './project-rules';

describe('project rules', () => {
  const period = { start: '2026-04-01', end: '2026-12-31' };

  it('accepts dates inside the period, both ends included, and refuses others with 422', () => {
    expect(() => assertInsidePeriod('2026-04-01', period, 'dueOn', 'due date')).not.toThrow();
    expect(() => assertInsidePeriod('2026-12-31', period, 'dueOn', 'due date')).not.toThrow();
    try {
      assertInsidePeriod('2027-01-01', period, 'dueOn', 'due date');
      fail('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(ProjectRuleError);
      expect((error as ProjectRuleError).status).toBe(422);
      expect((error as ProjectRuleError).field).toBe('dueOn');
    }
  });

  it('lets the school deliver and only the enterprise accept or reject', () => {
    expect(decideMilestone('planned', 'deliver', 'school')).toBe('delivered');
    expect(decideMilestone('delivered', 'accept', 'enterprise')).toBe('accepted');
    expect(decideMilestone('delivered', 'reject', 'enterprise')).toBe('rejected');
    expect(decideMilestone('rejected', 'deliver', 'school')).toBe('delivered');
    expect(() => decideMilestone('delivered', 'accept', 'school')).toThrow('only the enterprise');
    expect(() => decideMilestone('delivered', 'accept', 'operator')).toThrow('only the enterprise');
    expect(() => decideMilestone('planned', 'accept', 'enterprise')).toThrow('only a delivered milestone');
    expect(() => decideMilestone('accepted', 'deliver', 'school')).toThrow('cannot be delivered');
  });

  it('has change requests decided by the other side only, once', () => {
    expect(() => assertChangeDecider('school', 'enterprise', 'proposed')).not.toThrow();
    expect(() => assertChangeDecider('school', 'school', 'proposed')).toThrow('the other side');
    expect(() => assertChangeDecider('school', 'enterprise', 'approved')).toThrow('already approved');
  });

  it('needs revenue shares to add up to 100 %', () => {
    expect(() => assertRevenueShare({ enterpriseBasisPoints: 7000, schoolBasisPoints: 3000 })).not.toThrow();
    expect(() => assertRevenueShare({ enterpriseBasisPoints: 7000, schoolBasisPoints: 2999 })).toThrow('10000');
  });
});
