import { fieldsShown, peopleViewsIn, redactView } from './person-rows';

const project = {
  id: 'p-1',
  enterpriseId: 'e-1',
  schoolId: 's-1',
  participants: [
    { participationId: 'a', kind: 'teacher' as const, personId: 't-1', name: 'Zhang Min', role: 'PI' },
    { participationId: 'b', kind: 'student' as const, personId: 'st-1', name: 'Li Wei', role: 'Integration' },
  ],
  hours: [{ entryId: 'h', personId: 'st-1', hours: 3, activity: 'Li Wei labelled parts' }],
};

describe('person rows in views', () => {
  it('finds views in a single body, a list and a reviewer’s assignments', () => {
    expect(peopleViewsIn(project)).toHaveLength(1);
    expect(peopleViewsIn({ items: [project, { proposal: { ...project, participants: undefined, team: [] } }] })).toHaveLength(2);
    expect(peopleViewsIn({ projectId: 'p-1', people: { students: 1 } })).toEqual([]);
  });

  it('redacts the rows of people not shown, keeping the row and its ids', () => {
    const redacted = structuredClone(project);
    redactView(redacted, (id) => id === 't-1');
    expect(redacted.participants).toEqual([
      project.participants[0],
      { participationId: 'b', kind: 'student', personId: 'st-1', redacted: true },
    ]);
    expect(redacted.hours).toEqual([{ entryId: 'h', personId: 'st-1', hours: 3, redacted: true }]);
    expect(JSON.stringify(redacted)).not.toContain('Li Wei');
  });

  it('names the fields shown of a person', () => {
    expect(fieldsShown(project, 'st-1')).toEqual(['name', 'role', 'hours.activity']);
    expect(fieldsShown(project, 't-1')).toEqual(['name', 'role']);
  });
});
