import { peopleInViews, personOfLedger, studentsInClosureReport } from './operator-reads';

describe('people in R&D answers (operator access log)', () => {
  const project = {
    id: 'p-1',
    participants: [
      { kind: 'teacher', personId: 't-1', name: 'Zhang Min' },
      { kind: 'student', personId: 's-1', name: 'Li Wei' },
    ],
    placementLinks: [{ placementId: 'pl-1', studentId: 's-2' }],
  };

  it('reads a view, a list of views and a reviewer’s assignments', () => {
    expect(peopleInViews(project)).toEqual({ studentIds: ['s-1', 's-2'], teacherIds: ['t-1'] });
    expect(
      peopleInViews({
        items: [
          project,
          {
            team: [
              { kind: 'student', personId: 's-1' },
              { kind: 'student', personId: 's-3' },
            ],
          },
        ],
      }),
    ).toEqual({
      studentIds: ['s-1', 's-2', 's-3'],
      teacherIds: ['t-1'],
    });
    expect(peopleInViews({ items: [{ proposal: { team: [{ kind: 'teacher', personId: 't-9' }] } }] })).toEqual({
      studentIds: [],
      teacherIds: ['t-9'],
    });
    expect(peopleInViews({ items: [] })).toEqual({ studentIds: [], teacherIds: [] });
  });

  it('reads the students of a closure report and the person of a ledger by the kind its entries name', () => {
    expect(studentsInClosureReport({ people: { students: 2 }, placements: [{ studentId: 's-2' }] })).toEqual({
      studentIds: ['s-2'],
      teacherIds: [],
    });
    expect(personOfLedger({ personId: 't-1', items: [{ personKind: 'teacher' }, { personKind: 'teacher' }] })).toEqual({
      studentIds: [],
      teacherIds: ['t-1'],
    });
    expect(personOfLedger({ personId: 's-1', items: [] })).toEqual({ studentIds: [], teacherIds: [] });
  });
});
