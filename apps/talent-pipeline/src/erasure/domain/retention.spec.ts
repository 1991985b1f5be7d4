import { expiredStudents } from './retention';

const now = new Date('2026-12-01T00:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
const student = (id: string, placements: { status: string; since: Date }[], registeredAt = daysAgo(1000)) => ({
  studentId: id,
  schoolId: 'school-1',
  registeredAt,
  placements,
});

describe('expiredStudents', () => {
  it('expires a placed student N days after the last placement ended, not before', () => {
    const students = [
      student('old', [
        { status: 'completed', since: daysAgo(400) },
        { status: 'terminated', since: daysAgo(200) },
      ]),
      student('recent', [{ status: 'hired', since: daysAgo(100) }]),
    ];
    expect(expiredStudents(students, { daysAfterLastPlacement: 180 }, now)).toEqual([
      { studentId: 'old', schoolId: 'school-1', rule: '180 days after the last placement ended' },
    ]);
  });

  it('never expires a student with an open placement', () => {
    const students = [
      student('busy', [
        { status: 'completed', since: daysAgo(900) },
        { status: 'active', since: daysAgo(800) },
      ]),
    ];
    expect(expiredStudents(students, { daysAfterLastPlacement: 10, unplacedDays: 10 }, now)).toEqual([]);
  });

  it('expires never-placed students only under their own rule', () => {
    const students = [student('idle', [], daysAgo(50)), student('new', [], daysAgo(5))];
    expect(expiredStudents(students, { daysAfterLastPlacement: 1 }, now)).toEqual([]);
    expect(expiredStudents(students, { unplacedDays: 30 }, now).map((s) => s.studentId)).toEqual(['idle']);
  });

  it('does nothing when no rule is set', () => {
    expect(expiredStudents([student('old', [{ status: 'completed', since: daysAgo(9999) }])], {}, now)).toEqual([]);
  });

  it('starts both periods again when the student moved to another school later', () => {
    const moved = (id: string, placements: { status: string; since: Date }[], movedAt: Date) => ({ ...student(id, placements), movedAt });
    const students = [
      moved('moved-unplaced', [], daysAgo(30)),
      moved('moved-placed', [{ status: 'completed', since: daysAgo(400) }], daysAgo(30)),
      moved('moved-long-ago', [{ status: 'completed', since: daysAgo(400) }], daysAgo(900)),
    ];
    expect(expiredStudents(students, { daysAfterLastPlacement: 180, unplacedDays: 365 }, now).map((e) => e.studentId)).toEqual([
      'moved-long-ago',
    ]);
  });
});
