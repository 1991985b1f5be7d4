import { PlacementDocument } from '../placements/placement.document';
import { isAboutErasedStudent, NamedPlacements } from './erp-placement-lookup';

const placement = (studentId: string, pseudonymised = false) =>
  ({ _id: `p-${studentId}`, studentId, ...(pseudonymised ? { studentPseudonymisedAt: new Date() } : {}) }) as PlacementDocument;

describe('isAboutErasedStudent', () => {
  it('follows the placement the event goes to: pseudonymised, or of a student the ids name as erased', () => {
    const erased = placement('erased');
    const live = placement('live');
    const named: NamedPlacements = { placements: [erased, live], erasedStudentIds: ['erased'] };
    expect(isAboutErasedStudent(named, erased)).toBe(true);
    expect(isAboutErasedStudent(named, placement('erased-meanwhile', true))).toBe(true);
    // A student given an erased student's roll number again: the event about the new student keeps its ids.
    expect(isAboutErasedStudent(named, live)).toBe(false);
  });

  it('going to no placement, is about an erased student when it names one', () => {
    expect(isAboutErasedStudent({ placements: [], erasedStudentIds: ['erased'] }, undefined)).toBe(true);
    expect(isAboutErasedStudent({ placements: [], erasedStudentIds: [] }, null)).toBe(false);
  });
});
