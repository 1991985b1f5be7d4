import { PlacementDocument } from '../placements/placement.document';
import { isAboutErasedStudent, NamedPlacements, studentsAbout } from './erp-placement-lookup';

const placement = (studentId: string, pseudonymised = false) =>
  ({ _id: `p-${studentId}`, studentId, ...(pseudonymised ? { studentPseudonymisedAt: new Date() } : {}) }) as PlacementDocument;

describe('isAboutErasedStudent', () => {
  it('follows the placement the event goes to: pseudonymised, or of a student named as erasing or erased', () => {
    const erased = placement('erased');
    const live = placement('live');
    const named: NamedPlacements = { placements: [erased, live], studentIds: ['erased', 'live'], erasingOrErasedStudentIds: ['erased'] };
    expect(isAboutErasedStudent(named, erased)).toBe(true);
    expect(isAboutErasedStudent(named, placement('erased-meanwhile', true))).toBe(true);
    // A student given an erased student's roll number again: the event about the new student keeps its ids.
    expect(isAboutErasedStudent(named, live)).toBe(false);
    expect(studentsAbout(named, live)).toEqual(['live']);
  });

  it('going to no placement, is about an erased student only when every student it names is one', () => {
    expect(isAboutErasedStudent({ placements: [], studentIds: ['erased'], erasingOrErasedStudentIds: ['erased'] }, undefined)).toBe(true);
    expect(isAboutErasedStudent({ placements: [], studentIds: ['erased', 'live'], erasingOrErasedStudentIds: ['erased'] }, null)).toBe(
      false,
    );
    expect(isAboutErasedStudent({ placements: [], studentIds: [], erasingOrErasedStudentIds: [] }, null)).toBe(false);
    expect(studentsAbout({ placements: [], studentIds: ['a', 'b'], erasingOrErasedStudentIds: [] }, null)).toEqual(['a', 'b']);
  });
});
