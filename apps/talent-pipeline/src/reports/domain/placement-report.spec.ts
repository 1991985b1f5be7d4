import { placementReport, PlacementReportBuilder } from './placement-report';
import { placement, student } from './report-fixtures';

const TO_ACTIVE = ['proposed', 'offered', 'accepted', 'active'] as const;

describe('placementReport', () => {
  const students = [
    student('s1', '2025-12-01'),
    student('s2', '2025-12-11'),
    student('s3', '2025-12-01'),
    student('s4', '2025-12-01', 'welding', '2024'),
  ];
  // s1: active on 2026-01-04 (34 days after registration), completed then hired
  // s2: active on 2026-01-04 (24 days), completed
  // s3: only proposed; s4 (welding): terminated before active, then a job placement active on 2026-02-04
  const placements = [
    placement('s1', [...TO_ACTIVE, 'completed', 'hired'], { enterpriseId: 'e1', role: 'CNC intern' }),
    placement('s2', [...TO_ACTIVE, 'completed'], { enterpriseId: 'e2', role: 'Welder' }),
    placement('s3', ['proposed']),
    placement('s4', ['proposed', 'terminated'], { programme: 'welding', cohort: '2024' }),
    placement('s4', [...TO_ACTIVE], {
      programme: 'welding',
      cohort: '2024',
      kind: 'job',
      role: 'Welder',
      enterpriseId: 'e2',
      from: '2026-02-01',
    }),
  ];
  const report = placementReport(students, placements, new Map([['e1', 'Precision Motors']]));

  it('computes the totals', () => {
    expect(report.totals).toEqual({
      students: 4,
      placedStudents: 3,
      placementRate: 0.75,
      internshipsEnded: 2,
      internshipsHired: 1,
      hireRate: 0.5,
      // 34, 24 and 65 days: the median is 34
      medianDaysToPlacement: 34,
    });
  });

  it('breaks the figures down per programme and cohort', () => {
    expect(report.groups).toEqual([
      {
        programme: 'mechatronics',
        cohort: '2025',
        students: 3,
        placedStudents: 2,
        placementRate: 0.6667,
        internshipsEnded: 2,
        internshipsHired: 1,
        hireRate: 0.5,
        medianDaysToPlacement: 29,
      },
      {
        programme: 'welding',
        cohort: '2024',
        students: 1,
        placedStudents: 1,
        placementRate: 1,
        internshipsEnded: 0,
        internshipsHired: 0,
        hireRate: null,
        medianDaysToPlacement: 65,
      },
    ]);
  });

  it('lists destinations of placements that reached active, busiest first', () => {
    expect(report.destinations).toEqual([
      { enterpriseId: 'e2', enterpriseName: null, role: 'Welder', placements: 2 },
      { enterpriseId: 'e1', enterpriseName: 'Precision Motors', role: 'CNC intern', placements: 1 },
    ]);
  });

  it('counts a placement terminated after it was active as placed, and not as an ended internship', () => {
    const r = placementReport([student('s1', '2026-01-01')], [placement('s1', [...TO_ACTIVE, 'terminated'])]);
    expect(r.totals).toMatchObject({ placedStudents: 1, placementRate: 1, internshipsEnded: 0, hireRate: null, medianDaysToPlacement: 3 });
  });

  it('counts a hire straight from active as an ended internship', () => {
    const r = placementReport([student('s1', '2026-01-01')], [placement('s1', [...TO_ACTIVE, 'hired'])]);
    expect(r.totals).toMatchObject({ internshipsEnded: 1, internshipsHired: 1, hireRate: 1 });
  });

  it('takes the first active placement of a student for time to placement', () => {
    const r = placementReport(
      [student('s1', '2026-01-01')],
      [placement('s1', [...TO_ACTIVE], { from: '2026-03-01' }), placement('s1', [...TO_ACTIVE], { from: '2026-01-11' })],
    );
    expect(r.totals.medianDaysToPlacement).toBe(13);
    expect(r.totals.placedStudents).toBe(1);
  });

  it('reports an empty school with null rates', () => {
    expect(placementReport([], [])).toEqual({
      totals: {
        students: 0,
        placedStudents: 0,
        placementRate: null,
        internshipsEnded: 0,
        internshipsHired: 0,
        hireRate: null,
        medianDaysToPlacement: null,
      },
      groups: [],
      destinations: [],
    });
  });
});

describe('PlacementReportBuilder', () => {
  const students = [
    student('s1', '2025-12-01'),
    student('s2', '2025-12-11'),
    student('s3', '2025-12-01', 'welding', '2024'),
    student('s4', '2025-11-20', 'welding', '2024'),
  ];
  const placements = [
    placement('s1', [...TO_ACTIVE, 'completed', 'hired'], { enterpriseId: 'e1' }),
    placement('s1', [...TO_ACTIVE], { enterpriseId: 'e2', kind: 'job', role: 'Technician', from: '2026-03-01' }),
    placement('s2', [...TO_ACTIVE, 'completed'], { enterpriseId: 'e2', role: 'Welder' }),
    placement('s3', ['proposed', 'terminated'], { programme: 'welding', cohort: '2024' }),
    placement('s4', [...TO_ACTIVE, 'terminated'], { programme: 'welding', cohort: '2024', enterpriseId: 'e3', from: '2026-01-10' }),
    placement('s9', [...TO_ACTIVE], { enterpriseId: 'e3' }), // a student outside the scope
  ];
  const names = new Map([
    ['e1', 'Precision Motors'],
    ['e3', 'Harbour Works'],
  ]);

  it('gives the same report whatever the order the students and placements stream in, interleaved', () => {
    const expected = placementReport(students, placements, names);
    const builder = new PlacementReportBuilder();
    // placements first for some, students first for others, as two cursors read side by side deliver them
    const feed: (() => void)[] = [
      () => builder.addPlacement(placements[5]),
      () => builder.addStudent(students[2]),
      () => builder.addPlacement(placements[0]),
      () => builder.addPlacement(placements[3]),
      () => builder.addStudent(students[0]),
      () => builder.addStudent(students[3]),
      () => builder.addPlacement(placements[4]),
      () => builder.addPlacement(placements[2]),
      () => builder.addStudent(students[1]),
      () => builder.addPlacement(placements[1]),
    ];
    feed.forEach((add) => add());
    expect(builder.report(names)).toEqual(expected);
    expect(builder.enterpriseIds().sort()).toEqual(['e1', 'e2', 'e3']);
  });
});
