import { conversionReport, ConversionReportBuilder } from './conversion-report';
import { placement } from './report-fixtures';

const TO_ACTIVE = ['proposed', 'offered', 'accepted', 'active'] as const;

describe('conversionReport', () => {
  it('converts interns to hires overall and per role, internships only', () => {
    const report = conversionReport([
      placement('s1', [...TO_ACTIVE, 'completed', 'hired'], { role: 'CNC intern' }),
      placement('s2', [...TO_ACTIVE, 'hired'], { role: 'CNC intern' }),
      placement('s3', [...TO_ACTIVE, 'completed'], { role: 'Welder' }),
      placement('s4', [...TO_ACTIVE, 'terminated'], { role: 'Welder' }),
      placement('s5', ['proposed', 'offered'], { role: 'Welder' }),
      placement('s6', [...TO_ACTIVE, 'hired'], { role: 'Welder', kind: 'job' }),
    ]);
    expect(report).toEqual({
      totals: { internsStarted: 4, internshipsEnded: 3, hired: 2, conversionRate: 0.6667 },
      byRole: [
        { role: 'CNC intern', internsStarted: 2, internshipsEnded: 2, hired: 2, conversionRate: 1 },
        { role: 'Welder', internsStarted: 2, internshipsEnded: 1, hired: 0, conversionRate: 0 },
      ],
    });
  });

  it('has no rate before any internship ended', () => {
    expect(conversionReport([placement('s1', [...TO_ACTIVE])]).totals).toEqual({
      internsStarted: 1,
      internshipsEnded: 0,
      hired: 0,
      conversionRate: null,
    });
  });
});

describe('ConversionReportBuilder', () => {
  it('tallies one placement at a time to the same report as the whole list', () => {
    const placements = [
      placement('s1', [...TO_ACTIVE, 'completed', 'hired'], { role: 'Welder' }),
      placement('s2', [...TO_ACTIVE, 'completed'], { role: 'CNC intern' }),
      placement('s3', ['proposed']),
      placement('s4', [...TO_ACTIVE], { kind: 'job' }),
      placement('s5', [...TO_ACTIVE, 'completed', 'hired']),
    ];
    const builder = new ConversionReportBuilder();
    for (const p of [...placements].reverse()) builder.add(p);
    expect(builder.report()).toEqual(conversionReport(placements));
  });
});
