import { toCsv } from '@app/base';
import { ConversionReport } from './conversion-report';
import { PlacementReport } from './placement-report';

const FIGURE_COLUMNS = [
  'students',
  'placedStudents',
  'placementRate',
  'internshipsEnded',
  'internshipsHired',
  'hireRate',
  'medianDaysToPlacement',
] as const;

/** One row per programme and cohort, then a row `*`,`*` with the totals. */
export function placementReportCsv(report: PlacementReport): string {
  const rows = [
    ...report.groups.map((g) => [g.programme, g.cohort, ...FIGURE_COLUMNS.map((c) => g[c])]),
    ['*', '*', ...FIGURE_COLUMNS.map((c) => report.totals[c])],
  ];
  return toCsv(['programme', 'cohort', ...FIGURE_COLUMNS], rows);
}

export function destinationsCsv(report: PlacementReport): string {
  return toCsv(
    ['enterpriseId', 'enterpriseName', 'role', 'placements'],
    report.destinations.map((d) => [d.enterpriseId, d.enterpriseName, d.role, d.placements]),
  );
}

const CONVERSION_COLUMNS = ['internsStarted', 'internshipsEnded', 'hired', 'conversionRate'] as const;

/** One row per role, then a row `*` with the totals. */
export function conversionReportCsv(report: ConversionReport): string {
  const rows = [
    ...report.byRole.map((r) => [r.role, ...CONVERSION_COLUMNS.map((c) => r[c])]),
    ['*', ...CONVERSION_COLUMNS.map((c) => report.totals[c])],
  ];
  return toCsv(['role', ...CONVERSION_COLUMNS], rows);
}
