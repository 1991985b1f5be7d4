import { PlacementStatus } from './placement-lifecycle';

export interface Evaluation {
  evaluator: string;
  /** Competency name -> score 1..5. */
  scores: Record<string, number>;
  comment?: string;
  at: string;
}

export interface EvaluationSummary {
  count: number;
  /** Mean of all scores of all evaluations, 2 decimals; null without evaluations. */
  averageScore: number | null;
  /** Mean score per competency, 2 decimals. */
  competencies: Record<string, number>;
}

export class EvaluationRefusedError extends Error {}

/** Supervisors evaluate during the placement and may still do so once it is completed. */
export function assertCanEvaluate(status: PlacementStatus): void {
  if (status !== 'active' && status !== 'completed') {
    throw new EvaluationRefusedError(`evaluations are accepted while the placement is active or completed; it is ${status}`);
  }
}

export function scoreProblems(scores: unknown): { field: string; message: string }[] {
  if (typeof scores !== 'object' || scores === null || Array.isArray(scores)) {
    return [{ field: 'scores', message: 'must be an object of competency -> score' }];
  }
  const entries = Object.entries(scores);
  if (entries.length === 0) return [{ field: 'scores', message: 'must score at least one competency' }];
  if (entries.length > 50) return [{ field: 'scores', message: 'at most 50 competencies' }];
  return entries.flatMap(([competency, score]) => {
    if (competency.trim() === '' || competency.length > 100) {
      return [{ field: `scores.${competency}`, message: 'competency names are 1-100 characters' }];
    }
    if (!Number.isInteger(score) || (score as number) < 1 || (score as number) > 5) {
      return [{ field: `scores.${competency}`, message: 'must be an integer from 1 to 5' }];
    }
    return [];
  });
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function summarizeEvaluations(evaluations: readonly Evaluation[]): EvaluationSummary {
  const perCompetency = new Map<string, number[]>();
  const all: number[] = [];
  for (const evaluation of evaluations) {
    for (const [competency, score] of Object.entries(evaluation.scores)) {
      perCompetency.set(competency, [...(perCompetency.get(competency) ?? []), score]);
      all.push(score);
    }
  }
  const mean = (xs: number[]) => round2(xs.reduce((a, b) => a + b, 0) / xs.length);
  const competencies: Record<string, number> = {};
  for (const [competency, scores] of [...perCompetency].sort(([a], [b]) => a.localeCompare(b))) competencies[competency] = mean(scores);
  return { count: evaluations.length, averageScore: all.length ? mean(all) : null, competencies };
}
