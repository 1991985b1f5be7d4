import { assertStageTransition, IllegalStageTransitionError } from './proposal-stages';

describe('proposal stages', () => {
  it('walks submitted -> qualified -> shortlisted -> selected', () => {
    expect(() => assertStageTransition('submitted', 'qualified', false)).not.toThrow();
    expect(() => assertStageTransition('qualified', 'shortlisted', false)).not.toThrow();
    expect(() => assertStageTransition('shortlisted', 'selected', false)).not.toThrow();
  });

  it('declines from any open stage', () => {
    for (const from of ['submitted', 'qualified', 'shortlisted'] as const) {
      expect(() => assertStageTransition(from, 'declined', false)).not.toThrow();
    }
  });

  it('refuses skipping a stage, leaving a final stage, and a second selection', () => {
    expect(() => assertStageTransition('submitted', 'selected', false)).toThrow(IllegalStageTransitionError);
    expect(() => assertStageTransition('declined', 'qualified', false)).toThrow('final stage');
    expect(() => assertStageTransition('selected', 'declined', false)).toThrow(IllegalStageTransitionError);
    expect(() => assertStageTransition('shortlisted', 'selected', true)).toThrow('already selected');
  });
});
