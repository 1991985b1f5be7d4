import { HrOpenIdentifier, PLATFORM_STUDENT_SCHEME } from '@app/contracts';
import { PlacementDocument } from '../placements/placement.document';
import { PlacementsService } from '../placements/placements.service';
import { StudentsService } from '../students/students.service';

/** What an ERP event names: the platform's placement id, or the student by HR Open identifiers. */
export interface ErpPlacementReference {
  placementId?: string;
  person?: { ids: HrOpenIdentifier[] };
}

/**
 * The enterprise's placements an ERP event names: the placement by its id (if it is the
 * enterprise's), or every placement at the enterprise of the students its HR ids name (the
 * platform's own student id, or an external id a school recorded).
 */
export async function placementsNamedBy(
  placements: PlacementsService,
  students: StudentsService,
  enterpriseId: string,
  reference: ErpPlacementReference,
): Promise<PlacementDocument[]> {
  if (reference.placementId) {
    const placement = await placements.findById(reference.placementId);
    return placement?.enterpriseId === enterpriseId ? [placement] : [];
  }
  const ids = reference.person?.ids ?? [];
  const studentIds = new Set(ids.filter((id) => id.schemeId === PLATFORM_STUDENT_SCHEME).map((id) => id.value));
  for (const student of await students.findByExternalIds(ids)) studentIds.add(student._id);
  const found: PlacementDocument[] = [];
  for (const studentId of studentIds) found.push(...(await placements.findForStudentAtEnterprise(studentId, enterpriseId)));
  return found;
}
