import { objectionChangeOrder, teachersOfFinishedWork, teacherWithheld, withheldTeachers } from './teacher-objection';

const project = (id: string, status: 'active' | 'closed', closedAt = '2026-12-01T10:00:00.000Z') => ({
  id,
  enterpriseId: 'e-1',
  schoolId: 's-1',
  status,
  ...(status === 'closed' ? { closure: { summary: 'done', lessonsLearned: '', closedAt } } : { closure: null }),
  participants: [
    { participationId: `${id}-a`, kind: 'teacher' as const, personId: 't-1', name: 'Zhang Min', role: 'PI' },
    { participationId: `${id}-b`, kind: 'teacher' as const, personId: 't-2', name: 'Zhou Min', role: 'Tooling' },
    { participationId: `${id}-c`, kind: 'student' as const, personId: 'st-1', name: 'Li Wei', role: 'Integration' },
  ],
});

const proposal = (id: string, finishedAt: string | null) => ({
  id,
  enterpriseId: 'e-1',
  schoolId: 's-1',
  stage: finishedAt ? 'declined' : 'shortlisted',
  finishedAt,
  team: [
    { kind: 'teacher' as const, personId: 't-1', name: 'Zhang Min', role: 'PI' },
    { kind: 'student' as const, personId: 'st-1', name: 'Li Wei', role: 'Integration' },
  ],
});

/** The day the work finished plus `days`, as the rule counts (whole UTC days). */
const rule = (viewDays: number, today = '2026-12-06') => ({ today, viewDays });

describe("teachers' host objections and the host's view limit in R&D views", () => {
  it('orders changes by instant, whatever the precision of the timestamps', () => {
    expect(objectionChangeOrder('2026-12-06T09:00:00Z')).toBe(objectionChangeOrder('2026-12-06T09:00:00.000Z'));
    expect(objectionChangeOrder('2026-12-06T09:00:00.001Z')).toBeGreaterThan(objectionChangeOrder('2026-12-06T09:00:00Z'));
    // Compared as strings, '…00Z' would sort after '…00.5Z'; as instants it is earlier.
    expect(objectionChangeOrder('2026-12-06T09:00:00Z')).toBeLessThan(objectionChangeOrder('2026-12-06T09:00:00.5Z'));
  });

  it('looks up the teachers of finished work only (closed projects, finished proposals), each once', () => {
    expect(
      teachersOfFinishedWork([
        project('p-1', 'closed'),
        project('p-2', 'closed'),
        project('p-3', 'active'),
        proposal('pr-1', null),
        { ...proposal('pr-2', '2026-12-01T10:00:00.000Z'), team: [{ kind: 'teacher' as const, personId: 't-9' }] },
      ]),
    ).toEqual(['t-1', 't-2', 't-9']);
    expect(teachersOfFinishedWork([project('p-3', 'active'), proposal('pr-1', null)])).toEqual([]);
  });

  it('withholds an objecting teacher in finished work, never in live work, and never a student', () => {
    const objecting = new Set(['t-1', 'st-1']);
    expect([...withheldTeachers(project('p-1', 'closed'), objecting, rule(365))]).toEqual(['t-1']);
    expect([...withheldTeachers(project('p-2', 'active'), objecting, rule(365))]).toEqual([]);
    expect([...withheldTeachers(project('p-1', 'closed'), new Set(), rule(365))]).toEqual([]);
    expect([...withheldTeachers(proposal('pr-1', '2026-12-01T10:00:00.000Z'), objecting, rule(365))]).toEqual(['t-1']);
    expect([...withheldTeachers(proposal('pr-2', null), objecting, rule(365))]).toEqual([]);
  });

  it('withholds every teacher (not a student) of work finished more than viewDays days ago, objection or not; the boundary day is still whole', () => {
    // Finished on 2026-12-01: on 12-06 that is 5 days.
    expect([...withheldTeachers(project('p-1', 'closed', '2026-12-01T23:59:00.000Z'), new Set(), rule(5))]).toEqual([]);
    expect([...withheldTeachers(project('p-1', 'closed', '2026-12-01T00:00:00.000Z'), new Set(), rule(4))]).toEqual(['t-1', 't-2']);
    expect([...withheldTeachers(proposal('pr-1', '2026-12-01T10:00:00.000Z'), new Set(), rule(4))]).toEqual(['t-1']);
    expect([...withheldTeachers(proposal('pr-1', '2026-12-01T10:00:00.000Z'), new Set(), rule(5))]).toEqual([]);
    // Live work is never withheld, however old.
    expect([...withheldTeachers(project('p-2', 'active'), new Set(['t-1']), rule(0, '2099-01-01'))]).toEqual([]);
    expect(teacherWithheld({ finished: false }, true, rule(0))).toBe(false);
    // A finished work without a date is withheld only on an objection.
    expect(teacherWithheld({ finished: true }, false, rule(0, '2099-01-01'))).toBe(false);
    expect(teacherWithheld({ finished: true }, true, rule(365))).toBe(true);
  });
});
