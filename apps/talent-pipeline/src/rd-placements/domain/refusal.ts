import { RdPlacementRefusalReason } from '@app/contracts';
import { PlaceabilityProblem } from '../../placements/domain/placeability';

/** The part of a refused placement request the reason is read from (a ProblemException's fields). */
export interface RefusedRequest {
  title: string;
  detail?: string;
  errors?: { field: string; message: string }[];
}

export interface Refusal {
  reason: RdPlacementRefusalReason;
  detail: string;
}

/**
 * Why PlacementsService.create refused an R&D internship, as the reason the R&D project is
 * told. The checks it runs are the same as for a placement proposed over the HTTP API, so the
 * reason is read from the problem it answers with: unknown references name the field, the
 * cooperation rules have their own titles (PlaceabilityProblem); anything else is a proposal the
 * project must change.
 */
export function refusalOf(problem: RefusedRequest): Refusal {
  const fields = new Set((problem.errors ?? []).map((e) => e.field));
  if (fields.has('studentId')) return { reason: 'unknown-student', detail: 'the talent pipeline has no such student' };
  if (fields.has('enterpriseId')) return { reason: 'unknown-enterprise', detail: 'the talent pipeline has no such enterprise' };
  if (problem.title === PlaceabilityProblem.noAgreement) return { reason: 'no-agreement', detail: problem.detail ?? problem.title };
  if (problem.title === PlaceabilityProblem.consentMissing) return { reason: 'consent-missing', detail: problem.detail ?? problem.title };
  const said = [problem.title, problem.detail, ...(problem.errors ?? []).map((e) => `${e.field}: ${e.message}`)].filter(Boolean);
  return { reason: 'invalid-proposal', detail: said.join('; ').slice(0, 1000) };
}
