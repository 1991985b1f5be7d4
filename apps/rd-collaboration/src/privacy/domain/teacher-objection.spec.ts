import { objectionChangeOrder, teachersOfClosedProjects, withheldByObjection } from './teacher-objection';

const project = (id: string, status: 'active' | 'closed') => ({
  id,
  enterpriseId: 'e-1',
  schoolId: 's-1',
  status,
  participants: [
    { participationId: `${id}-a`, kind: 'teacher' as const, personId: 't-1', name: 'Zhang Min', role: 'PI' },
    { participationId: `${id}-b`, kind: 'teacher' as const, personId: 't-2', name: 'Zhou Min', role: 'Tooling' },
    { participationId: `${id}-c`, kind: 'student' as const, personId: 'st-1', name: 'Li Wei', role: 'Integration' },
  ],
});

describe("teachers' host objections in R&D views", () => {
  it('orders changes by instant, whatever the precision of the timestamps', () => {
    expect(objectionChangeOrder('2026-12-06T09:00:00Z')).toBe(objectionChangeOrder('2026-12-06T09:00:00.000Z'));
    expect(objectionChangeOrder('2026-12-06T09:00:00.001Z')).toBeGreaterThan(objectionChangeOrder('2026-12-06T09:00:00Z'));
    // Compared as strings, '…00Z' would sort after '…00.5Z'; as instants it is earlier.
    expect(objectionChangeOrder('2026-12-06T09:00:00Z')).toBeLessThan(objectionChangeOrder('2026-12-06T09:00:00.5Z'));
  });

  it('looks up the teachers of closed projects only, each once', () => {
    const proposal = {
      id: 'pr-1',
      enterpriseId: 'e-1',
      schoolId: 's-1',
      status: 'closed',
      team: [{ kind: 'teacher' as const, personId: 't-9' }],
    };
    expect(teachersOfClosedProjects([project('p-1', 'closed'), project('p-2', 'closed'), project('p-3', 'active'), proposal])).toEqual([
      't-1',
      't-2',
    ]);
    expect(teachersOfClosedProjects([project('p-3', 'active')])).toEqual([]);
  });

  it('withholds an objecting teacher in a closed project, never in an active one, and never a student or a proposal member', () => {
    const objecting = new Set(['t-1', 'st-1']);
    expect([...withheldByObjection(project('p-1', 'closed'), objecting)]).toEqual(['t-1']);
    expect([...withheldByObjection(project('p-2', 'active'), objecting)]).toEqual([]);
    expect([...withheldByObjection(project('p-1', 'closed'), new Set())]).toEqual([]);
    const proposal = {
      id: 'pr-1',
      enterpriseId: 'e-1',
      schoolId: 's-1',
      status: 'closed',
      team: [{ kind: 'teacher' as const, personId: 't-1' }],
    };
    expect([...withheldByObjection(proposal, objecting)]).toEqual([]);
  });
});
