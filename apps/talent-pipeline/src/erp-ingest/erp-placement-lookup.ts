import { HrOpenIdentifier, PLATFORM_STUDENT_SCHEME } from '@app/contracts';
import { PlacementDocument } from '../placements/placement.document';
import { PlacementsService } from '../placements/placements.service';
import { isErasingOrErased } from '../students/student.document';
import { StudentsService } from '../students/students.service';

/** What an ERP event names: the platform's placement id, or the student by HR Open identifiers. */
export interface ErpPlacementReference {
  placementId?: string;
  person?: { ids: HrOpenIdentifier[] };
}

/** The placements an ERP event names, and the students it names. */
export interface NamedPlacements {
  placements: PlacementDocument[];
  /** The students its HR ids name (none when it names its placement by id). */
  studentIds: string[];
  /** Those of them whose erasure has started or is done (found by `_id` or by the hashes an erased student keeps, ErasedHrIds). */
  erasingOrErasedStudentIds: string[];
}

/**
 * Whether the event is about a student whose erasure has started, and so is kept without its
 * personal fields, applied or held (ADR 0037): the placement it goes to is pseudonymised or is an
 * erasing or erased student's; going to none, every student it names is. A student given an erased
 * student's roll number again keeps the ids of its own events.
 */
export function isAboutErasedStudent(named: NamedPlacements, placement: PlacementDocument | undefined | null): boolean {
  if (placement) return placement.studentPseudonymisedAt !== undefined || named.erasingOrErasedStudentIds.includes(placement.studentId);
  return named.studentIds.length > 0 && named.studentIds.every((id) => named.erasingOrErasedStudentIds.includes(id));
}

/** The students an event going to `placement` (or to none) is about: whose erasure a hold checks for again after its write. */
export function studentsAbout(named: NamedPlacements, placement: PlacementDocument | undefined | null): string[] {
  return placement ? [placement.studentId] : named.studentIds;
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
    return { placements: placement?.enterpriseId === enterpriseId ? [placement] : [], studentIds: [], erasingOrErasedStudentIds: [] };
  }
  const ids = reference.person?.ids ?? [];
  const studentIds = new Set(ids.filter((id) => id.schemeId === PLATFORM_STUDENT_SCHEME).map((id) => id.value));
  const erasingOrErasedStudentIds: string[] = [];
  for (const student of await students.findByExternalIds(ids)) {
    studentIds.add(student._id);
    if (isErasingOrErased(student)) erasingOrErasedStudentIds.push(student._id);
  }
  const found: PlacementDocument[] = [];
  for (const studentId of studentIds) found.push(...(await placements.findForStudentAtEnterprise(studentId, enterpriseId)));
  return { placements: found, studentIds: [...studentIds], erasingOrErasedStudentIds };
}
