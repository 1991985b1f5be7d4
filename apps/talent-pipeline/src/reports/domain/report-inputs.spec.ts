import { PlacementStatus } from '../../placements/domain/placement-lifecycle';
import { conversionReport } from './conversion-report';
import { placementReport } from './placement-report';
import { placement, student } from './report-fixtures';
import { firstActiveAt, reachedActive, reachedEnd, reportHistory } from './report-inputs';

describe('reportHistory: the history entries the figures read', () => {
  const paths: PlacementStatus[][] = [
    ['proposed'],
    ['proposed', 'offered', 'accepted', 'active'],
    ['proposed', 'offered', 'accepted', 'active', 'completed'],
    ['proposed', 'offered', 'accepted', 'active', 'completed', 'hired'],
    ['proposed', 'offered', 'accepted', 'active', 'terminated'],
    ['proposed', 'offered', 'terminated'],
    ['proposed', 'offered', 'accepted', 'active', 'completed', 'active', 'completed', 'hired'],
  ];

  it('keeps the first active and the first completed entry, in order, and nothing else', () => {
    const history = placement('s1', ['proposed', 'offered', 'accepted', 'active', 'completed', 'active', 'completed']).history;
    expect(reportHistory(history)).toEqual([history[3], history[4]]);
    expect(reportHistory(placement('s1', ['proposed', 'offered', 'terminated']).history)).toEqual([]);
  });

  it.each(paths.map((path) => [path.join(' → '), path]))('answers every figure as the whole history does: %s', (_name, path) => {
    const whole = placement('s1', path as PlacementStatus[]);
    const kept = { ...whole, history: reportHistory(whole.history) };
    expect(firstActiveAt(kept)).toEqual(firstActiveAt(whole));
    expect(reachedActive(kept)).toBe(reachedActive(whole));
    expect(reachedEnd(kept)).toBe(reachedEnd(whole));
  });

  it('gives the same reports over placements with only those entries', () => {
    const students = [student('s1', '2025-12-01'), student('s2', '2025-12-05')];
    const placements = paths.map((path, i) => placement(i % 2 ? 's1' : 's2', path, { enterpriseId: `e${i % 3}` }));
    const trimmed = placements.map((p) => ({ ...p, history: reportHistory(p.history) }));
    expect(placementReport(students, trimmed)).toEqual(placementReport(students, placements));
    expect(conversionReport(trimmed)).toEqual(conversionReport(placements));
  });
});
