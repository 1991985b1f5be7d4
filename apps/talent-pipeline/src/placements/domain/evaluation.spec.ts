import { assertCanEvaluate, EvaluationRefusedError, scoreProblems, summarizeEvaluations } from './evaluation';

describe('supervisor evaluations', () => {
  it('are accepted while active or completed only', () => {
    expect(() => assertCanEvaluate('active')).not.toThrow();
    expect(() => assertCanEvaluate('completed')).not.toThrow();
    for (const status of ['proposed', 'offered', 'accepted', 'terminated', 'hired'] as const) {
      expect(() => assertCanEvaluate(status)).toThrow(EvaluationRefusedError);
    }
  });

  it('take integer scores 1-5 per competency, naming the bad one', () => {
    expect(scoreProblems({ safety: 5, teamwork: 1 })).toEqual([]);
    expect(scoreProblems({ safety: 6 })).toEqual([{ field: 'scores.safety', message: 'must be an integer from 1 to 5' }]);
    expect(scoreProblems({ safety: 0 })).toEqual([{ field: 'scores.safety', message: 'must be an integer from 1 to 5' }]);
    expect(scoreProblems({ safety: 3.5 })).toEqual([{ field: 'scores.safety', message: 'must be an integer from 1 to 5' }]);
    expect(scoreProblems({ safety: '4' })).toEqual([{ field: 'scores.safety', message: 'must be an integer from 1 to 5' }]);
    expect(scoreProblems({})).toEqual([{ field: 'scores', message: 'must score at least one competency' }]);
    expect(scoreProblems([4])).toEqual([{ field: 'scores', message: 'must be an object of competency -> score' }]);
  });

  it('summarise as mean per competency and overall', () => {
    expect(
      summarizeEvaluations([
        { evaluator: 'a', scores: { safety: 5, teamwork: 4 }, at: '2026-04-01T00:00:00Z' },
        { evaluator: 'b', scores: { safety: 4, cnc: 2 }, at: '2026-05-01T00:00:00Z' },
      ]),
    ).toEqual({ count: 2, averageScore: 3.75, competencies: { cnc: 2, safety: 4.5, teamwork: 4 } });
  });

  it('summarise nothing as count 0 and no average', () => {
    expect(summarizeEvaluations([])).toEqual({ count: 0, averageScore: null, competencies: {} });
  });
});
