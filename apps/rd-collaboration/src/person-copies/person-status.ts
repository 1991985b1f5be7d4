import { PLACEMENT_OUTCOME_ORDER, PlacementCopy, SECONDMENT_STEPS, SecondmentCopy } from './person-copy.documents';

/** The latest step by time; on equal times the later lifecycle step wins (events may arrive out of order). */
function latest<K extends string>(steps: Partial<Record<K, string>>, order: readonly K[]): K | undefined {
  let best: K | undefined;
  for (const step of order) {
    const at = steps[step];
    if (at !== undefined && (best === undefined || at >= steps[best]!)) best = step;
  }
  return best;
}

export function placementStatus(p: Pick<PlacementCopy, 'outcomes'>) {
  // A hire is final whatever arrives after it.
  if (p.outcomes.hired) return 'hired';
  return latest(p.outcomes, PLACEMENT_OUTCOME_ORDER) ?? 'unknown';
}

export function secondmentStatus(s: Pick<SecondmentCopy, 'steps'>) {
  return latest(s.steps, SECONDMENT_STEPS) ?? 'unknown';
}
