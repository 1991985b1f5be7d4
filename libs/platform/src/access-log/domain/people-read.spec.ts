import { idsIn, peopleRead } from './people-read';

describe('people in an answer', () => {
  const students = (...args: Parameters<typeof peopleRead>) => peopleRead(...args).studentIds;

  it('prefers the path parameter, then the answer, then its items (students by default)', () => {
    expect(students({ studentId: 's-1' }, { studentId: 's-2' })).toEqual(['s-1']);
    expect(students({ id: 's-3' }, {}, { studentParam: 'id' })).toEqual(['s-3']);
    expect(students({ id: 'p-1' }, { studentId: 's-2' })).toEqual(['s-2']);
    expect(students({}, { items: [{ studentId: 'a' }, { studentId: 'b' }, { studentId: 'a' }, {}] })).toEqual(['a', 'b']);
    expect(students({}, 'csv text')).toEqual([]);
    expect(peopleRead({ studentId: 's-1' }, {})).toEqual({ studentIds: ['s-1'], teacherIds: [] });
  });

  it('takes a teacher from the named path parameter, or the people a route finds in its answer', () => {
    expect(peopleRead({ id: 't-1' }, { studentId: 's-9' }, { teacherParam: 'id' })).toEqual({ studentIds: [], teacherIds: ['t-1'] });
    const peopleIn = (answer: unknown) => ({ teacherIds: idsIn(answer, 'teacherId') });
    expect(peopleRead({}, { items: [{ teacherId: 't-1' }, { teacherId: 't-2' }] }, { peopleIn })).toEqual({
      studentIds: [],
      teacherIds: ['t-1', 't-2'],
    });
  });

  it('adds the people a handler noted (answers that are not JSON), once each', () => {
    expect(peopleRead({}, 'a,csv', {}, { teacherIds: ['t-1', 't-1'], studentIds: ['s-1'] })).toEqual({
      studentIds: ['s-1'],
      teacherIds: ['t-1'],
    });
    expect(peopleRead({ studentId: 's-1' }, {}, {}, { studentIds: ['s-1'] })).toEqual({ studentIds: ['s-1'], teacherIds: [] });
  });
});
