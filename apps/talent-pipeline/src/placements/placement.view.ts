import { missingParties, requiredParties } from './domain/agreement-sign-off';
import { PlacementDocument } from './placement.document';

/** The public shape of a placement (no outbox or dedupe bookkeeping). */
export function placementView(p: PlacementDocument) {
  return {
    id: p._id,
    studentId: p.studentId,
    schoolId: p.schoolId,
    enterpriseId: p.enterpriseId,
    programme: p.programme,
    cohort: p.cohort,
    requisitionId: p.requisitionId,
    kind: p.kind,
    role: p.role,
    startDate: p.startDate,
    endDate: p.endDate,
    status: p.status,
    hire: p.hire,
    agreement: {
      requiredParties: requiredParties(p.guardianRequired ?? false),
      signatures: p.agreement?.signatures ?? [],
      missingParties: missingParties(p.guardianRequired ?? false, p.agreement?.signatures ?? []),
    },
    evaluations: p.evaluations ?? [],
    endOfPlacement: p.endOfPlacement,
    history: p.history,
    version: p.version,
  };
}

/** A page of placements as the list endpoints answer it. */
export function placementPageView(page: { items: PlacementDocument[]; nextCursor?: string }) {
  return { items: page.items.map(placementView), nextCursor: page.nextCursor };
}
