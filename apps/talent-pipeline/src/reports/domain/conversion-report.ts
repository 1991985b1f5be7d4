import { rate, reachedActive, reachedEnd, ReportPlacement } from './report-inputs';

export interface ConversionFigures {
  /** Internships that reached active. */
  internsStarted: number;
  /** Internships that reached completed or hired. */
  internshipsEnded: number;
  /** Internships that ended in a hire. */
  hired: number;
  /** hired / internshipsEnded. */
  conversionRate: number | null;
}

export interface ConversionReport {
  totals: ConversionFigures;
  byRole: (ConversionFigures & { role: string })[];
}

function figures(placements: readonly ReportPlacement[]): ConversionFigures {
  const ended = placements.filter(reachedEnd);
  const hired = ended.filter((p) => p.status === 'hired').length;
  return {
    internsStarted: placements.filter(reachedActive).length,
    internshipsEnded: ended.length,
    hired,
    conversionRate: rate(hired, ended.length),
  };
}

/** An enterprise's conversion of interns to hires, overall and per role (internships only). */
export function conversionReport(placements: readonly ReportPlacement[]): ConversionReport {
  const internships = placements.filter((p) => p.kind === 'internship');
  const roles = [...new Set(internships.map((p) => p.role))].sort((a, b) => a.localeCompare(b));
  return {
    totals: figures(internships),
    byRole: roles.map((role) => ({ role, ...figures(internships.filter((p) => p.role === role)) })),
  };
}
