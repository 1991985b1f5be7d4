import { HrOpenIdentifier, PLATFORM_STUDENT_SCHEME } from '@app/contracts';
import { PlacementDocument } from '../placements/placement.document';
import { PlacementsService } from '../placements/placements.service';
import { StudentsService } from '../students/students.service';

/** What an ERP event names: the platform's placement id, or the student by HR Open identifiers. */
export interface ErpPlacementReference {
  placementId?: string;
  person?: { ids: HrOpenIdentifier[] };
}

/** The placements an ERP event names, and whether it is about a student whose erasure has started. */
export interface NamedPlacements {
  placements: PlacementDocument[];
  /**
   * A named placement is pseudonymised, or a student the HR ids name is being or was erased
   * (found by the hashes it keeps of its ids, ErasedHrIds): the event is then kept without its
   * personal fields, applied or held (ADR 0037).
   */
  aboutErasedStudent: boolean;
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
    const found = placement?.enterpriseId === enterpriseId ? [placement] : [];
    return { placements: found, aboutErasedStudent: found.some(isPseudonymised) };
  }
  const ids = reference.person?.ids ?? [];
  const studentIds = new Set(ids.filter((id) => id.schemeId === PLATFORM_STUDENT_SCHEME).map((id) => id.value));
  let aboutErasedStudent = false;
  for (const student of await students.findByExternalIds(ids)) {
    studentIds.add(student._id);
    aboutErasedStudent ||= student.erasedAt !== undefined || student.erasureStartedAt !== undefined;
  }
  const found: PlacementDocument[] = [];
  for (const studentId of studentIds) found.push(...(await placements.findForStudentAtEnterprise(studentId, enterpriseId)));
  return { placements: found, aboutErasedStudent: aboutErasedStudent || found.some(isPseudonymised) };
}

function isPseudonymised(placement: PlacementDocument): boolean {
  return placement.studentPseudonymisedAt !== undefined;
}
