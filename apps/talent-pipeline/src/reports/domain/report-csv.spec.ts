import { conversionReport } from './conversion-report';
import { placementReport } from './placement-report';
import { conversionReportCsv, destinationsCsv, placementReportCsv } from './report-csv';
import { placement, student } from './report-fixtures';

describe('report CSV', () => {
  const report = placementReport(
    [student('s1', '2025-12-31'), student('s2', '2025-12-31')],
    [placement('s1', ['proposed', 'offered', 'accepted', 'active', 'completed'], { role: 'Welder, "senior"' })],
    new Map([['e1', 'Precision, Motors']]),
  );

  it('has one row per programme and cohort and a * totals row', () => {
    expect(placementReportCsv(report).split('\r\n')).toEqual([
      'programme,cohort,students,placedStudents,placementRate,internshipsEnded,internshipsHired,hireRate,medianDaysToPlacement',
      'mechatronics,2025,2,1,0.5,1,0,0,4',
      '*,*,2,1,0.5,1,0,0,4',
      '',
    ]);
  });

  it('escapes enterprise names and roles in destinations', () => {
    expect(destinationsCsv(report)).toBe(
      'enterpriseId,enterpriseName,role,placements\r\ne1,"Precision, Motors","Welder, ""senior""",1\r\n',
    );
  });

  it('writes conversion per role with a totals row, empty for no rate', () => {
    expect(conversionReportCsv(conversionReport([placement('s1', ['proposed', 'offered', 'accepted', 'active'])]))).toBe(
      'role,internsStarted,internshipsEnded,hired,conversionRate\r\nCNC intern,1,0,0,\r\n*,1,0,0,\r\n',
    );
  });

  it('quotes a role holding ; (a list separator in some locales) and keeps a formula-like one as text', () => {
    const csv = conversionReportCsv(
      conversionReport([
        placement('s1', ['proposed', 'offered', 'accepted', 'active'], { role: 'a;=1+1' }),
        placement('s2', ['proposed', 'offered', 'accepted', 'active'], { role: '=1+1' }),
      ]),
    );
    expect(csv).toContain('\r\n"a;=1+1",1,0,0,\r\n');
    expect(csv).toContain("\r\n'=1+1,1,0,0,\r\n");
  });
});
