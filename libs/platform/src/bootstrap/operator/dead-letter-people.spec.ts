import { peopleInDeadLetters } from './dead-letter-people';

describe('peopleInDeadLetters', () => {
  it('names the students and teachers anywhere in the events of a page of dead letters', () => {
    const event = (data: object) => JSON.stringify({ specversion: '1.0', type: 't', data });
    const page = {
      items: [
        { value: event({ studentId: 's-1', placement: { studentId: 's-2' } }) },
        { value: event({ participants: [{ teacherId: 't-1' }, { studentId: 's-3' }] }) },
        { value: 'not json {' },
        { value: null },
        { value: event({ hrId: { value: 'E-7' } }) },
      ],
    };
    expect(peopleInDeadLetters(page)).toEqual({ studentIds: ['s-1', 's-2', 's-3'], teacherIds: ['t-1'] });
  });

  it('names no one for an empty page or an answer without items', () => {
    expect(peopleInDeadLetters({ items: [] })).toEqual({ studentIds: [], teacherIds: [] });
    expect(peopleInDeadLetters(undefined)).toEqual({ studentIds: [], teacherIds: [] });
  });
});
