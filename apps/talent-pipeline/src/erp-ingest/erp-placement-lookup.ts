import { HrOpenIdentifier, PLATFORM_STUDENT_SCHEME } from '@app/contracts';
import { PlacementDocument } from '../placements/placement.document';
import { PlacementsService } from '../placements/placements.service';
import { StudentsService } from '../students/students.service';

/** What an ERP event names: the platform's placement id, or the student by HR Open identifiers. */
export interface ErpPlacementReference {
  placementId?: string;
  person?: { ids: HrOpenIdentifier[] };
}

/** The placements an ERP event names, and which of the students it names are being or were erased. */
export interface NamedPlacements {
  placements: PlacementDocument[];
  /** Students the HR ids name whose erasure has started or is done (found also by the hashes an erased student keeps, ErasedHrIds). */
  erasedStudentIds: string[];
}

/**
 * Whether the event is about a student whose erasure has started, and so is kept without its
 * personal fields, applied or held (ADR 0037): the placement it goes to is pseudonymised or is an
 * erased student's, or, going to none, it names an erased student. A student who took over an
 * erased student's HR ids (a roll number given again) does not make the event about the erased one
 * when it goes to the new student's placement.
 */
export function isAboutErasedStudent(named: NamedPlacements, placement: PlacementDocument | undefined | null): boolean {
  if (!placement) return named.erasedStudentIds.length > 0 || named.placements.some(isPseudonymised);
  return isPseudonymised(placement) || named.erasedStudentIds.includes(placement.studentId);
}

/**
 * The enterprise's placements an ERP event names: the placement by its id (if it is the
 * enterprise's), or every placement at the enterprise of the students its HR ids name (the
 * platform's own student id, or an external id a school recorded, or kept as a hash by an erasure).
 */
export async function placementsNamedBy(
  placements: PlacementsService,
  students: StudentsService,
  enterpriseId: string,
  reference: ErpPlacementReference,
): Promise<NamedPlacements> {
  if (reference.placementId) {
    const placement = await placements.findById(reference.placementId);
    return { placements: placement?.enterpriseId === enterpriseId ? [placement] : [], erasedStudentIds: [] };
  }
  const ids = reference.person?.ids ?? [];
  const studentIds = new Set(ids.filter((id) => id.schemeId === PLATFORM_STUDENT_SCHEME).map((id) => id.value));
  const erasedStudentIds: string[] = [];
  for (const student of await students.findByExternalIds(ids)) {
    studentIds.add(student._id);
    if (student.erasedAt !== undefined || student.erasureStartedAt !== undefined) erasedStudentIds.push(student._id);
  }
  const found: PlacementDocument[] = [];
  for (const studentId of studentIds) found.push(...(await placements.findForStudentAtEnterprise(studentId, enterpriseId)));
  return { placements: found, erasedStudentIds };
}

function isPseudonymised(placement: PlacementDocument): boolean {
  return placement.studentPseudonymisedAt !== undefined;
}
