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

interface ConversionTally {
  internsStarted: number;
  internshipsEnded: number;
  hired: number;
}

function figures(tally: ConversionTally): ConversionFigures {
  return { ...tally, conversionRate: rate(tally.hired, tally.internshipsEnded) };
}

/** An enterprise's conversion of interns to hires, overall and per role (internships only). */
export function conversionReport(placements: Iterable<ReportPlacement>): ConversionReport {
  const builder = new ConversionReportBuilder();
  for (const placement of placements) builder.add(placement);
  return builder.report();
}

/** The same report, one placement at a time (straight from a cursor): it keeps three counts per role. */
export class ConversionReportBuilder {
  private readonly total: ConversionTally = { internsStarted: 0, internshipsEnded: 0, hired: 0 };
  private readonly roles = new Map<string, ConversionTally>();

  add(placement: ReportPlacement): void {
    if (placement.kind !== 'internship') return;
    let role = this.roles.get(placement.role);
    if (!role) {
      role = { internsStarted: 0, internshipsEnded: 0, hired: 0 };
      this.roles.set(placement.role, role);
    }
    for (const tally of [this.total, role]) {
      if (reachedActive(placement)) tally.internsStarted++;
      if (reachedEnd(placement)) {
        tally.internshipsEnded++;
        if (placement.status === 'hired') tally.hired++;
      }
    }
  }

  report(): ConversionReport {
    return {
      totals: figures(this.total),
      byRole: [...this.roles.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([role, tally]) => ({ role, ...figures(tally) })),
    };
  }
}
